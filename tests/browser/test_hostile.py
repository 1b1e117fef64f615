"""Stories from strangers are published inert: no script runs, no request leaves, text stays text."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from generator.cli import main
from tests import hostile
from tests.browser.conftest import RESULTS_SHOWN, served
from tests.helpers import copy_project, make_content


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    project = copy_project(root)
    shutil.rmtree(project / "content")
    make_content(project, hostile.STORIES, people=hostile.PEOPLE, tags=hostile.TAGS)
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml")]) == 0
    return project / "site"


PAGES = [
    "stories/2023/hostile-title.html",
    "stories/2023/hostile-theme.html",
    "people/evil-person.html",
    "people/index.html",
    "tags/evil-tag.html",
    "tags/index.html",
    "index.html",
    "archive/2023/05.html",
]

ON_THIS_DAY_DATA = re.compile(r"^(\./|(\.\./)+)archive/on-this-day/(days|month-\d\d)\.js$")


@pytest.mark.parametrize("page", PAGES)
def test_hostile_page_is_inert(offline, hostile_site, page):
    offline.page.goto((hostile_site / page).as_uri())
    offline.page.wait_for_load_state("load")
    offline.page.mouse.move(200, 300)
    offline.page.wait_for_timeout(200)
    assert offline.dialogs == []
    assert offline.blocked == []
    scripts = offline.page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    # The theme's scripts, and the data "On this day" reads: a call with JSON (checked below).
    assert all("assets/" in src or ON_THIS_DAY_DATA.search(src) for src in scripts), scripts
    # Scripts that run: none may carry story text. Data blocks (the theme's config, JSON-LD) do, as data.
    running = "script:not([src]):not([type='application/json']):not([type='application/ld+json'])"
    inline = offline.page.eval_on_selector_all(running, "els => els.map(e => e.textContent)")
    assert not [text for text in inline if "alert" in text]
    data = offline.page.eval_on_selector_all(
        "script[type='application/ld+json']", "els => els.map(e => e.textContent)"
    )
    assert len(data) <= 1 and all(
        offline.page.evaluate("t => typeof JSON.parse(t)", text) == "object" for text in data
    )
    assert (
        offline.page.locator(
            "article script, article iframe, article object, article form, article svg script"
        ).count()
        == 0
    )
    handlers = offline.page.evaluate("""() => Array.from(document.querySelectorAll('*')).flatMap(
        el => Array.from(el.attributes).filter(a => a.name.startsWith('on')).map(a => a.name))""")
    assert handlers == []
    # Every address but the citation downloads (saved as files, of three text types, never shown).
    hrefs = offline.page.eval_on_selector_all(
        "[href]:not(.story-cite__files a[download]),[src]",
        "els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))",
    )
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]
    downloads = offline.page.eval_on_selector_all(".story-cite__files a", "els => els.map(e => e.href)")
    assert len(downloads) == (3 if page.startswith("stories/") else 0) and all(
        h.startswith(
            (
                "data:application/x-bibtex;",
                "data:application/x-research-info-systems;",
                "data:application/vnd.citationstyles.csl+json;",
            )
        )
        for h in downloads
    )


def test_hostile_text_shows_as_text(offline, hostile_site):
    page = offline.page
    page.goto((hostile_site / "stories/2023/hostile-title.html").as_uri())
    graph = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert graph["headline"] == "</title><script>alert('title')</script>"
    csl = page.locator(".story-cite__files a", has_text="CSL-JSON").get_attribute("href")
    cited = page.evaluate("address => fetch(address).then(r => r.json())", csl)
    assert cited[0]["title"] == "</title><script>alert('title')</script>"  # the file holds it as text
    og_title = page.eval_on_selector("meta[property='og:title']", "el => el.content")
    assert og_title == "</title><script>alert('title')</script>"
    assert page.title() == "</title><script>alert('title')</script> - Story Archive"
    heading = page.locator("article h1").first.evaluate("el => el.firstChild.textContent")
    assert heading == "</title><script>alert('title')</script>"
    assert "<img src=x onerror=alert('author')>" in page.locator(".story-head__byline").inner_text()
    description = page.eval_on_selector("meta[name=description]", "el => el.content")
    assert description == "\"><script>alert('summary')</script>"


def test_hostile_story_in_search_results_is_text(offline, hostile_site):
    page = offline.page
    page.goto((hostile_site / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type("alert title")
    page.wait_for_selector(RESULTS_SHOWN)
    assert (
        page.locator(".md-search-result__item h1").first.inner_text()
        == "</title><script>alert('title')</script>"
    )
    assert offline.dialogs == []
    assert offline.blocked == []


THEME_PAGE = "stories/2023/hostile-theme.html"


def test_table_of_contents_links_are_plain_anchors(offline, hostile_site):
    page = offline.page
    page.goto((hostile_site / THEME_PAGE).as_uri())
    hrefs = page.eval_on_selector_all(".md-nav--secondary a", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs[:3] == ["#hi", "#label", "#config"]
    assert all(re.fullmatch(r"#[a-z0-9-]+", href) for href in hrefs), hrefs
    labels = page.eval_on_selector_all(".md-nav--secondary a", "els => els.map(e => e.textContent.trim())")
    assert labels[:3] == ["Hi", "Label", "__config"]
    assert page.locator(".md-nav--secondary img").count() == 0


def test_a_story_cannot_stand_in_for_the_theme_config(offline, hostile_site):
    page = offline.page
    page.goto((hostile_site / THEME_PAGE).as_uri())
    assert page.evaluate("document.querySelector('#__config').tagName") == "SCRIPT"
    assert page.evaluate("document.querySelectorAll('[id^=__config]').length") == 1
    page.hover("text=hover me")
    page.wait_for_timeout(500)
    assert offline.dialogs == []
    assert offline.blocked == []
    assert page.locator("pre.mermaid, .mermaid svg").count() == 0


def test_images_that_would_leave_the_machine_over_http_are_removed(browser, hostile_site):
    """Over http a browser reads `\\host` and `/\\host` as another host: nothing may reach one."""
    with served(hostile_site) as origin:
        context = browser.new_context()
        requested, elsewhere = [], []

        def route(route):
            url = route.request.url
            requested.append(url)
            if url.startswith(origin):
                route.continue_()
            else:
                elsewhere.append(url)
                route.abort()

        try:
            context.route("**/*", route)
            page = context.new_page()
            page.goto(origin + THEME_PAGE)
            page.wait_for_load_state("load")
            srcs = page.eval_on_selector_all("article img", "els => els.map(e => e.getAttribute('src'))")
            assert srcs == []  # each lost its address to the sanitiser, and with it its place on the page
            assert elsewhere == []
            assert len(requested) > 5  # the page, its styles and scripts all came from the local server
        finally:
            context.close()


def test_without_an_author_registry_the_navigation_has_no_authors(offline, hostile_site):
    """This archive registers no bylines: no Authors page, and no link to one, anywhere a reader looks."""
    assert not (hostile_site / "authors").exists()
    page = offline.page
    page.goto((hostile_site / "index.html").as_uri())
    sections = page.locator(".archive-sections a").all_inner_texts()
    assert sections == ["Home", "Archive", "Tags", "People", "Corrections"]
    assert page.locator("a[href*='authors/']").count() == 0


def test_the_data_scripts_are_each_one_call_with_json(hostile_site):
    """Titles from strangers reach the reader's "On this day" inside JSON, never as code."""
    files = sorted((hostile_site / "archive" / "on-this-day").glob("*.js"))
    assert len(files) >= 2
    for file in files:
        text = file.read_text(encoding="utf-8")
        call = re.fullmatch(r"archiveOnThisDay\.(days|month)\((.*)\);\n", text, re.DOTALL)
        assert call, file.name
        json.loads(f"[{call.group(2)}]")  # the arguments, as JSON
