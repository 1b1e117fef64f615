"""The shipped site opened from disk with the network cut: pages, links and search all work."""

from __future__ import annotations


def _search(offline, site, query, start="index.html"):
    page = offline.page
    page.goto((site / start).as_uri())
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=5000)
    return page


def test_search_finds_peskov_with_no_request_leaving_file(offline, built_site):
    page = _search(offline, built_site, "Peskov")
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert "Kim Jong-un in Russia: what are the themes of the dialogues with Putin" in titles
    assert page.locator(".md-search-result__item mark").first.inner_text() == "Peskov"
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/2023/kim-jong-un-train-enters-russia.html")
    assert page.title() == "Kim Jong-un in Russia: what are the themes of the dialogues with Putin - Story Archive"
    assert offline.blocked == []
    assert all(url.startswith("file://") for url in offline.requests)
    assert offline.errors == []
