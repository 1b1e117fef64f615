"""The site as a reader sees it: listings that line up, charts whose words fit, "On this day" for the
reader's own day, no error in the console or failed request over http, and screenshots of every kind
of page at a desktop's and a phone's width, light and dark, for a person to look at."""

from __future__ import annotations

import datetime
import shutil

import pytest

from generator.cli import main
from generator.pages.charts import Bar, coverage_svg, sparkline_svg
from tests.browser.conftest import RESULTS_SHOWN, served
from tests.helpers import ROOT, copy_project, make_content, story

SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 390}
PAGES = {
    "home": "index.html",
    "story": "stories/2023/putin-kim-summit-vostochny.html",
    "person": "people/kim-jong-un.html",
    "tag": "tags/russia.html",
    "search": "search.html?q=putin&year=2023",
    "on-this-day": "archive/on-this-day/09-13.html",
}
# Every listing of stories on a page, with the pages that show one.
LISTINGS = {
    "index.html": "ol.story-list",
    "people/kim-jong-un.html": "ol.story-list",
    "tags/russia.html": "ol.story-list",
    "authors/elizabeth-smith.html": "ol.story-list",
    "archive/2023/09.html": "ol.story-list",
    "archive/on-this-day/09-13.html": "ol.story-list",
    "stories/2023/lavrov-visits-pyongyang.html": ".story-related ol.story-list",
}

# Measures each card of a list: where its title starts, where its picture starts and how wide it
# is, whether the card is marked as one with a picture, and whether the browser draws a list marker.
CARD_EDGES = """list => [...list.children].map(li => {
    const title = li.querySelector('.md-search-result__link h1, h1, h2, h3');
    const thumb = li.querySelector('.thumb, .archive-result__thumb, img');
    return {
        title: title ? Math.round(title.getBoundingClientRect().left) : null,
        thumb: thumb ? Math.round(thumb.getBoundingClientRect().left) : null,
        thumb_width: thumb ? thumb.getBoundingClientRect().width : null,
        pictured: li.classList.contains('pictured'),
        marker: getComputedStyle(li).listStyleType,
    };
})"""

# Each <text> of each chart against its picture's viewBox, in the picture's own units.
CLIPPED_TEXT = """() => [...document.querySelectorAll('svg')].flatMap(svg => {
    const box = svg.viewBox.baseVal;
    if (!box || !box.width) return [];
    return [...svg.querySelectorAll('text')].flatMap(text => {
        const b = text.getBBox();
        const inside = b.x >= box.x - 0.5 && b.y >= box.y - 0.5 &&
            b.x + b.width <= box.x + box.width + 0.5 && b.y + b.height <= box.y + box.height + 0.5;
        return inside ? [] : [`${svg.getAttribute('class')}: "${text.textContent}" at ` +
            `${b.x.toFixed(1)}..${(b.x + b.width).toFixed(1)} of ${box.width}`];
    });
})"""

SETTLED = "document.getAnimations().every(animation => animation.playState !== 'running')"


def _context(browser, width, scheme="light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort()
    )
    return context


def _open(page, site, address):
    page.goto(
        (site / address.split("?")[0]).as_uri() + ("?" + address.split("?")[1] if "?" in address else "")
    )
    if address.startswith("search.html"):
        page.wait_for_selector("[data-archive-search-page][data-done]", state="attached")


@pytest.mark.parametrize("width", sorted(WIDTHS.values()))
def test_every_listing_lines_up_with_no_markers(browser, built_site, width):
    context = _context(browser, width)
    page = context.new_page()
    pictured = 0
    try:
        for address, selector in LISTINGS.items():
            _open(page, built_site, address)
            # archive.css's picture column: 7.5rem, 5rem on a phone (under 30em of the browser's 16px)
            column = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") * (
                5 if width < 30 * 16 else 7.5
            )
            lists = page.locator(selector)
            assert lists.count() >= 1, address
            for n in range(lists.count()):
                cards = lists.nth(n).evaluate(CARD_EDGES)
                assert len(cards) >= 1, address
                assert {card["marker"] for card in cards} == {"none"}, address
                assert len({card["title"] for card in cards}) == 1, (address, cards)  # one left edge
                thumbs = {card["thumb"] for card in cards if card["thumb"] is not None}
                assert len(thumbs) <= 1, (address, cards)  # pictures in one column
                for card in cards:  # a card with a picture says so, and gets the picture's column
                    assert card["pictured"] == (card["thumb"] is not None), (address, card)
                    if card["pictured"]:
                        assert abs(card["thumb_width"] - column) < 1, (address, card, column)
                        pictured += 1
        assert pictured >= 3  # the fixture's stories with pictures, in more than one listing
        _open(page, built_site, "search.html?q=putin")
        results = page.locator("[data-results-list]").evaluate(CARD_EDGES)
        assert len(results) == 5 and len({r["title"] for r in results}) == 1, results
        assert any(r["pictured"] for r in results), results
        # The same card as every other listing, and the people and tags found above on its edge.
        assert page.locator("ol.story-list[data-results-list] > li > p.dek").count() == 5
        entities = page.locator("[data-results-entities]").evaluate(CARD_EDGES)
        assert {e["title"] for e in entities} == {results[0]["title"]}, (entities, results)
    finally:
        context.close()


def test_listing_with_and_without_pictures_keeps_one_title_edge(browser, built_site):
    """The home page's latest stories mix cards with a picture and cards without: on a phone the
    picture sits beside the headline's column, never pushing the headline to a new edge."""
    context = _context(browser, 390)
    page = context.new_page()
    try:
        _open(page, built_site, "index.html")
        cards = page.locator("ol.story-list").first.evaluate(CARD_EDGES)
        assert any(card["thumb"] is not None for card in cards) and any(c["thumb"] is None for c in cards)
        assert len({card["title"] for card in cards}) == 1
    finally:
        context.close()


def _chart_shapes() -> dict[str, str]:
    """Charts for the data shapes that clipped before: one month, one year of months, three years,
    a century by year, and counts in the thousands."""

    def months(year: int, first: int, n: int, count: int = 1) -> list[Bar]:
        out = []
        for k in range(n):
            y, m = divmod(year * 12 + first - 1 + k, 12)
            out.append(
                Bar(f"{'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split()[m]} {y}", "x.html", count)
            )
        return out

    century = [Bar(str(year), "x.html", (year * 7) % 13) for year in range(1925, 2025)]
    shapes = {
        "one month": months(2019, 6, 1),
        "one year": months(2019, 1, 12),
        "a year across two": months(2023, 7, 12, 1234),
        "three years": months(2021, 1, 36),
        "a century": century,
    }
    svgs = {
        name: coverage_svg(series, name, "", f"shape-{n}") for n, (name, series) in enumerate(shapes.items())
    }
    svgs["busy sparkline"] = sparkline_svg(months(2024, 1, 12, 9876), "Busy", "spark-busy")
    svgs["huge sparkline"] = sparkline_svg(months(2024, 1, 12, 123_456), "Huge", "spark-huge")
    return svgs


def test_no_chart_text_is_clipped_at_any_data_shape(browser, built_site):
    context = _context(browser, 1280)
    page = context.new_page()
    try:
        for address in ("index.html", "archive/index.html", "people/kim-jong-un.html", "tags/space.html"):
            _open(page, built_site, address)
            assert page.locator("svg text").count() > 0, address
            assert page.evaluate(CLIPPED_TEXT) == [], address
        # Our own charts, drawn for each shape, on a page of the site (its fonts and styles).
        _open(page, built_site, "archive/index.html")
        shapes = _chart_shapes()
        page.evaluate(
            "svgs => { document.querySelector('article').innerHTML = svgs.join(''); }", list(shapes.values())
        )
        assert page.locator("svg").count() >= len(shapes)
        assert page.evaluate(CLIPPED_TEXT) == []
        labels = page.locator("svg.coverage__chart").nth(1).locator("text").all_text_contents()
        assert labels[:3] == ["Jan", "Feb", "Mar"] and "2019" in labels  # a year's chart names its months
        assert "1925" in page.locator("svg.coverage__chart").nth(4).locator("text").all_text_contents()
    finally:
        context.close()


@pytest.fixture(scope="module")
def days_site(tmp_path_factory):
    """Stories on 13 September of three years, and one on 2 March."""
    project = copy_project(tmp_path_factory.mktemp("days"))
    shutil.rmtree(project / "content")
    stories = {
        "2024/newest.md": story(title="Newest", date="2024-09-13"),
        "2022/two-years-ago.md": story(title="Two years ago", date="2022-09-13"),
        "2021/march.md": story(title="In March", date="2021-03-02"),
        "2025/next-day.md": story(title="The next day", date="2025-09-14"),
    }
    make_content(project, stories)
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml")]) == 0
    return project / "site"


def _on_this_day(browser, site, when: str | None, script: bool = True) -> tuple[str, str, list[str]]:
    context = browser.new_context(java_script_enabled=script)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        if when is not None:
            page.clock.set_fixed_time(datetime.datetime.fromisoformat(when))
        page.goto((site / "index.html").as_uri())
        if script:
            page.wait_for_selector("#archive-on-this-day[data-reader-day]", state="attached")
        section = page.locator("#archive-on-this-day")
        heading = section.locator("h2").inner_text()
        titles = section.locator("ol.story-list h3").all_inner_texts()
        return heading, " | ".join(titles), errors
    finally:
        context.close()


def test_on_this_day_follows_the_readers_clock(browser, days_site):
    heading, titles, errors = _on_this_day(browser, days_site, "2026-09-13T09:00:00")
    assert heading.upper() == "ON THIS DAY, 13 SEPTEMBER"
    assert titles == "Newest | Two years ago" and errors == []
    # A day with no story: the nearest day that has some, saying so; never an empty heading.
    heading, titles, errors = _on_this_day(browser, days_site, "2026-03-04T09:00:00")
    assert heading.upper() == "ON 2 MARCH" and titles == "In March" and errors == []
    # Stories of the reader's own year are not "earlier years".
    heading, titles, _ = _on_this_day(browser, days_site, "2024-09-13T09:00:00")
    assert heading.upper() == "ON THIS DAY, 13 SEPTEMBER" and titles == "Two years ago"


def test_on_this_day_without_script_shows_the_newest_storys_day(browser, days_site):
    heading, titles, _ = _on_this_day(browser, days_site, None, script=False)
    assert heading.upper() == "ON 14 SEPTEMBER" and titles == "The next day"


def test_no_console_error_and_no_failed_request_over_http(browser, built_site):
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    pages = [p for p in pages if p != "404.html"]
    assert len(pages) > 30
    with served(built_site) as origin:
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        failed: list[str] = []
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        # A request the next page's navigation cancels (ERR_ABORTED) did not fail; any other did.
        page.on(
            "requestfailed",
            lambda r: None if r.failure == "net::ERR_ABORTED" else failed.append(f"{r.failure} {r.url}"),
        )
        texts = {}
        try:
            for address in pages:
                page.goto(origin + address)
                page.wait_for_load_state("load")
                texts[address] = page.locator("body").inner_text()
            page.goto(origin + "search.html?q=putin&tag=russia")
            page.wait_for_selector("[data-archive-search-page][data-done]", state="attached")
            page.wait_for_timeout(300)  # anything the page or theme fetches late
        finally:
            context.close()
    assert errors == [] and failed == []
    # Nothing for contributors on readers' pages: no page names a file of content/.
    assert [address for address, text in texts.items() if "content/" in text or ".yml" in text] == []


def test_the_skip_link_is_first_and_lands_on_the_article(offline, built_site):
    page = offline.page
    page.goto((built_site / PAGES["story"]).as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    assert page.locator(".archive-skip").is_visible()  # shown when it has focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "archive-main"


def test_a_citation_downloads_from_disk_as_its_file(offline, built_site):
    page = offline.page
    page.goto((built_site / PAGES["story"]).as_uri())
    page.locator(".story-cite > summary").click()
    files = page.locator(".story-cite__files")
    assert files.inner_text() == "Download: BibTeX · RIS · CSL-JSON"
    saved = {}
    for name in ("BibTeX", "CSL-JSON"):
        with page.expect_download() as started:
            files.get_by_role("link", name=name).click()
        with open(started.value.path(), encoding="utf-8") as file:
            saved[started.value.suggested_filename] = file.read()
    bibtex = saved["putin-kim-summit-vostochny.bib"]
    assert bibtex.startswith("@online{archive-2023-putin-kim-summit-vostochny,\n") and bibtex.endswith("}\n")
    assert "\n  title = {{Putin and Kim meet at the Vostochny Cosmodrome}},\n" in bibtex
    # The citation as the build specifies it (generator/pages/citations.py), made from the page's tags.
    assert saved["putin-kim-summit-vostochny.csl.json"] == (
        '[{"abstract":"The two leaders held talks at Russia\'s newest spaceport in the Amur region; Putin '
        "signalled help for North Korea's satellite programme and accepted an invitation to Pyongyang.\","
        '"container-title":"Story Archive","id":"archive-2023-putin-kim-summit-vostochny",'
        '"issued":{"date-parts":[[2023,9,13]]},"language":"en","publisher":"Story Archive",'
        '"title":"Putin and Kim meet at the Vostochny Cosmodrome","type":"article-newspaper"}]\n'
    )
    assert offline.blocked == [] and offline.errors == []


@pytest.mark.parametrize("width", sorted(WIDTHS.values()))
def test_focus_is_never_hidden_under_the_sticky_header(browser, built_site, width):
    context = _context(browser, width)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 500})
    hidden = []
    try:
        for address in ("index.html", PAGES["story"]):
            _open(page, built_site, address)
            for _ in range(40):
                page.keyboard.press("Tab")
                page.wait_for_function(SETTLED)  # what the focus opened or closed has finished moving
                where = page.evaluate(
                    """() => {
                        const e = document.activeElement, r = e.getBoundingClientRect();
                        if (!r.width || !r.height || e === document.body) return null;
                        const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
                        const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 8), 0), innerHeight - 1);
                        const seen = document.elementFromPoint(x, y);
                        const shown = !!seen && (e.contains(seen) || seen.contains(e));
                        return shown ? null : [e.textContent.trim().slice(0, 40), Math.round(r.top),
                                               seen ? seen.className : null];
                    }"""
                )
                if where is not None:
                    hidden.append((address, where))
    finally:
        context.close()
    assert hidden == []


def test_the_dropdowns_link_to_every_result_is_a_full_size_target(offline, built_site):
    page = offline.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto((built_site / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type("Putin")
    page.wait_for_selector(RESULTS_SHOWN)
    link = page.locator("[data-archive-search-results] a", has_text="on the search page")
    box = link.bounding_box()
    assert box is not None and box["height"] >= 24 and box["width"] >= 24


def test_filters_are_behind_a_button_on_a_phone_and_open_on_a_desktop(browser, built_site):
    for width, expected in ((390, False), (1280, True)):
        context = _context(browser, width)
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 844})
        try:
            _open(page, built_site, "search.html?q=putin")
            filters = page.locator("[data-results-filters]")
            assert filters.evaluate("e => e.open") is expected
            if width == 390:
                first = page.locator("[data-results-list] li").first.bounding_box()
                assert first is not None and first["y"] < 844  # the first result on the first screen
                assert page.locator("[data-results-meta]").evaluate("e => e !== document.activeElement")
                filters.locator("summary").click()
                assert filters.evaluate("e => e.open") is True
        finally:
            context.close()


def test_the_menu_of_a_phone_opens_the_sections_and_closes_beside_them(browser, built_site):
    """On a phone the header has no room for the sections: its menu button opens them below the bar,
    each link tappable, and a tap beside the menu closes it. Closed, the sections are out of sight
    but a keyboard still reaches them, and they open while it is in them."""
    context = _context(browser, 390)
    page = context.new_page()
    try:
        _open(page, built_site, PAGES["story"])
        sections = page.locator(".md-header .archive-sections a")
        menu = page.locator("label.md-header__button[for=__drawer]")
        header = page.locator(".md-header").bounding_box()
        assert header is not None

        def shown() -> list[str]:
            """The sections a reader sees: each a tappable box below the bar, inside the screen, and
            the thing a tap at its middle lands on."""
            seen = []
            for link in sections.all():
                box = link.bounding_box()
                assert box is not None
                middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                if not link.evaluate("(a, [x, y]) => a.contains(document.elementFromPoint(x, y))", middle):
                    continue
                assert box["y"] >= header["y"] + header["height"] - 1 and box["height"] >= 24
                assert box["x"] + box["width"] <= 390
                seen.append(link.inner_text().strip())
            return seen

        assert shown() == []
        menu.click()
        assert shown() == ["Home", "Archive", "Tags", "People", "Authors", "Corrections"]
        page.mouse.click(380, 800)  # beside the menu: Material's overlay
        page.wait_for_function("() => !document.getElementById('__drawer').checked")
        # Material's overlay fades out for a quarter of a second before it stops covering the page.
        page.wait_for_function("() => !document.querySelector('.md-overlay').getBoundingClientRect().width")
        assert shown() == []
        for _ in range(10):  # the keyboard: the sections come right after the site's name
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.closest('.archive-sections') !== null"):
                break
        assert page.evaluate("document.activeElement.textContent.trim()") == "Home"
        assert len(shown()) == 6
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_url("**/archive/index.html")
        menu.click()
        sections.filter(has_text="People").click()
        page.wait_for_url("**/people/index.html")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_every_kind_of_page(browser, built_site, scheme):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for device, width in WIDTHS.items():
        context = _context(browser, width, scheme)
        page = context.new_page()
        page.clock.set_fixed_time(datetime.datetime(2026, 9, 13, 9, 0))  # the same picture every run
        try:
            for kind, address in PAGES.items():
                _open(page, built_site, address)
                if kind == "search":
                    page.locator("[data-results-filters]").evaluate("e => { e.open = true; }")
                target = SCREENSHOTS / f"{kind}-{device}-{scheme}.png"
                page.screenshot(path=str(target), full_page=True)
                assert target.stat().st_size > 10_000
        finally:
            context.close()


def test_the_headers_icons_are_drawn_from_disk_in_both_schemes(offline, built_site):
    """The header's icons come from one stylesheet (generator/publish/icons.py), not from each page:
    each is painted, in the header's colour, from a page opened from disk, light and dark."""
    from io import BytesIO

    from PIL import Image

    page = offline.page
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto((built_site / PAGES["story"]).as_uri())

    def painted(selector: str) -> int:
        icon = page.locator(selector)
        mask = icon.evaluate("e => getComputedStyle(e).maskImage || getComputedStyle(e).webkitMaskImage")
        assert mask.startswith('url("data:image/svg+xml,'), selector
        colours = Image.open(BytesIO(icon.screenshot())).convert("RGB").getcolors(1 << 16) or []
        return len(colours)

    for selector in (
        ".md-logo .archive-icon--material-library",  # the menu button takes its place on a phone
        "label[for=__palette_1] .archive-icon--material-weather-night",
        ".md-search__form .archive-icon--material-magnify",
    ):
        assert painted(selector) > 2, selector  # a shape, edges smoothed: not one flat colour
    page.locator("label[for=__palette_1]").click()
    assert painted("label[for=__palette_0] .archive-icon--material-weather-sunny") > 2
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    # The toggle the shared script puts in the header is Material's own: two radio buttons the bundle
    # reads, each with its label, and none of it in the page file.
    assert page.locator("form[data-md-component=palette] input.md-option[name=__palette]").evaluate_all(
        "inputs => inputs.map(i => [i.id, i.dataset.mdColorMedia, i.dataset.mdColorScheme, i.ariaLabel])"
    ) == [
        ["__palette_0", "(prefers-color-scheme: light)", "default", "Switch to dark mode"],
        ["__palette_1", "(prefers-color-scheme: dark)", "slate", "Switch to light mode"],
    ]
    assert "__palette_0" not in (built_site / PAGES["story"]).read_text(encoding="utf-8")
    top = page.locator(".md-top .archive-icon--material-arrow-up")  # shown only once a reader scrolls back up
    assert top.evaluate(
        "e => getComputedStyle(e).maskImage || getComputedStyle(e).webkitMaskImage"
    ).startswith('url("data:image/svg+xml,')
    assert "<path" not in page.locator("body").inner_html()  # no icon drawn in the page itself
    assert offline.blocked == [] and offline.errors == []
