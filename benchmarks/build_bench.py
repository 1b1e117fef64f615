"""`make bench`: the archive's build against a bare MkDocs + Material build of the same story pages.

Both run in the same process run, on the same synthetic archive, so the ratio is
what to read: these shared 2-core machines make absolute times noisy.
Usage: python -m benchmarks.build_bench [SIZES...]   (default: 1000 10000)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator.publish.linkcheck import check_links
from tests.synth import write_project

OUT = Path(__file__).resolve().parent / "results"  # tracked: benchmarks/README.md is written from it


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants (the build forks a renderer)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def _run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak memory (MB, the process and its children together) of a command."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        # The records kept between runs go to a cache folder inside the benchmark's own folder.
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(cwd.parent / "cache")},
        )
        peak, done = 0, threading.Event()

        def sample():
            nonlocal peak
            while not done.wait(0.05):
                peak = max(peak, _tree_rss_kb(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.read().decode()}")
    return elapsed, round(max(peak, usage.ru_maxrss) / 1024)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


GENERATION_RUNS = 3


def _generation(content: Path) -> dict[str, float]:
    """Median over fresh processes of the time from checked content to every page's Markdown,
    and to the search index as well, split over two processes as `generator build` does."""
    runs = []
    for _ in range(GENERATION_RUNS):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.generation_run", str(content)],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        ).stdout
        runs.append(json.loads(out))
    keys = ("pages", "search index", "feeds", "charts")
    return {key: statistics.median(run[key] for run in runs) for key in keys}


def _bare_project(work: Path, content: Path) -> Path:
    """The plain baseline: the story files as contributors write them, built by MkDocs + Material
    with its default plugins and nothing of ours. Stories stay out of the navigation (MkDocs'
    own would list them all on every page), which favours the baseline."""
    bare = work / "bare"
    docs = bare / "docs"
    shutil.copytree(content / "stories", docs / "stories")
    (docs / "index.md").write_text("# Stories\n", encoding="utf-8")
    (bare / "mkdocs.yml").write_text(
        "site_name: Bare\nuse_directory_urls: false\ntheme:\n  name: material\n  font: false\n"
        "nav:\n  - Home: index.md\nvalidation:\n  omitted_files: ignore\n  unrecognized_links: ignore\n"
        "  links:\n    not_found: ignore\n"
        "markdown_extensions: [attr_list, md_in_html, tables, footnotes, admonition,\n"
        "  {toc: {permalink: true}}]\n",
        encoding="utf-8",
    )
    return bare


_CHART = re.compile(rb'<figure class="coverage">.*?</figure>|<svg class="sparkline".*?</svg>', re.DOTALL)


def _chart_bytes(site: Path) -> int:
    """Bytes of coverage charts and miniatures in the site's pages."""
    return sum(sum(len(m) for m in _CHART.findall(page.read_bytes())) for page in site.rglob("*.html"))


def _edit_one_story(content: Path) -> None:
    stories = sorted((content / "stories").rglob("*.md"))
    story = stories[len(stories) // 2]
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("\n\n", "\n\nA sentence added by the benchmark.\n\n", 1), encoding="utf-8")


def bench(size: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
    python = sys.executable
    mkdocs = str(Path(python).with_name("mkdocs"))
    try:
        project = write_project(work / "project", size)
        generation = _generation(project)
        bare = _bare_project(work, project / "content")
        t_bare, mem_bare = _run([mkdocs, "build", "-q"], bare)
        t_build, mem_build = _run([python, "-m", "generator", "build", "-q", "--clean"], project)
        site_bytes = _size(project / "site")
        links = check_links(project / "site")
        if links.broken:
            raise SystemExit("broken links:\n" + "\n".join(b.format() for b in links.broken[:20]))
        feed_bytes = _size(project / "site" / "feeds")
        chart_bytes = _chart_bytes(project / "site")
        _edit_one_story(project / "content")
        t_rebuild, mem_rebuild = _run([python, "-m", "generator", "build", "-q"], project)
        # check as the command a contributor runs: from scratch, then again with one story edited.
        t_check_cli, _ = _run([python, "-m", "generator", "check", "--no-cache"], project)
        _edit_one_story(project / "content")
        t_check_again, _ = _run([python, "-m", "generator", "check"], project)
        return {
            "stories": size,
            "check_s": round(t_check_cli, 2),
            "check_again_s": round(t_check_again, 2),
            "pages_s": round(generation["pages"], 2),
            "pages_stories_per_s": round(size / generation["pages"]),
            "with_search_index_s": round(generation["search index"], 2),
            "with_search_index_stories_per_s": round(size / generation["search index"]),
            "build_s": round(t_build, 1),
            "bare_mkdocs_s": round(t_bare, 1),
            "build_over_bare": round(t_build / t_bare, 2),
            "one_story_rebuild_s": round(t_rebuild, 1),
            "rebuild_over_build": round(t_rebuild / t_build, 3),
            "site_mb": round(site_bytes / 1e6, 1),
            "feeds_s": round(generation["feeds"], 2),
            "feeds_share_of_build": round(generation["feeds"] / t_build, 3),
            "feeds_share_of_bytes": round(feed_bytes / site_bytes, 3),
            "charts_s": round(generation["charts"], 2),
            "charts_share_of_build": round(generation["charts"] / t_build, 3),
            "charts_share_of_bytes": round(chart_bytes / site_bytes, 3),
            "bytes_per_story": round(site_bytes / size),
            "links_checked": links.links,
            "link_check_s": round(links.seconds, 1),
            "peak_mb_build": mem_build,
            "peak_mb_bare": mem_bare,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000, 10000]
    rows = [bench(size) for size in sizes]
    keys = list(rows[0])
    print(" | ".join(keys))
    for row in rows:
        print(" | ".join(str(row[k]) for k in keys))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "build.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
