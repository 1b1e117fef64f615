"""`make bench-export`: the archive's own build beside Zensical building `generator export`.

Material for MkDocs reaches end of life and names Zensical its successor, so the archive must
stay publishable without our plugin. This builds one synthetic archive both ways in the same
run and reports, for each site: build time, pages, broken local links, whether the search
finds a story, and requests that would leave the machine when pages are opened from disk.

Zensical is installed from PyPI into a folder of its own (its dependencies are not ours).
Usage: python -m benchmarks.export_bench [SIZE]   (default: 1000)
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

from tests.browser_setup import launch
from tests.synth import write_project

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "results"  # tracked: benchmarks/README.md is written from it
ZENSICAL_VENV = ROOT / ".venv-zensical"
SAMPLE_PAGES = ("index.html", "tags/index.html", "people/index.html", "archive/index.html")
_LINK = re.compile(r'(?:href|src)="([^"]*)"')


def _zensical() -> Path:
    binary = ZENSICAL_VENV / "bin" / "zensical"
    if not binary.exists():
        venv.create(ZENSICAL_VENV, with_pip=True)
        subprocess.run([str(ZENSICAL_VENV / "bin" / "pip"), "install", "--quiet", "zensical"], check=True)
    return binary


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def _broken_links(site: Path) -> tuple[int, int]:
    """(local links, links to files that do not exist) over every page."""
    total = broken = 0
    for page in site.rglob("*.html"):
        for value in _LINK.findall(page.read_text(encoding="utf-8", errors="replace")):
            # As a browser reads it: entities decoded (Zensical writes / as &#x2F;), fragment dropped.
            target = html.unescape(value).split("#", 1)[0].split("?", 1)[0]
            if not target or target.startswith("/") or ":" in target.split("/", 1)[0]:
                continue
            total += 1
            broken += not (page.parent / target).resolve().exists()
    return total, broken


def _in_browser(browser, site: Path, query: str) -> dict[str, object]:
    """Pages opened from disk with the network cut: requests that left, and a search for `query`."""
    context = browser.new_context()
    left: list[str] = []

    def route(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    stories = sorted(site.glob("stories/*/*.html"))[:3]
    for relative in [*SAMPLE_PAGES, *(p.relative_to(site).as_posix() for p in stories)]:
        page.goto((site / relative).as_uri())
        page.wait_for_load_state("load")
    page.goto((site / "index.html").as_uri())
    results = 0
    try:
        page.keyboard.press("/")
        page.keyboard.type(query)
        page.wait_for_selector("[data-archive-search-results] .md-search-result__item", timeout=5000)
        results = page.locator("[data-archive-search-results] .md-search-result__item").count()
    except Exception:  # noqa: BLE001 - no result within the time is the finding
        results = 0
    context.close()
    return {"requests_off_machine": len(left), "script_errors": len(errors), "search_results": results}


def _site_report(name: str, site: Path, build_s: float, browser, query: str) -> dict[str, object]:
    links, broken = _broken_links(site)
    return {
        "builder": name,
        "build_s": round(build_s, 2),
        "pages": sum(1 for _ in site.rglob("*.html")),
        "local_links": links,
        "broken_links": broken,
        "site_mb": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6, 1),
        **_in_browser(browser, site, query),
    }


def bench(size: int) -> list[dict[str, object]]:
    from playwright.sync_api import sync_playwright

    zensical = _zensical()
    with tempfile.TemporaryDirectory(prefix="export-bench-") as folder:
        work = Path(folder)
        project = write_project(work / "project", size)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(work / "cache")}
        python = sys.executable
        ours = _timed([python, "-m", "generator", "build", "-q"], project, env)
        export_s = _timed([python, "-m", "generator", "export", str(work / "export")], project, env)
        theirs = _timed([str(zensical), "build"], work / "export", env)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                rows = [
                    {
                        "stories": size,
                        **_site_report("generator build", project / "site", ours, browser, "summit"),
                    },
                    {
                        "stories": size,
                        "export_s": round(export_s, 2),
                        **_site_report(
                            "export + zensical", work / "export" / "site", theirs, browser, "summit"
                        ),
                    },
                ]
            finally:
                browser.close()
    return rows


def main(argv: list[str]) -> int:
    size = int(argv[0]) if argv else 1000
    rows = bench(size)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "export.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    columns = sorted(
        {key for row in rows for key in row}, key=lambda k: list(rows[-1]).index(k) if k in rows[-1] else 0
    )
    print(" | ".join(columns))
    for row in rows:
        print(" | ".join(str(row.get(column, "")) for column in columns))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
