"""What search engines and link previews read: JSON-LD and Open Graph in the built pages,
canonical links, the sitemap and robots.txt."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser

import pytest

from generator.cli import main
from tests.helpers import copy_project

pytestmark = pytest.mark.e2e


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.jsonld: list[str] = []
        self.meta: list[tuple[str, str]] = []
        self.canonical = ""
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")
        elif tag == "meta" and (attributes.get("property") or attributes.get("name", "")).startswith(
            ("og:", "article:", "twitter:")
        ):
            self.meta.append((attributes.get("property") or attributes["name"], attributes["content"]))
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes["href"]

    def handle_endtag(self, tag):
        self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data


def _head(path) -> _Head:
    head = _Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def _graph(path) -> dict[str, dict]:
    [text] = _head(path).jsonld
    node = json.loads(text)
    assert node["@context"] == "https://schema.org" and "@graph" not in node  # the page's one thing
    return {node["@type"]: node}


def test_a_story_is_a_news_article_with_every_byline_person_and_correction(built_site):
    graph = _graph(built_site / "stories" / "2023" / "putin-kim-summit-vostochny.html")
    article = graph["NewsArticle"]
    assert article["headline"] == "Putin and Kim meet at the Vostochny Cosmodrome"
    assert (article["datePublished"], article["dateModified"]) == (
        "2023-09-13T00:00:00Z",
        "2023-09-15T00:00:00Z",
    )
    assert article["publisher"] == {"@type": "Organization", "name": "Story Archive"}
    assert article["isBasedOn"] == "http://en.kremlin.ru/events/president/news/72259"
    assert article["keywords"][:2] == ["North Korea", "Russia"]
    putin = article["about"][0]
    assert putin["name"] == "Vladimir Putin" and putin["sameAs"] == ["https://www.wikidata.org/wiki/Q7747"]
    assert putin["url"] == "../../people/vladimir-putin.html" and "description" not in putin  # on his page
    assert [c["datePublished"] for c in article["correction"]] == ["2023-09-15T00:00:00Z"]
    assert article["url"] == "putin-kim-summit-vostochny.html"  # relative to the page: its own file
    seed = _graph(built_site / "stories" / "2023" / "kim-jong-un-train-enters-russia.html")["NewsArticle"]
    assert seed["author"] == [
        {"@type": "Person", "name": "Elizabeth Smith", "url": "../../authors/elizabeth-smith.html"}
    ]
    meta = dict(_head(built_site / "stories" / "2023" / "putin-kim-summit-vostochny.html").meta)
    assert meta["og:type"] == "article" and meta["article:modified_time"] == "2023-09-15T00:00:00Z"
    assert (
        meta["og:title"] == "Putin and Kim meet at the Vostochny Cosmodrome"
        and meta["twitter:card"] == "summary_large_image"
    )
    # The lead image, as link previews show it: the largest JPEG, with its size and alt text.
    assert meta["og:image"] == "../../media/cosmodrome.a417f677ea.1200.jpg"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "800")
    assert meta["og:image:alt"] == "A drawing of a white rocket on its launch pad under a pale sky"
    assert article["image"]["creditText"] == "Drawing: fixture & test suite"
    assert (
        dict(_head(built_site / "stories" / "2023" / "lavrov-visits-pyongyang.html").meta)["twitter:card"]
        == "summary"
    )  # a picture in the body is not the story's lead


def test_people_tags_and_months_have_their_own_types(built_site):
    profile = _graph(built_site / "people" / "kim-jong-un.html")
    assert profile["ProfilePage"]["mainEntity"]["name"] == "Kim Jong-un"
    assert profile["ProfilePage"]["mainEntity"]["sameAs"] == ["https://www.wikidata.org/wiki/Q56226"]
    assert dict(_head(built_site / "people" / "kim-jong-un.html").meta)["og:type"] == "profile"
    assert _graph(built_site / "tags" / "russia.html")["CollectionPage"]["name"] == "Russia"
    month = _graph(built_site / "archive" / "2023" / "09.html")
    assert month["CollectionPage"]["name"] == "September 2023"
    for page in built_site.rglob("*.html"):  # every page describes itself, and no trail it does not show
        if page.name != "404.html":
            assert len(_graph(page)) == 1 and "BreadcrumbList" not in _head(page).jsonld[0], page


def test_without_site_url_links_stay_relative_and_there_is_no_sitemap_to_rewrite(built_site):
    assert _head(built_site / "index.html").canonical == ""
    assert (built_site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"


def test_with_site_url_pages_are_canonical_and_the_sitemap_dates_each_page(tmp_path, monkeypatch):
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    monkeypatch.setenv("SITE_URL", "https://archive.example.org/")  # as the publishing workflow sets it
    assert main(["build", "-q", "--strict", "-f", str(config)]) == 0
    site = project / "site"
    story = site / "stories" / "2023" / "putin-kim-summit-vostochny.html"
    assert (
        _head(story).canonical == "https://archive.example.org/stories/2023/putin-kim-summit-vostochny.html"
    )
    assert dict(_head(story).meta)["og:url"] == _head(story).canonical
    assert _graph(story)["NewsArticle"]["url"] == _head(story).canonical
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        "<url><loc>https://archive.example.org/stories/2023/putin-kim-summit-vostochny.html</loc>"
        "<lastmod>2023-09-15</lastmod></url>"
    ) in sitemap
    assert "<loc>https://archive.example.org/tags/space.html</loc><lastmod>2023-09-15</lastmod>" in sitemap
    assert len(re.findall("<url>", sitemap)) == len(list(site.rglob("*.html"))) - 1  # all but 404.html
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
    assert (
        (site / "robots.txt")
        .read_text(encoding="utf-8")
        .endswith("Sitemap: https://archive.example.org/sitemap.xml\n")
    )
