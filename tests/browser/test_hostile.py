"""Stories from strangers are published inert: no script runs, no request leaves, text stays text."""

from __future__ import annotations

import shutil

import pytest

from generator.cli import main
from tests import hostile
from tests.browser.conftest import RESULTS_SHOWN
from tests.conftest import copy_project
from tests.helpers import make_content


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    project = copy_project(root)
    shutil.rmtree(project / "content")
    make_content(project, hostile.STORIES, people=hostile.PEOPLE, tags=hostile.TAGS)
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml")]) == 0
    return project / "site"


PAGES = ["stories/2023/hostile-title.html", "people/evil-person.html", "people/index.html",
         "tags/evil-tag.html", "tags/index.html", "index.html", "archive/2023/05.html"]


@pytest.mark.parametrize("page", PAGES)
def test_hostile_page_is_inert(offline, hostile_site, page):
    offline.page.goto((hostile_site / page).as_uri())
    offline.page.wait_for_load_state("load")
    offline.page.mouse.move(200, 300)
    offline.page.wait_for_timeout(200)
    assert offline.dialogs == []
    assert offline.blocked == []
    scripts = offline.page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    assert all("assets/" in src for src in scripts), scripts
    inline = offline.page.eval_on_selector_all("script:not([src])", "els => els.map(e => e.textContent)")
    assert not [text for text in inline if "alert" in text]
    assert offline.page.locator("article script, article iframe, article object, article form, article svg script").count() == 0
    handlers = offline.page.evaluate("""() => Array.from(document.querySelectorAll('*')).flatMap(
        el => Array.from(el.attributes).filter(a => a.name.startsWith('on')).map(a => a.name))""")
    assert handlers == []
    hrefs = offline.page.eval_on_selector_all("[href],[src]", "els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))")
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]


def test_hostile_text_shows_as_text(offline, hostile_site):
    page = offline.page
    page.goto((hostile_site / "stories/2023/hostile-title.html").as_uri())
    assert page.title() == "</title><script>alert('title')</script> - Story Archive"
    heading = page.locator("article h1").first.evaluate("el => el.firstChild.textContent")
    assert heading == "</title><script>alert('title')</script>"
    assert "<img src=x onerror=alert('author')>" in page.locator(".story-byline").inner_text()
    description = page.eval_on_selector("meta[name=description]", "el => el.content")
    assert description == "\"><script>alert('summary')</script>"


def test_hostile_story_in_search_results_is_text(offline, hostile_site):
    page = offline.page
    page.goto((hostile_site / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type("alert title")
    page.wait_for_selector(RESULTS_SHOWN)
    assert page.locator(".md-search-result__item h1").first.inner_text() == "</title><script>alert('title')</script>"
    assert offline.dialogs == []
    assert offline.blocked == []
