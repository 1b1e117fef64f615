"""The full search page, opened from disk: filters, sorting, paging, all kept in the URL."""

from __future__ import annotations

import pytest

from generator.cli import main
from tests.browser.conftest import RESULTS_SHOWN
from tests.synth import write_project

DONE = "[data-archive-search-page][data-done]"
TITLES = "[data-results-list] h3"


def _open(offline, site, query):
    page = offline.page
    page.goto((site / "search.html").as_uri() + query)
    page.wait_for_selector(DONE, state="attached")
    return page


def _facet(page, group):
    """(label, count) of each option under one heading of the filters."""
    section = page.locator(".archive-results__facet", has=page.locator(f"h2:text-is('{group}')"))
    labels = section.locator("li a").all_inner_texts()
    counts = section.locator("li .archive-results__count").all_inner_texts()
    return list(zip(labels, [int(c) for c in counts], strict=True))


def test_enter_in_the_header_box_opens_every_result_on_the_search_page(offline, built_site):
    page = offline.page
    page.goto((built_site / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type("putin")
    page.wait_for_selector(RESULTS_SHOWN)
    last = page.locator("[data-archive-search-results] .archive-search__all a")
    assert last.inner_text() == "All 5 results on the search page, by year, tag and person"
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=putin")
    page.wait_for_selector(DONE, state="attached")
    assert page.locator("[data-results-meta]").inner_text() == "5 stories for “putin”, most relevant first."
    assert page.locator("[data-results-entities] h1").all_inner_texts() == ["Vladimir Putin"]
    assert len(page.locator(TITLES).all_inner_texts()) == 5
    assert page.input_value("#archive-results-q") == "putin"
    assert offline.blocked == [] and offline.errors == []


def test_a_faceted_sorted_search_url_restores_the_same_results(offline, built_site):
    query = "?q=putin&year=2023&sort=oldest"
    page = _open(offline, built_site, query)
    expected = [
        "Kim Jong-un in Russia: what are the themes of the dialogues with Putin",
        "Putin and Kim meet at the Vostochny Cosmodrome",
        "Lavrov visits Pyongyang to prepare the next summit",
    ]
    assert page.locator(TITLES).all_inner_texts() == expected
    assert page.locator("[data-results-meta]").inner_text().startswith("3 stories for “putin”, oldest first.")
    assert page.input_value("#archive-results-sort") == "oldest"
    assert _facet(page, "Year") == [("2023", 3)]
    assert ("Space", 2) in _facet(page, "Tag")
    page.reload()
    page.wait_for_selector(DONE, state="attached")
    assert page.locator(TITLES).all_inner_texts() == expected

    # A filter narrows further and combines with the others, in the URL, on the same page.
    page.evaluate("window.__samePage = true")
    page.locator(".archive-results__facet a", has_text="Space").click()
    page.wait_for_url("**/search.html?q=putin&year=2023&sort=oldest&tag=space")
    page.wait_for_selector(DONE, state="attached")
    assert page.locator(TITLES).all_inner_texts() == expected[:2]
    page.locator(".archive-results__facet a", has_text="Sergei Shoigu").click()
    page.wait_for_selector(DONE, state="attached")
    assert "person=sergei-shoigu" in page.url
    assert page.locator(TITLES).all_inner_texts() == ["Putin and Kim meet at the Vostochny Cosmodrome"]
    assert page.evaluate("window.__samePage") is True  # followed in place, nothing loaded again
    assert page.evaluate("document.activeElement.matches('[data-results-meta]')")  # focus on the new count

    # Back walks through the searches; each one shows its own results again.
    page.go_back()
    page.wait_for_selector(DONE, state="attached")
    assert page.locator(TITLES).all_inner_texts() == expected[:2]
    page.go_back()
    page.wait_for_selector(DONE, state="attached")
    assert page.url.endswith(query) and page.locator(TITLES).all_inner_texts() == expected

    # A filter's chip removes it.
    page.locator(".archive-results__chip", has_text="2023").click()
    page.wait_for_selector(DONE, state="attached")
    assert len(page.locator(TITLES).all_inner_texts()) == 5
    assert offline.blocked == [] and offline.errors == []


def test_a_misspelt_query_gets_a_link_to_the_right_one(offline, built_site):
    page = _open(offline, built_site, "?q=Peskof")
    assert page.locator("[data-results-meta]").inner_text() == (
        "0 stories for “Peskof”, most relevant first. Did you mean peskov?"
    )
    page.locator("[data-results-meta] a", has_text="peskov").click()
    page.wait_for_selector(DONE, state="attached")
    assert page.locator(TITLES).all_inner_texts() == [
        "Kim Jong-un in Russia: what are the themes of the dialogues with Putin"
    ]


def test_a_chart_bar_opens_that_month_of_that_person(offline, built_site):
    page = offline.page
    page.goto((built_site / "people" / "sergei-shoigu.html").as_uri())
    bar = page.locator("figure.coverage").get_by_role("link", name="Sep 2023: 1 story", exact=True)
    bar.click()
    page.wait_for_url("**/search.html?person=sergei-shoigu&month=2023-09&sort=oldest")
    page.wait_for_selector(DONE, state="attached")
    assert page.locator(TITLES).all_inner_texts() == ["Putin and Kim meet at the Vostochny Cosmodrome"]
    assert "Sergei Shoigu ×" in page.locator("[data-results-meta]").inner_text()
    assert offline.blocked == [] and offline.errors == []


@pytest.fixture(scope="module")
def larger_site(tmp_path_factory):
    """Sixty synthetic stories: more than one page of results."""
    root = tmp_path_factory.mktemp("sixty")
    project = write_project(root / "project", 60)
    site = root / "site"
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]) == 0
    return site


def test_results_are_paged_and_every_page_is_an_address(offline, larger_site):
    page = _open(offline, larger_site, "?sort=newest")
    first = page.locator(TITLES).all_inner_texts()
    assert len(first) == 20
    assert "Page 1 of 3" in page.locator("[data-results-pages]").inner_text()
    page.locator("[data-results-pages] a", has_text="Next").click()
    page.wait_for_url("**/search.html?sort=newest&page=2")
    page.wait_for_selector(DONE, state="attached")
    second = page.locator(TITLES).all_inner_texts()
    assert len(second) == 20 and not set(first) & set(second)
    oldest = _open(offline, larger_site, "?sort=oldest&page=3").locator(TITLES).all_inner_texts()
    assert oldest == list(reversed(first))  # the newest twenty, oldest first, on the last page
    assert offline.blocked == [] and offline.errors == []


def test_a_quoted_phrase_finds_the_words_side_by_side_and_in_order(offline, built_site):
    page = _open(offline, built_site, '?q="Vostochny Cosmodrome"&sort=oldest')
    found = page.locator(TITLES).all_inner_texts()
    assert "Putin and Kim meet at the Vostochny Cosmodrome" in found
    page = _open(offline, built_site, '?q="Cosmodrome Vostochny"')
    assert page.locator(TITLES).count() == 0
    assert page.locator("[data-results-meta]").inner_text().startswith("0 stories")
    # Unquoted, the same two words in either order find the same stories.
    page = _open(offline, built_site, "?q=Cosmodrome Vostochny&sort=oldest")
    assert page.locator(TITLES).all_inner_texts() == found
    # A phrase with -exclusion: the stories that have it and do not name Shoigu.
    page = _open(offline, built_site, '?q="Kim Jong Un" -Shoigu&sort=oldest')
    titles = page.locator(TITLES).all_inner_texts()
    assert "Putin and Kim meet at the Vostochny Cosmodrome" not in titles and len(titles) >= 3
    assert offline.blocked == [] and offline.errors == []


def test_results_all_over_a_large_archive_are_narrowed_by_year_first(offline, tmp_path, monkeypatch):
    """Past FACET_FILES_AT_ONCE facet files (here: any), a search with no filter shows the years
    only, without loading every story's tags and people; a year chosen brings them back."""
    from generator.pages import search_facets
    from tests.helpers import copy_project

    monkeypatch.setattr(search_facets, "FACET_FILES_AT_ONCE", 0)
    project = copy_project(tmp_path)
    site = tmp_path / "site"
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]) == 0
    page = _open(offline, site, "?q=putin")
    assert _facet(page, "Year") == [("2024", 2), ("2023", 3)]
    assert page.locator(".archive-results__facet h2").all_inner_texts() == ["Year"]
    assert page.locator(".archive-results__hint").inner_text() == "Choose a year to narrow by tag and person."
    assert not [url for url in offline.requests if "/search/f/0.js" in url]  # no story's tags or people
    assert len(page.locator(TITLES).all_inner_texts()) == 5
    page.locator(".archive-results__facet a", has_text="2023").click()
    page.wait_for_selector(DONE, state="attached")
    assert ("Space", 2) in _facet(page, "Tag")
    assert offline.blocked == [] and offline.errors == []


def test_addresses_from_anyone_are_bounded_and_read_as_data(offline, built_site):
    """?sort=constructor, a quoted phrase of 200,000 words and a megabyte of ?h= are shown as a
    search, never as the script's own internals, an exception or a frozen tab."""
    page = _open(offline, built_site, "?q=putin&sort=constructor")
    assert (
        page.locator("[data-results-meta]")
        .inner_text()
        .startswith("5 stories for “putin”, most relevant first.")
    )
    assert "native code" not in page.locator("main").inner_text()
    phrase = '"' + " ".join(["kim"] * 200_000) + '"'
    _open(offline, built_site, "?q=" + phrase)
    assert "could not" not in page.locator("[data-results-meta]").inner_text()
    story = (built_site / "stories" / "2023" / "putin-kim-summit-vostochny.html").as_uri()
    page.goto(story + "?h=" + "putin%20" * 150_000)  # 1.2 MB of words to mark
    page.wait_for_load_state("load")
    assert page.locator("mark.archive-highlight").count() > 0
    # The script's own work on such an address (the browser takes seconds to open it at all, with or without).
    milliseconds = page.evaluate(
        "() => { const t = performance.now(); "
        "archive.highlight.markWords(archive.highlight.wordsParameter(location.search)); "
        "return performance.now() - t; }"
    )
    assert milliseconds < 100
    assert offline.errors == [] and offline.blocked == []
