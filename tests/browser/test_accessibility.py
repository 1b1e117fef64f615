"""axe-core on every kind of page, in both palettes: no serious or critical violation. Keyboard-only
use of navigation and search (the screenshots are test_design.py's)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import RESULTS_SHOWN
from tests.helpers import ROOT

AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "index.html",
    "story": "stories/2023/putin-kim-summit-vostochny.html",
    "person": "people/kim-jong-un.html",
    "tag": "tags/russia.html",
    "month": "archive/2023/09.html",
    "archive": "archive/index.html",
    "people index": "people/index.html",
    "author": "authors/elizabeth-smith.html",
    "corrections": "corrections.html",
    "story with a picture in its body": "stories/2023/lavrov-visits-pyongyang.html",
    "on this day": "archive/on-this-day/09-13.html",
    "tags index": "tags/index.html",
    "data": "data.html",
}
SERIOUS = ("serious", "critical")
# WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.2 brings target size), and axe's best practices.
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture
def palette_page(browser, request):
    """A page in the palette the reader's system asks for; the network cut as elsewhere."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=request.param, reduced_motion="reduce"
    )
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort()
    )
    yield context.new_page()
    context.close()


def _violations(page) -> list[tuple[str, str, list[str]]]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make test` installs it into .tools/")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})).violations"
        ".map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))])",
        RULES,
    )
    return [tuple(v) for v in found if v[1] in SERIOUS]


# Every kind of page in the light palette; in the dark one, each layout once (the palette changes
# colours only, and the pages of one layout share every rule that sets them).
LAYOUTS = ["home", "story", "person", "archive", "corrections"]


@pytest.mark.parametrize(
    ("palette_page", "kind"),
    [("light", kind) for kind in sorted(PAGES)] + [("dark", kind) for kind in LAYOUTS],
    indirect=["palette_page"],
)
def test_no_serious_violation_on_any_kind_of_page(palette_page, built_site, kind):
    palette_page.goto((built_site / PAGES[kind]).as_uri())
    assert _violations(palette_page) == []


@pytest.mark.parametrize("palette_page", ["light", "dark"], indirect=True)
def test_no_serious_violation_with_search_results_open(palette_page, built_site):
    palette_page.goto((built_site / "index.html").as_uri())
    palette_page.keyboard.press("/")
    palette_page.keyboard.type("Putin")
    palette_page.wait_for_selector(RESULTS_SHOWN)
    assert palette_page.locator(".archive-search__entity").count() == 1
    assert _violations(palette_page) == []


@pytest.mark.parametrize("palette_page", ["light", "dark"], indirect=True)
def test_no_serious_violation_on_the_search_page_with_filters(palette_page, built_site):
    palette_page.goto((built_site / "search.html").as_uri() + "?q=putin&tag=russia&sort=newest")
    palette_page.wait_for_selector("[data-archive-search-page][data-done]", state="attached")
    assert palette_page.locator("[data-results-list] li").count() == 5
    assert _violations(palette_page) == []


def test_the_palette_toggle_is_remembered_across_pages(offline, built_site):
    page = offline.page
    page.goto((built_site / "index.html").as_uri())
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^=__palette]:visible").click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
    page.goto((built_site / PAGES["person"]).as_uri())
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == after
    # Kept under the site's root, whichever page the shared scope script was loaded from.
    root = built_site.as_uri().removeprefix("file://").rstrip("/") + "/"
    assert (
        page.evaluate("JSON.parse(localStorage.getItem(__md_scope.pathname + '.__palette')).color.scheme")
        == after
    )
    assert page.evaluate("__md_scope.pathname") == root
    # The choice is in place before Material's bundle runs (the header's own script applies it),
    # so a page is never drawn in the other scheme first.
    page.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
    page.goto((built_site / PAGES["story"]).as_uri())
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == after
    assert offline.blocked == []


def test_the_search_box_is_there_with_script_and_absent_without(browser, built_site):
    for script in (True, False):
        context = browser.new_context(java_script_enabled=script)
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page = context.new_page()
        page.goto((built_site / PAGES["story"]).as_uri())
        button = page.locator(".md-header label.md-header__button[for=__search]")
        box = page.locator(".md-header [data-archive-search]")
        if script:  # one of each, the box addressing the site from the story's folder
            assert (button.count(), box.count()) == (1, 1)
            assert box.get_attribute("data-base") == "../../"
            assert box.locator("input").get_attribute("placeholder") == "Search stories, people, tags"
        else:  # no control that could do nothing
            assert (button.count(), box.count()) == (0, 0)
        context.close()


def test_navigation_by_keyboard_alone(offline, built_site):
    page = offline.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto((built_site / "index.html").as_uri())
    for _ in range(40):  # Tab through the page until the navigation's link to People has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "People":
            break
    assert page.evaluate("document.activeElement.tagName") == "A"
    page.keyboard.press("Enter")
    page.wait_for_url("**/people/index.html")
    assert page.title() == "People - Story Archive"


def test_a_story_prints_without_the_site_around_it(offline, built_site):
    page = offline.page
    page.goto((built_site / PAGES["story"]).as_uri())
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "() => ['.md-header', '.md-sidebar', '.md-footer', '.follow, .story-neighbours']"
        ".map(s => [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none'))"
    )
    assert hidden == [True, True, True, True]
    source = page.locator(".story-head__source a[href^='http']").first.element_handle()
    after = page.evaluate("a => getComputedStyle(a, '::after').content", source)
    assert after == '" (http://en.kremlin.ru/events/president/news/72259)"'  # the source's address in full
    assert page.locator("h1").first.is_visible() and page.locator(".admonition").is_visible()
    assert "Updated" in page.locator(".story-head__byline").inner_text()
