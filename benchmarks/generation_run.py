"""One generation in a fresh process, as `generator build` runs it: prints its timings as JSON.

Run by build_bench several times over, so that one unlucky moment on a shared machine does
not become the figure. Usage: python -m benchmarks.generation_run PROJECT_DIR
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from generator import pipeline
from generator.pages.charts import bars, coverage_svg, search_link
from generator.publish.settings import load_settings


def chart_seconds(generated: pipeline.Generated) -> float:
    """The coverage charts drawn again, as the listing pages draw them: every tag's, every
    person's, the archive's. (The home page's twelve months and miniatures are a few more.)"""
    indexes, archive = generated.site.indexes, generated.site.archive
    started = time.perf_counter()
    for kind, groups, entries in (
        ("tag", indexes.stories_by_tag, archive.tags),
        ("person", indexes.stories_by_person, archive.people),
    ):
        for ident, stories in groups.items():
            coverage_svg(bars(stories, link=search_link(kind, ident)), entries[ident].name, "../", "coverage")
    coverage_svg(bars(archive.stories), "the archive", "../", "coverage")
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    settings = load_settings(Path(argv[0]) / "mkdocs.yml")
    checked = pipeline.check(settings, pipeline.CheckOptions())
    generated = pipeline.generate(checked, settings)
    seconds = generated.seconds
    print(
        json.dumps(
            {
                "pages": seconds["plan"] + seconds["pages"],
                "search index": sum(v for k, v in seconds.items() if k.startswith("search")),
                "feeds": seconds["feeds"],
                "charts": chart_seconds(generated),
            }
        )
    )
    sys.stdout.flush()
    os._exit(0)  # as the command line does: no teardown of the archive's objects


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
