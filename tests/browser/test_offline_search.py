"""The shipped site opened from disk with the network cut: pages, links and search all work."""

from __future__ import annotations

from tests.browser.conftest import RESULTS_SHOWN


def _search(offline, site, query, start="index.html"):
    page = offline.page
    page.goto((site / start).as_uri())
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_selector(RESULTS_SHOWN, timeout=5000)
    return page


STORY_RESULTS = ".md-search-result__item:not(.archive-search__entity)"


def test_search_finds_peskov_with_no_request_leaving_file(offline, built_site):
    page = _search(offline, built_site, "Peskov")
    # His own page is the best answer: first, as a person, with his story count and description.
    first = page.locator(".md-search-result__item").first
    assert "archive-search__entity" in first.get_attribute("class")
    assert first.locator("h1").inner_text() == "Dmitry Peskov"
    assert first.locator(".archive-search__meta").inner_text() == "Person · 1 story"
    assert first.locator("a").get_attribute("href").endswith("people/dmitry-peskov.html")
    titles = page.locator(STORY_RESULTS + " h1").all_inner_texts()
    assert titles == ["Kim Jong-un in Russia: what are the themes of the dialogues with Putin"]
    assert page.locator(STORY_RESULTS + " mark").first.inner_text() == "Peskov"
    page.keyboard.press("ArrowDown")  # the first result, chosen
    page.keyboard.press("Enter")
    page.wait_for_url("**/people/dmitry-peskov.html")
    assert page.title() == "Dmitry Peskov - Story Archive"
    assert offline.blocked == []
    assert all(url.startswith("file://") for url in offline.requests)
    assert offline.errors == []


def _titles(offline, site, query):
    """The stories found, below any person, tag or author shown first."""
    page = _search(offline, site, query)
    return page.locator(STORY_RESULTS + " h1").all_inner_texts()


def _answers(offline, site, query):
    page = _search(offline, site, query)
    entities = page.locator(".archive-search__entity")
    return [
        (e.locator("h1").inner_text(), e.locator(".archive-search__meta").inner_text())
        for e in entities.all()
    ]


def test_people_tags_and_authors_are_answers_by_any_of_their_names(offline, built_site):
    assert _answers(offline, built_site, "Песков") == [("Dmitry Peskov", "Person · 1 story")]  # an alias
    assert _answers(offline, built_site, "sanctions") == [("Sanctions", "Tag · 1 story")]
    assert _answers(offline, built_site, "Elizabeth Smith") == [("Elizabeth Smith", "Author · 1 story")]
    assert _answers(offline, built_site, "Kim Jong Un")[0] == ("Kim Jong-un", "Person · 6 stories")
    assert _answers(offline, built_site, "cosmodrome") == []  # a word of stories, not of a name


SEED = "Kim Jong-un in Russia: what are the themes of the dialogues with Putin"
SUMMIT = "Putin and Kim meet at the Vostochny Cosmodrome"


def test_prefix_accents_case_and_other_scripts(offline, built_site):
    assert SEED in _titles(offline, built_site, "pesk")  # prefix as you type
    assert SEED in _titles(offline, built_site, "PESKÓV")  # case and accents folded
    assert SEED in _titles(offline, built_site, "Песков")  # an alias in Cyrillic


def test_alias_finds_the_persons_stories_and_words_narrow(offline, built_site):
    all_kim = _titles(offline, built_site, "Kim Jong Un")
    assert len(all_kim) == 6
    narrowed = _titles(offline, built_site, "Kim Jong Un cosmodrome")
    assert narrowed[0] == SUMMIT and len(narrowed) < len(all_kim)


def test_title_match_ranks_above_body_match(offline, built_site):
    titles = _titles(offline, built_site, "Vostochny")
    assert titles[0] == SUMMIT  # in its title; the others only mention it


def test_keyboard_arrows_and_enter(offline, built_site):
    page = _search(offline, built_site, "Pyongyang", start="tags/index.html")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator(".md-search-result__item").nth(1)
    assert second.locator("a").get_attribute("aria-selected") == "true"
    assert page.locator(".md-search-result__item a[aria-selected=true]").count() == 1
    target = second.locator("a").get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + target.replace("../", ""))
    assert offline.blocked == []


def test_every_page_loads_offline_without_errors(offline, built_site):
    for html in sorted(built_site.rglob("*.html")):
        offline.page.goto(html.as_uri())
    assert offline.blocked == []
    assert offline.errors == []


def test_the_zip_for_offline_readers_opens_and_searches(offline, fixture_project, tmp_path):
    """`build --zip`: unzip anywhere, open site/index.html from disk, and search."""
    import zipfile

    from generator.cli import main

    first, second = tmp_path / "one.zip", tmp_path / "two.zip"
    config = str(fixture_project / "mkdocs.yml")
    assert main(["build", "-q", "-f", config, "-d", str(tmp_path / "a"), "--zip", str(first)]) == 0
    assert main(["build", "-q", "-f", config, "-d", str(tmp_path / "b"), "--zip", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()  # same site, same bytes
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        assert names == sorted(names) and "site/index.html" in names
        archive.extractall(tmp_path / "unzipped")
    page = _search(offline, tmp_path / "unzipped" / "site", "Peskov")
    assert SEED in page.locator(".md-search-result__item h1").all_inner_texts()
    assert offline.blocked == []


def test_a_story_opened_from_a_result_marks_the_words_and_scrolls_to_them(offline, built_site):
    page = _search(offline, built_site, "Komsomolsk")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/putin-kim-summit-vostochny.html?h=komsomolsk")
    page.wait_for_selector("article mark.archive-highlight")
    assert page.locator("article mark.archive-highlight").all_inner_texts() == ["Komsomolsk"]
    assert page.evaluate("window.scrollY") > 0  # the word is far down the page: scrolled to it
    assert offline.blocked == [] and offline.errors == []


def test_the_highlight_query_is_only_ever_text(offline, built_site):
    story = built_site / "stories" / "2023" / "putin-kim-summit-vostochny.html"
    offline.page.goto(story.as_uri() + "?h=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%20putin")
    offline.page.wait_for_selector("article mark.archive-highlight")
    # The story's own lead image is the article's only image: the query added none.
    assert offline.page.locator("article img").count() == 1
    assert offline.page.locator("article img.archive-lead").count() == 1
    marked = {
        text.lower() for text in offline.page.locator("article mark.archive-highlight").all_inner_texts()
    }
    assert "putin" in marked and marked <= {
        "img",
        "src",
        "x",
        "onerror",
        "alert",
        "1",
        "putin",
    }  # words, as text
    assert offline.dialogs == [] and offline.blocked == []


def test_a_minus_word_leaves_out_the_stories_that_have_it(offline, built_site):
    every = _titles(offline, built_site, "Kim Jong Un")
    without = _titles(offline, built_site, "Kim Jong Un -Shoigu")
    assert len(without) == len(every) - 2  # Shoigu is in two of Kim Jong-un's six stories
    assert "Shoigu in Pyongyang for the armistice anniversary parade" in every
    assert "Shoigu in Pyongyang for the armistice anniversary parade" not in without


def test_a_misspelt_word_gets_a_suggestion_from_the_index(offline, built_site):
    page = offline.page
    page.goto((built_site / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type("Peskof")
    page.wait_for_selector(".archive-search__suggestion")
    assert page.locator("[data-archive-search-meta]").inner_text() == "No stories match. Did you mean peskov?"
    page.click(".archive-search__suggestion")
    page.wait_for_selector(RESULTS_SHOWN)
    assert SEED in page.locator(STORY_RESULTS + " h1").all_inner_texts()
    assert page.locator("input[data-archive-search-input]").input_value() == "peskov"
    assert offline.errors == [] and offline.blocked == []
