"""`make bench`: the archive's build against a bare MkDocs + Material build of the same story pages.

Both run in the same process run, on the same synthetic archive, so the ratio is
what to read: these shared 2-core machines make absolute times noisy.
Usage: python -m benchmarks.build_bench [SIZES...]   (default: 1000)
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synth import write_archive
from generator import pipeline
from generator.cli import main as generator_main

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"


def _timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _bare_project(work: Path, pages: dict[str, str]) -> Path:
    """The same story pages, built by MkDocs + Material with no plugin and stories out of the nav."""
    bare = work / "bare"
    docs = bare / "docs"
    for path, text in pages.items():
        if path.startswith("stories/") or path == "index.md":
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    (bare / "mkdocs.yml").write_text(
        "site_name: Bare\nuse_directory_urls: false\ntheme:\n  name: material\n  font: false\n"
        "nav:\n  - Home: index.md\nvalidation:\n  omitted_files: ignore\n  unrecognized_links: ignore\n  links:\n    not_found: ignore\n"
        "markdown_extensions: [attr_list, md_in_html, tables, footnotes, admonition, {toc: {permalink: true}}]\n",
        encoding="utf-8",
    )
    return bare


def bench(size: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
    try:
        project = work / "project"
        project.mkdir()
        shutil.copy(ROOT / "mkdocs.yml", project)
        shutil.copytree(ROOT / "theme", project / "theme")
        write_archive(project, size)
        checked, t_check = _timed(lambda: pipeline.check(project / "content"))
        generated, t_generate = _timed(lambda: pipeline.generate(checked))
        _, t_build = _timed(lambda: generator_main(["build", "-q", "-f", str(project / "mkdocs.yml")]))
        bare = _bare_project(work, generated.pages)
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        _, t_bare = _timed(lambda: build(load_config(str(bare / "mkdocs.yml"))))
        site_bytes = _size(project / "site")
        return {
            "stories": size,
            "check_s": round(t_check, 2),
            "generate_s": round(t_generate, 2),
            "generate_stories_per_s": round(size / t_generate),
            "build_s": round(t_build, 2),
            "bare_mkdocs_s": round(t_bare, 2),
            "build_over_bare": round(t_build / t_bare, 2),
            "site_mb": round(site_bytes / 1e6, 1),
            "bytes_per_story": round(site_bytes / size),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    import logging

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    sizes = [int(a) for a in argv] or [1000]
    rows = [bench(size) for size in sizes]
    keys = list(rows[0])
    print(" | ".join(keys))
    for row in rows:
        print(" | ".join(str(row[k]) for k in keys))
    OUT.mkdir(exist_ok=True)
    (OUT / "build.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
