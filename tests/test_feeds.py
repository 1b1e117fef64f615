"""Feeds: every one parses with a real feed reader, ids stay put, and story text stays inert."""

from __future__ import annotations

import dataclasses
import json

import feedparser
import pytest

from generator.pages.feeds import feed_files
from generator.pages.index import build_indexes
from generator.settings import Settings
from tests import hostile
from tests.helpers import FIXTURE_CONTENT, check_content, make_content, story, unsafe_markup

JSON_FEED_REQUIRED = ("version", "title", "items")


@pytest.fixture(scope="module")
def fixture_feeds() -> dict[str, bytes]:
    return feed_files(build_indexes(check_content(FIXTURE_CONTENT).archive), Settings())


def test_every_feed_parses_clean_in_both_formats(fixture_feeds):
    archive = check_content(FIXTURE_CONTENT).archive
    expected = {
        "feeds/index",
        *(f"feeds/tags/{t}" for t in archive.tags),
        *(f"feeds/people/{p}" for p in archive.people),
        *(f"feeds/authors/{a}" for a in archive.authors),
    }
    assert archive.authors
    assert {path.rsplit(".", 1)[0] for path in fixture_feeds} == expected
    for path, data in fixture_feeds.items():
        if path.endswith(".xml"):
            parsed = feedparser.parse(data)
            assert not parsed.bozo, (path, parsed.get("bozo_exception"))
            assert parsed.version == "atom10"
            assert all(entry.id.startswith("tag:story-archive,") for entry in parsed.entries)
        else:
            feed = json.loads(data)
            assert all(key in feed for key in JSON_FEED_REQUIRED), path
            assert feed["version"] == "https://jsonfeed.org/version/1.1"
            for item in feed["items"]:
                assert item["id"] and ("content_html" in item or "content_text" in item), path


def test_the_archive_feed_carries_full_text_newest_first(fixture_feeds):
    parsed = feedparser.parse(fixture_feeds["feeds/index.xml"])
    # `published` only where a story was updated since: `updated` alone dates the others
    published = [entry.get("published", entry.updated) for entry in parsed.entries]
    assert published == sorted(published, reverse=True) and len(published) == 6
    summit = next(e for e in parsed.entries if "Vostochny" in e.title)
    assert summit.updated == "2023-09-15T00:00:00Z" and summit.published == "2023-09-13T00:00:00Z"
    assert [e.updated for e in parsed.entries if "published" not in e] == [
        "2024-12-04T00:00:00Z",
        "2024-06-19T14:00:00+09:00",
        "2023-10-19T00:00:00Z",
        "2023-09-12T00:00:00Z",
        "2023-07-27T00:00:00Z",
    ]
    assert "<p>Vladimir Putin welcomed Kim Jong-un" in summit.content[0].value
    assert (
        "Correction, 15 September 2023:</strong> An earlier version placed the cosmodrome in the "
        "<em>Primorsky</em>" in (summit.content[0].value)
    )
    assert [tag.term for tag in summit.tags][:2] == ["North Korea", "Russia"]
    assert summit.link == "../stories/2023/putin-kim-summit-vostochny.html"
    person = feedparser.parse(fixture_feeds["feeds/people/sergei-shoigu.xml"])
    assert [entry.title for entry in person.entries] == [
        "Putin and Kim meet at the Vostochny Cosmodrome",
        "Shoigu in Pyongyang for the armistice anniversary parade",
    ]
    assert "content" not in person.entries[0] and person.entries[0].summary
    # a person's, tag's or author's feed is Atom alone; the archive's is JSON Feed too
    assert sorted(path for path in fixture_feeds if path.endswith(".json")) == ["feeds/index.json"]


def test_ids_come_from_the_path_not_the_title():
    archive = check_content(FIXTURE_CONTENT).archive
    before = feedparser.parse(feed_files(build_indexes(archive), Settings())["feeds/index.xml"])
    retitled = dataclasses.replace(archive.stories[0], title="A new title")
    archive = dataclasses.replace(archive, stories=(retitled, *archive.stories[1:]))
    after = feedparser.parse(feed_files(build_indexes(archive), Settings())["feeds/index.xml"])
    assert [e.id for e in after.entries] == [e.id for e in before.entries]
    assert after.entries[0].title == "A new title"


def test_with_a_site_url_links_are_absolute():
    settings = Settings(site_url="https://archive.example.org/news/")
    files = feed_files(build_indexes(check_content(FIXTURE_CONTENT).archive), settings)
    parsed = feedparser.parse(files["feeds/tags/russia.xml"])
    assert parsed.feed.id == "tag:archive.example.org,2000:feeds/tags/russia"
    assert parsed.entries[0].link.startswith("https://archive.example.org/news/stories/")
    assert parsed.feed.links[0].href == "https://archive.example.org/news/feeds/tags/russia.xml"
    feed = json.loads(files["feeds/index.json"])
    assert feed["feed_url"] == "https://archive.example.org/news/feeds/index.json"
    assert feed["home_page_url"] == "https://archive.example.org/news/index.html"


def test_same_input_same_bytes(fixture_feeds):
    again = feed_files(build_indexes(check_content(FIXTURE_CONTENT).archive), Settings())
    assert again == fixture_feeds


def test_hostile_stories_stay_inert_in_every_feed(tmp_path):
    content = make_content(tmp_path, hostile.STORIES, people=hostile.PEOPLE, tags=hostile.TAGS)
    files = feed_files(build_indexes(check_content(content).archive), Settings())
    for path, data in files.items():
        if path.endswith(".xml"):
            parsed = feedparser.parse(data)
            assert not parsed.bozo, path
            for entry in parsed.entries:
                html = entry.content[0].value if "content" in entry else ""
                assert unsafe_markup(html) == [], path
    index = feedparser.parse(files["feeds/index.xml"])
    assert "</title><script>alert('title')</script>" in [entry.title for entry in index.entries]
    feed = json.loads(files["feeds/index.json"])
    assert [unsafe_markup(item["content_html"]) for item in feed["items"]] == [[], []]


def test_pictures_and_links_in_a_body_point_where_they_are_from_a_feed(tmp_path):
    body = "![A map](../../media/map.png)\n\nSee [the other story](../2023/b.md#part) and [a site](https://example.org/)."
    content = make_content(
        tmp_path, {"2023/a.md": story(body=body, date="2023-09-13"), "2023/b.md": story(title="B")}
    )
    (content / "media").mkdir()
    (content / "media" / "map.png").write_bytes(_png())
    indexes = build_indexes(check_content(content).archive)
    for settings, base in (
        (Settings(), "../"),
        (Settings(site_url="https://news.example/"), "https://news.example/"),
    ):
        html = json.loads(feed_files(indexes, settings)["feeds/index.json"])["items"][0]["content_html"]
        assert f'src="{base}media/map.' in html and f' srcset="{base}media/map.' in html
        assert f'href="{base}stories/2023/b.html#part"' in html
        assert 'href="https://example.org/"' in html


def test_a_character_xml_forbids_never_reaches_a_feed(tmp_path):
    """check refuses them in a body; a field the check lets through is cleaned on the way too."""
    content = make_content(tmp_path, {"2023/a.md": story(body="Fine.")})
    archive = check_content(content).archive
    odd = dataclasses.replace(archive.stories[0], body="A \x0b and &#1; in the body.")
    files = feed_files(build_indexes(dataclasses.replace(archive, stories=(odd,))), Settings())
    parsed = feedparser.parse(files["feeds/index.xml"])
    assert not parsed.bozo, parsed.get("bozo_exception")


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 32), "green").save(out, "PNG")
    return out.getvalue()
