"""The page record: which pages of the previous site a build may reuse, and when it may not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.cache.pages import BuildCache, PageRecord
from generator.pages.contexts import Head, SearchPage
from generator.pages.fingerprint import fingerprint


def test_the_key_changes_with_the_site_and_the_page_context():
    cache = BuildCache(Path("unused.json"), Path("site"))
    cache.site = "site"
    base = cache.key(fingerprint(SearchPage(Head("Search"))))
    assert base == cache.key(fingerprint(SearchPage(Head("Search"))))
    other_site = BuildCache(cache.manifest_path, cache.previous_site, site="other")
    keys = {
        base,
        other_site.key(fingerprint(SearchPage(Head("Search")))),
        cache.key(fingerprint(SearchPage(Head("Search", description="x")))),
        cache.key(fingerprint(SearchPage(Head("Search", hide=())))),
    }
    assert len(keys) == 4


def _built(tmp_path, pages: dict[str, bytes]):
    """A previous build: its site folder and its record, as `generator build` leaves them."""
    site = tmp_path / "site"
    cache = BuildCache(tmp_path / "record.json", site)
    cache.load("site-key")
    for path, text in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(b"<html>" + text)
        cache.records[path] = PageRecord(cache.key(text.decode()))
    cache.save(site)
    return site


def test_an_unchanged_page_is_found_in_the_previous_site(tmp_path):
    site = _built(tmp_path, {"a.html": b"A", "b.html": b"B"})
    cache = BuildCache(tmp_path / "record.json", site)
    cache.load("site-key")
    assert cache.reason == ""
    assert cache.reusable("a.html", cache.key("A")) == str(site / "a.html")
    assert cache.reusable("b.html", cache.key("B changed")) == ""  # its context changed
    assert cache.reusable("c.html", cache.key("C")) == ""  # new


def test_a_hand_edited_output_file_is_rendered_again(tmp_path):
    site = _built(tmp_path, {"a.html": b"A"})
    (site / "a.html").write_bytes(b"<html>edited by hand")
    cache = BuildCache(tmp_path / "record.json", site)
    cache.load("site-key")
    assert cache.reusable("a.html", cache.key("A")) == ""


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


def test_a_context_fingerprint_is_the_same_in_every_process():
    """Python's hash() differs between processes; the key of a page's context may not."""
    code = (
        "import datetime as dt\n"
        "from generator.model import StoryDate\n"
        "from generator.pages.contexts import Card, Head, Html, Link, SearchPage\n"
        "from generator.pages.fingerprint import fingerprint\n"
        "day = StoryDate(dt.date(2023, 1, 2))\n"
        "card = Card('u', 't', Html('d'), day, None, 1, Link('a', 'b'), (), None)\n"
        "print(fingerprint((SearchPage(Head('Search')), card, 'x')))\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1


def test_equal_contexts_have_one_fingerprint_however_their_objects_are_shared():
    """A check taken from its record shares fewer equal strings than a fresh one: same key all the same."""
    name = "".join(["Dmitry", " ", "Peskov"])  # a string made at run time: not interned
    shared = SearchPage(Head(name, description=name))
    copied = SearchPage(Head(name, description="".join(["Dmitry ", "Peskov"])))
    assert shared.head.title is shared.head.description and copied.head.title is not copied.head.description
    assert fingerprint(shared) == fingerprint(copied)
