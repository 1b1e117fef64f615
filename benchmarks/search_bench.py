"""`make bench-search`: this archive's search beside Material's built-in search, same archive, same run.

For each size, a synthetic archive is built twice: by `generator build` (this project's
sharded index, opened from file://) and by a bare MkDocs + Material build of the same
story pages with Material's search plugin (served from a local HTTP server, since its
web worker cannot start from file://). Headless Chromium then measures, on a fresh
page each time:

- time from entering the query to the first result, for a rare name and a common word;
- bytes a page load requests (everything, search data included);
- bytes requested after typing, until the first result shows.

Bytes are the sizes on disk of the distinct files requested. Any request that leaves
the machine is aborted and counted.
Beyond the sizes built in full, the search is measured on a larger index alone: the pages
of a 1,000-story build with the search index of a 100,000-story archive put in its place
(building 100,000 pages takes far longer than the search needs to be measured). Material's
search is left out there: at 10,000 stories it already loads 45 MB on every page.

Usage: python -m benchmarks.search_bench [SIZES...] [--index-only SIZE]
(default: 1000 10000 --index-only 100000)
"""

from __future__ import annotations

import argparse
import functools
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
from urllib.parse import unquote, urlparse

from benchmarks.build_bench import _bare_project
from generator import pipeline
from generator.pages.search import document_files, term_files
from tests.browser_setup import launch
from tests.synth import write_archive, write_project

OUT = Path(__file__).resolve().parent / "results"  # tracked: benchmarks/README.md is written from it
COMMON_WORD = "summit"


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


def _visit(browser, url: str, site: Path, http_root: str | None, query: str | None) -> dict:
    """One fresh page: its load, then (with a query) typing until the first result shows."""
    context = browser.new_context()
    requested: list[str] = []
    outside: list[str] = []

    def route(route):
        target = route.request.url
        requested.append(target)
        if _local_file(target, site, http_root) is None:
            outside.append(target)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    try:
        if query is None:
            page.goto(url, wait_until="networkidle")
            return {"bytes": _bytes(requested, site, http_root), "outside": len(outside)}
        page.goto(url, wait_until="load")
        page.keyboard.press("/")  # focus the search box, as a reader does
        page.evaluate(_WATCH)
        before = len(requested)
        start = time.perf_counter()
        # The whole query at once (as pasted or typed fast): what is measured is the query,
        # not the shards of the half-typed words before it.
        page.fill(".md-search__input", query)
        page.keyboard.press("End")  # a key event too, for search boxes that listen to keys
        page.wait_for_selector(".md-search-result__item", timeout=120_000)
        elapsed = time.perf_counter() - start
        in_page = page.evaluate("window.__firstResultAt - window.__typedAt")
        return {
            "ms": round(in_page),
            "round_trip_ms": round(elapsed * 1000),
            "bytes": _bytes(requested[before:], site, http_root),
            "outside": len(outside),
        }
    finally:
        context.close()


# In the page: when the query's input event fires, and when the first result enters the DOM.
# Their difference is the wait a reader sees; the automation's own round trips are not in it.
_WATCH = """() => {
  const input = document.querySelector(".md-search__input");
  input.addEventListener("input", () => { window.__typedAt ??= performance.now(); }, {capture: true});
  new MutationObserver((changes, observer) => {
    if (document.querySelector(".md-search-result__item")) {
      window.__firstResultAt = performance.now();
      observer.disconnect();
    }
  }).observe(document.body, {childList: true, subtree: true});
}"""


def _env(work: Path) -> dict:
    """Builds keep their records in the benchmark's own folder, removed with it."""
    return {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}


def _rare_name(checked) -> str:
    counts = Counter(person for story in checked.archive.stories for person in story.people)
    person = min(counts, key=lambda ident: (counts[ident], ident))
    return checked.archive.people[person].name


def _measure(browser, site: Path, start_page: str, http_root: str | None, rare: str) -> dict:
    url = (http_root + start_page) if http_root else (site / start_page).as_uri()
    load = _visit(browser, url, site, http_root, None)
    rare_run = _visit(browser, url, site, http_root, rare)
    common_run = _visit(browser, url, site, http_root, COMMON_WORD)
    return {
        "first_result_rare_ms": rare_run["ms"],
        "first_result_common_ms": common_run["ms"],
        "round_trip_rare_ms": rare_run["round_trip_ms"],
        "round_trip_common_ms": common_run["round_trip_ms"],
        "page_load_kb": round(load["bytes"] / 1024),
        "query_kb_rare": round(rare_run["bytes"] / 1024),
        "query_kb_common": round(common_run["bytes"] / 1024),
        "requests_outside": load["outside"] + rare_run["outside"] + common_run["outside"],
    }


def bench(browser, size: int) -> list[dict]:
    work = Path(tempfile.mkdtemp(prefix=f"bench-search-{size}-"))
    python = sys.executable
    try:
        project = write_project(work / "project", size)
        checked = pipeline.check(project / "content")
        generated = pipeline.generate(checked)
        started = time.perf_counter()
        term_files(checked.archive), document_files(checked.archive)
        index_s = time.perf_counter() - started
        started = time.perf_counter()
        subprocess.run([python, "-m", "generator", "build", "-q"], cwd=project, check=True, env=_env(work))
        build_s = time.perf_counter() - started
        bare = _bare_project(work, generated.pages)
        subprocess.run(
            [str(Path(python).with_name("mkdocs")), "build", "-q"],
            cwd=bare,
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )  # Material's banner, not a result
        rare = _rare_name(checked)
        story = checked.archive.stories[len(checked.archive.stories) // 2].page_path[:-3] + ".html"
        ours = _measure(browser, project / "site", story, None, rare)
        server, root = _serve(bare / "site")
        try:
            material = _measure(browser, bare / "site", story, root, rare)
        finally:
            server.shutdown()
        common = {"stories": size, "rare_query": rare, "common_query": COMMON_WORD}
        return [
            {
                **common,
                "search": "archive (file://)",
                **ours,
                "index_build_s": round(index_s, 2),
                "site_build_s": round(build_s, 1),
                "index_share_of_build": round(index_s / build_s, 3),
            },
            {**common, "search": "Material (http://127.0.0.1)", **material},
        ]
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
        files = {**term_files(checked.archive), **document_files(checked.archive)}
        index_s = time.perf_counter() - started
        site = project / "site"
        shutil.rmtree(site / "search")
        for path, data in files.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_bytes(data)
        story = sorted((site / "stories").rglob("*.html"))[pages_from // 2].relative_to(site).as_posix()
        ours = _measure(browser, site, story, None, _rare_name(checked))
        return [
            {
                "stories": size,
                "search": f"archive (file://), index only, pages of {pages_from:,}",
                "rare_query": _rare_name(checked),
                "common_query": COMMON_WORD,
                **ours,
                "index_build_s": round(index_s, 2),
            }
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_bench")
    parser.add_argument("sizes", nargs="*", type=int, help="archives built in full (default: 1000 10000)")
    parser.add_argument(
        "--index-only", type=int, action="append", help="an index measured alone (default: 100000)"
    )
    args = parser.parse_args(argv)
    if not args.sizes and not args.index_only:
        sizes, index_only = [1000, 10000], [100000]
    else:
        sizes, index_only = args.sizes, args.index_only or []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            rows = [row for size in sizes for row in bench(browser, size)]
            rows += [row for size in index_only for row in bench_index_only(browser, size)]
        finally:
            browser.close()
    keys = [
        "stories",
        "search",
        "first_result_rare_ms",
        "first_result_common_ms",
        "round_trip_rare_ms",
        "round_trip_common_ms",
        "page_load_kb",
        "query_kb_rare",
        "query_kb_common",
        "requests_outside",
        "index_build_s",
        "index_share_of_build",
    ]
    print(" | ".join(keys))
    for row in rows:
        print(" | ".join(str(row.get(k, "")) for k in keys))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "search.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
