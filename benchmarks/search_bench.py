"""`make bench-search`: the archive's search beside Material's and Pagefind's, same archive, same run.

For each size a synthetic archive is built by `generator build` (this project's sharded
index, opened from file://) and, in the same run:

- by a bare MkDocs + Material build of the same story files, with Material's search plugin
  (served over local http: its web worker cannot start from file://);
- into a Pagefind index of the same stories (Pagefind's own Python API, one record per story
  with the same text, and the story's year, tags and people as filters), searched through
  Pagefind's own UI on a page served over local http (it cannot run from file://).

Headless Chromium opens a fresh page for every query. The reader types the query one key at
a time (KEY_DELAY_MS apart); measured are the wait from the last key's input event to the
final result list (the last change to the list before it stays still for a second), and
every byte fetched from the first key on. A faceted query (a common word, a year and a tag)
is opened as the search page's address on our side and asked through Pagefind's API with
filters on its side; Material has no filters. Bytes are the sizes on disk of the distinct
files requested; any request that leaves the machine is aborted and counted.

Beyond the sizes built in full, the indexes alone are measured at a larger size: the pages
of a 1,000-story build with the search files of a 100,000-story archive put in their place,
and Pagefind's records of the same 100,000 stories (building 100,000 pages takes far longer
than the search needs to be measured). Material is left out there: at 10,000 stories it
already loads tens of MB on every page.

Usage: python -m benchmarks.search_bench [SIZES...] [--index-only SIZE]
(default: 10000 --index-only 100000)
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from benchmarks.build_bench import _bare_project
from generator import pipeline
from generator.model import Archive
from generator.pages.index import build_indexes
from generator.pages.search import document_files, entity_files, plain_text
from generator.pages.search_facets import facet_files
from generator.pipeline import search_index_files
from tests.browser_setup import launch
from tests.synth import write_archive, write_project

OUT = Path(__file__).resolve().parent / "results"  # tracked: benchmarks/README.md is written from it
COMMON_WORD = "summit"
KEY_DELAY_MS = 120  # a quick typist
QUIET_MS = 1000  # the list has not changed for this long: it is final
BUDGETS = {  # (final list ms, KB per typed query) the archive's own search must meet
    10_000: (300, 1024),
    100_000: (1000, 2048),
}
PAGE_LOAD_BUDGET_KB = 300
RESULT_ITEMS = "[data-archive-search-results] .md-search-result__item:not(.archive-search__all)"

# Where each engine's box and list are, how its box is reached, when it is ready for a query,
# and when it has answered one (its own message says so); then the list must stay still.
ENGINES = {
    "archive": {
        "input": "[data-archive-search-input]",
        "list": "[data-archive-search-results]",
        "key": "/",
        "files": ("/assets/search/", "/search/"),  # what the search itself costs a page load
        "ready": "() => true",
        "done": "() => document.querySelector('[data-archive-search-results][aria-busy=false]') !== null",
    },
    "Material": {
        "input": ".md-search__input",
        "list": ".md-search-result",
        "key": "/",
        "files": ("search_index.json", "/workers/", "lunr"),
        # Its worker reads the whole index first: until then the box says it is initialising.
        "ready": "() => !/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
        "done": "() => /matching/.test(document.querySelector('.md-search-result__meta').textContent)",
    },
    "Pagefind": {
        "input": ".pagefind-ui__search-input",
        "list": ".pagefind-ui",
        "key": None,
        "files": ("/pagefind/",),
        "ready": "() => !!document.querySelector('.pagefind-ui__search-input')",
        "done": "() => /results? for/.test(document.querySelector('.pagefind-ui__message')?.textContent)",
    },
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def _local_file(url: str, site: Path, http_root: str | None) -> Path | None:
    if url.startswith("file://"):
        return Path(unquote(urlparse(url).path))
    if http_root and url.startswith(http_root):
        return site / unquote(urlparse(url).path).lstrip("/")
    return None


def _bytes(urls, site: Path, http_root: str | None) -> int:
    total = 0
    for url in dict.fromkeys(urls):
        path = _local_file(url, site, http_root)
        if path is not None and path.is_file():
            total += path.stat().st_size
    return total


# In the page: when each input event fires, and when the watched list last changed.
_WATCH = """(selector) => {
  document.addEventListener("input", () => { window.__lastInput = performance.now(); }, true);
  const watch = () => {
    const target = document.querySelector(selector);
    if (!target) return setTimeout(watch, 20);
    new MutationObserver(() => { window.__lastChange = performance.now(); })
      .observe(target, {childList: true, subtree: true, characterData: true, attributes: true});
  };
  watch();
}"""


class _Page:
    """A fresh browser context whose every request is recorded; those leaving the machine are aborted.

    Only those are intercepted: intercepting every request (to count it) would add the
    automation's own round trip to each file a search loads."""

    def __init__(self, browser, site: Path, http_root: str | None) -> None:
        self.site, self.http_root = site, http_root
        self.context = browser.new_context()
        self.requested: list[str] = []
        self.outside: list[str] = []
        self.context.route(lambda url: _local_file(url, site, http_root) is None, self._abort)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requested.append(request.url))

    def _abort(self, route) -> None:
        self.outside.append(route.request.url)
        route.abort()

    def kb_since(self, start: int, only: tuple[str, ...] = ()) -> int:
        urls = [url for url in self.requested[start:] if not only or any(part in url for part in only)]
        return round(_bytes(urls, self.site, self.http_root) / 1024)

    def close(self) -> None:
        self.context.close()


def _wait_until_still(page, done: str, timeout_s: float = 120) -> bool:
    """Until the engine says it has answered and neither a key nor the list has moved for QUIET_MS."""
    deadline = time.monotonic() + timeout_s
    still = "(q) => performance.now() - Math.max(window.__lastChange || 0, window.__lastInput || 0) > q"
    while time.monotonic() < deadline:
        if page.evaluate(still, QUIET_MS) and page.evaluate(done):
            return True
        time.sleep(0.1)
    return False


def _typed(
    browser, engine: str, url: str, site: Path, http_root: str | None, query: str, results: str
) -> dict:
    """Type the query key by key into the engine's box; the wait after the last key, the bytes fetched."""
    where = ENGINES[engine]
    visit = _Page(browser, site, http_root)
    try:
        page = visit.page
        page.goto(url, wait_until="networkidle")
        load_kb = visit.kb_since(0)
        search_load_kb = visit.kb_since(0, where["files"])
        page.wait_for_function(where["ready"], timeout=300_000)
        page.evaluate(_WATCH, where["list"])
        if where["key"]:
            page.keyboard.press(where["key"])
        else:
            page.click(where["input"])
        before = len(visit.requested)
        page.keyboard.type(query, delay=KEY_DELAY_MS)
        answered = _wait_until_still(page, where["done"])
        # The list may already be final when the last key lands (same results): then no wait.
        waited = max(0, page.evaluate("(window.__lastChange || 0) - window.__lastInput"))
        shown = page.locator(results).count()
        return {
            "final_list_ms": round(waited) if answered else None,
            "typed_kb": visit.kb_since(before),
            "page_load_kb": load_kb,
            "search_load_kb": search_load_kb,
            "results_shown": shown,
            "requests_outside": len(visit.outside),
        }
    finally:
        visit.close()


# In the page, from its first script: when the search page marks its list final.
_DONE_AT = """new MutationObserver(() => {
  if (document.querySelector("[data-archive-search-page][data-done]")) window.__doneAt = performance.now();
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-done"]});
document.addEventListener("click", () => { window.__clickAt = performance.now(); }, true);"""


def _faceted_clicked(browser, site: Path, query: str, year: str, tag_name: str) -> dict:
    """The reader's way: the search page for the word, then its year, then its tag clicked in the
    filters (followed in place); from the last click to the final list, bytes from the page on."""
    visit = _Page(browser, site, None)
    done = "[data-archive-search-page][data-done]"
    try:
        visit.context.add_init_script(_DONE_AT)
        page = visit.page
        page.goto((site / "search.html").as_uri() + f"?q={quote(query)}", wait_until="load")
        page.wait_for_selector(done, state="attached", timeout=60_000)
        for group, label in (("Year", year), ("Tag", tag_name)):
            section = page.locator(".archive-results__facet", has=page.locator(f"h2:text-is('{group}')"))
            section.locator("a", has_text=label).first.click()
            page.wait_for_selector(done, state="attached", timeout=60_000)
        waited = page.evaluate("window.__doneAt - window.__clickAt")
        return {
            "final_list_ms": round(waited),
            "typed_kb": visit.kb_since(0),
            "results_shown": page.locator("[data-results-list] li").count(),
            "requests_outside": len(visit.outside),
        }
    finally:
        visit.close()


def _faceted_archive(browser, site: Path, query: str, year: str, tag: str) -> dict:
    """Our search page opened at the faceted query's address: from navigation to the final list."""
    visit = _Page(browser, site, None)
    try:
        visit.context.add_init_script(_DONE_AT)
        address = (site / "search.html").as_uri() + f"?q={quote(query)}&year={year}&tag={tag}"
        visit.page.goto(address, wait_until="load")
        visit.page.wait_for_selector(
            "[data-archive-search-page][data-done]", state="attached", timeout=60_000
        )
        waited = visit.page.evaluate("window.__doneAt")  # navigation start is 0
        ready = visit.page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        return {
            "final_list_ms": round(waited),
            "after_page_ms": round(waited - ready),
            "typed_kb": visit.kb_since(0),
            "results_shown": visit.page.locator("[data-results-list] li").count(),
            "requests_outside": len(visit.outside),
        }
    finally:
        visit.close()


_PAGEFIND_FACETED = """async ([query, year, tag]) => {
  const start = performance.now();
  const pagefind = await import("./pagefind/pagefind.js");
  await pagefind.init();
  const found = await pagefind.search(query, {filters: {year: year, tag: tag}});
  const shown = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  return [performance.now() - start, shown.length];
}"""


def _faceted_pagefind(browser, folder: Path, root: str, query: str, year: str, tag_name: str) -> dict:
    visit = _Page(browser, folder, root)
    try:
        visit.page.goto(root + "pagefind-search.html", wait_until="networkidle")
        before = len(visit.requested)
        waited, shown = visit.page.evaluate(_PAGEFIND_FACETED, [query, year, tag_name])
        return {
            "final_list_ms": round(waited),
            "typed_kb": visit.kb_since(before),
            "results_shown": shown,
            "requests_outside": len(visit.outside),
        }
    finally:
        visit.close()


_PAGEFIND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind</title>
<link href="pagefind/pagefind-ui.css" rel="stylesheet"><script src="pagefind/pagefind-ui.js"></script>
</head><body><div id="search"></div>
<script>window.addEventListener("DOMContentLoaded", () => {
  new PagefindUI({element: "#search", showSubResults: false, showImages: false, resetStyles: false});
});</script></body></html>
"""


def _pagefind(archive: Archive, folder: Path) -> float:
    """Pagefind's index of the stories, by its own command over one page per story: the same
    text as ours, the year, tags and people as its filters. Returns the command's time."""
    for story in archive.stories:
        spans = "".join(
            f'<span data-pagefind-filter="{kind}:{html.escape(value, quote=True)}"></span>'
            for kind, values in (
                ("year", [str(story.year)]),
                ("tag", [archive.tags[t].name for t in story.tags]),
                ("person", [archive.people[p].name for p in story.people]),
            )
            for value in values
        )
        text = html.escape(" ".join([story.summary, plain_text(story.body)]))
        page = folder / (story.page_path[:-3] + ".html")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(story.title)}'
            f'</title></head><body><main data-pagefind-body data-pagefind-sort="date:{story.date.day}">'
            f"<h1>{html.escape(story.title)}</h1>{spans}<p>{text}</p></main></body></html>",
            encoding="utf-8",
        )
    (folder / "pagefind-search.html").write_text(_PAGEFIND_PAGE, encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--glob", "stories/**/*.html", "--silent"],
        check=True,
    )
    return time.perf_counter() - started


def _queries(archive: Archive) -> dict[str, str]:
    """The same queries for every engine: from the archive itself, so that each finds something."""
    counts = Counter(person for story in archive.stories for person in story.people)
    rare = min(counts, key=lambda ident: (counts[ident], ident))
    common_person = max(counts, key=lambda ident: (counts[ident], ident))
    two_words = " ".join(archive.people[common_person].name.split()[:2])
    middle = archive.stories[len(archive.stories) // 2]
    words = plain_text(middle.body).split()
    phrase = " ".join(w.strip(".,;:") for w in words[10:13])
    return {
        "rare name": archive.people[rare].name,
        "common word": COMMON_WORD,
        "two-word person name": two_words,
        "three-word quoted phrase": f'"{phrase}"',
    }


def _facet(archive: Archive) -> tuple[str, str, str]:
    """A common word with the year and tag that narrow it most usefully: the archive's busiest."""
    years = Counter(story.year for story in archive.stories)
    tags = Counter(tag for story in archive.stories for tag in story.tags)
    tag = max(tags, key=lambda ident: (tags[ident], ident))
    return str(max(years, key=lambda y: (years[y], y))), tag, archive.tags[tag].name


def _rows(
    browser,
    size: int,
    archive: Archive,
    ours: tuple[Path, str],
    material: tuple[Path, str, str] | None,
    pagefind: tuple[Path, str] | None,
    extra: dict,
) -> list[dict]:
    queries = _queries(archive)
    year, tag, tag_name = _facet(archive)
    rows = []
    site, start = ours
    for kind, query in queries.items():
        row = _typed(browser, "archive", (site / start).as_uri(), site, None, query, RESULT_ITEMS)
        rows.append(
            {"stories": size, "engine": "archive (file://)", "query": kind, "text": query, **row, **extra}
        )
    faceted_text = f"{COMMON_WORD} · {year} · {tag_name}"
    rows.append(
        {
            "stories": size,
            "engine": "archive (file://)",
            "query": "faceted, filters clicked",
            "text": faceted_text,
            **_faceted_clicked(browser, site, COMMON_WORD, year, tag_name),
            **extra,
        }
    )
    rows.append(
        {
            "stories": size,
            "engine": "archive (file://)",
            "query": "faceted, address opened",
            "text": faceted_text,
            **_faceted_archive(browser, site, COMMON_WORD, year, tag),
            **extra,
        }
    )
    if material is not None:
        folder, root, page = material
        for kind, query in queries.items():
            row = _typed(browser, "Material", root + page, folder, root, query, ".md-search-result__item")
            rows.append({"stories": size, "engine": "Material (http)", "query": kind, "text": query, **row})
        rows.append({"stories": size, "engine": "Material (http)", "query": "faceted", "text": "no filters"})
    if pagefind is not None:
        folder, root = pagefind
        for kind, query in queries.items():
            row = _typed(
                browser,
                "Pagefind",
                root + "pagefind-search.html",
                folder,
                root,
                query,
                ".pagefind-ui__result",
            )
            rows.append({"stories": size, "engine": "Pagefind (http)", "query": kind, "text": query, **row})
        faceted = _faceted_pagefind(browser, folder, root, COMMON_WORD, year, tag_name)
        rows.append(
            {
                "stories": size,
                "engine": "Pagefind (http)",
                "query": "faceted",
                "text": faceted_text,
                **faceted,
            }
        )
    for row in rows:
        if row["engine"].startswith("archive") and size in BUDGETS:
            row["within_budget"] = within_budget(row)
    return rows


def within_budget(row: dict) -> bool:
    """The archive's own budgets: the final list's wait and the bytes of a typed query at this
    size, and what the search adds to a page load (the theme's own assets are not the search's)."""
    wait, kb = BUDGETS[row["stories"]]
    return (
        row["final_list_ms"] is not None
        and row["final_list_ms"] <= wait
        and row["typed_kb"] <= kb
        and row.get("search_load_kb", 0) <= PAGE_LOAD_BUDGET_KB
    )


def _env(work: Path) -> dict:
    """Builds keep their records in the benchmark's own folder, removed with it."""
    return {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "NO_MKDOCS_2_WARNING": "1"}


def _index_seconds(archive: Archive) -> float:
    started = time.perf_counter()
    _search_files(archive)
    return time.perf_counter() - started


def _search_files(archive: Archive) -> dict[str, bytes]:
    """Every file of the archive's search, as a build writes them."""
    return {
        **search_index_files(archive),
        **document_files(archive),
        **entity_files(build_indexes(archive)),
        **facet_files(archive),
    }


def bench(browser, size: int) -> list[dict]:
    work = Path(tempfile.mkdtemp(prefix=f"bench-search-{size}-"))
    python = sys.executable
    try:
        project = write_project(work / "project", size)
        checked = pipeline.check(project / "content", forked=True)
        index_s = _index_seconds(checked.archive)
        started = time.perf_counter()
        subprocess.run([python, "-m", "generator", "build", "-q"], cwd=project, check=True, env=_env(work))
        build_s = time.perf_counter() - started
        bare = _bare_project(work, project / "content")
        subprocess.run(
            [str(Path(python).with_name("mkdocs")), "build", "-q"], cwd=bare, check=True, env=_env(work)
        )
        pagefind_folder = work / "pagefind-site"
        pagefind_s = _pagefind(checked.archive, pagefind_folder)
        start = checked.archive.stories[len(checked.archive.stories) // 2].page_path[:-3] + ".html"
        material_server, material_root = _serve(bare / "site")
        pagefind_server, pagefind_root = _serve(pagefind_folder)
        try:
            extra = {
                "index_build_s": round(index_s, 2),
                "site_build_s": round(build_s, 1),
                "index_share_of_build": round(index_s / build_s, 3),
                "pagefind_index_s": round(pagefind_s, 1),
            }
            return _rows(
                browser,
                size,
                checked.archive,
                (project / "site", start),
                (bare / "site", material_root, start),
                (pagefind_folder, pagefind_root),
                extra,
            )
        finally:
            material_server.shutdown()
            pagefind_server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_index_only(browser, size: int, pages_from: int = 1000) -> list[dict]:
    work = Path(tempfile.mkdtemp(prefix=f"bench-search-index-{size}-"))
    try:
        project = write_project(work / "project", pages_from)
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "-q"], cwd=project, check=True, env=_env(work)
        )
        write_archive(work / "large", size)
        checked = pipeline.check(work / "large" / "content", forked=True)
        started = time.perf_counter()
        files = _search_files(checked.archive)
        index_s = time.perf_counter() - started
        site = project / "site"
        shutil.rmtree(site / "search")
        for path, data in files.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_bytes(data)
        start = sorted((site / "stories").rglob("*.html"))[pages_from // 2].relative_to(site).as_posix()
        pagefind_folder = work / "pagefind-site"
        pagefind_s = _pagefind(checked.archive, pagefind_folder)
        server, root = _serve(pagefind_folder)
        try:
            extra = {"index_build_s": round(index_s, 2), "pagefind_index_s": round(pagefind_s, 1)}
            return _rows(browser, size, checked.archive, (site, start), None, (pagefind_folder, root), extra)
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)


KEYS = [
    "stories",
    "engine",
    "query",
    "text",
    "final_list_ms",
    "after_page_ms",
    "typed_kb",
    "page_load_kb",
    "search_load_kb",
    "results_shown",
    "requests_outside",
    "within_budget",
    "index_build_s",
    "index_share_of_build",
    "pagefind_index_s",
]


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_bench")
    parser.add_argument("sizes", nargs="*", type=int, help="archives built in full (default: 10000)")
    parser.add_argument(
        "--index-only", type=int, action="append", help="an index measured alone (default: 100000)"
    )
    args = parser.parse_args(argv)
    if not args.sizes and not args.index_only:
        sizes, index_only = [10000], [100000]
    else:
        sizes, index_only = args.sizes, args.index_only or []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            rows = [row for size in sizes for row in bench(browser, size)]
            rows += [row for size in index_only for row in bench_index_only(browser, size)]
        finally:
            browser.close()
    print(" | ".join(KEYS))
    for row in rows:
        print(" | ".join(str(row.get(k, "")) for k in KEYS))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "search.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
