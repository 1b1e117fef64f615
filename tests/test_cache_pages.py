"""The page record: which pages of the previous site a build may reuse, and when it may not."""

from __future__ import annotations

import os

from generator.cache.pages import BuildCache, link_targets, page_key


def test_link_targets_are_site_paths_of_relative_links():
    html = (
        '<a href="../people/x.html#top">x</a> <img src="../../media/p.png"> '
        '<a href="https://example.org/">out</a> <a href="#here">here</a> <a href="/abs.html">abs</a> '
        '<a href="a%20b.html?x=1">q</a>'
    )
    assert link_targets(html, "stories/2023/s.html") == [
        "media/p.png",
        "stories/2023/a b.html",
        "stories/people/x.html",
    ]


def test_the_key_changes_with_the_site_the_page_and_its_markdown():
    base = page_key("site", "a.md", b"text")
    assert base == page_key("site", "a.md", b"text")
    assert (
        len(
            {
                base,
                page_key("other", "a.md", b"text"),
                page_key("site", "b.md", b"text"),
                page_key("site", "a.md", b"text!"),
            }
        )
        == 4
    )
    assert page_key("ab", "c.md", b"") != page_key("a", "bc.md", b"")  # parts are length-prefixed


def _built(tmp_path, pages: dict[str, bytes]):
    """A previous build: its site folder and its record, as `generator build` leaves them."""
    site = tmp_path / "site"
    cache = BuildCache(tmp_path / "record.json", site)
    cache.load("site-key")
    for dest, markdown in pages.items():
        (site / dest).parent.mkdir(parents=True, exist_ok=True)
        (site / dest).write_bytes(b"<html>" + markdown)
        cache.record(dest.replace(".html", ".md"), dest, markdown, ["other.html"], {"other.html"})
    cache.save(site)
    return site


def test_an_unchanged_page_is_linked_from_the_previous_site(tmp_path):
    site = _built(tmp_path, {"a.html": b"A", "b.html": b"B"})
    staging = tmp_path / "staging"
    cache = BuildCache(tmp_path / "record.json", site)
    cache.load("site-key")
    assert cache.reason == ""
    assert cache.try_reuse("a.md", "a.html", b"A", {"other.html"}, staging)
    assert (staging / "a.html").read_bytes() == b"<html>A"
    assert os.stat(staging / "a.html").st_ino == os.stat(site / "a.html").st_ino  # a hard link, not a copy
    assert not cache.try_reuse(
        "b.md", "b.html", b"B changed", {"other.html"}, staging
    )  # its Markdown changed
    assert not cache.try_reuse("b.md", "b.html", b"B", set(), staging)  # a page it links to is gone
    assert (cache.reused, sorted(cache.records)) == (1, ["a.html"])


def test_a_hand_edited_output_file_is_rendered_again(tmp_path):
    site = _built(tmp_path, {"a.html": b"A"})
    (site / "a.html").write_bytes(b"<html>edited by hand")
    cache = BuildCache(tmp_path / "record.json", site)
    cache.load("site-key")
    assert not cache.try_reuse("a.md", "a.html", b"A", {"other.html"}, tmp_path / "staging")


def test_reasons_nothing_is_reused(tmp_path):
    site = _built(tmp_path, {"a.html": b"A"})
    for cache_args, key, reason in [
        (
            (tmp_path / "record.json", site),
            "another-key",
            "mkdocs.yml, the theme, the generator or a library changed",
        ),
        (
            (tmp_path / "record.json", tmp_path / "elsewhere"),
            "site-key",
            "the previous build went to another folder",
        ),
        ((tmp_path / "none.json", site), "site-key", "no previous build recorded"),
    ]:
        cache = BuildCache(*cache_args)
        cache.load(key)
        assert (cache.reason, cache.previous) == (reason, {})
    (tmp_path / "record.json").write_text("{not json", encoding="utf-8")
    cache = BuildCache(tmp_path / "record.json", site)
    cache.load("site-key")
    assert cache.reason == "the build record is damaged"
    clean = BuildCache(tmp_path / "record.json", site, clean=True)
    clean.load("site-key")
    assert clean.reason == "a clean build was asked for"
