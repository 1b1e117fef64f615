"""What the full search page narrows results by: year and month, tag and person.

Stories are numbered newest first, so a month is a run of document ids: the meta file lists
where each month starts, and a result's month is found by bisection, with no data per story.
Tags and people are per story: FACET_DOCS_PER_SHARD stories to a file, each story a list of
tag numbers and a list of person numbers. Only the search page loads these, and only the
files that hold its results.
"""

from __future__ import annotations

from generator.model import Archive
from generator.pages.search import js_call

FACET_DOCS_PER_SHARD = 1000


def facet_files(archive: Archive) -> dict[str, bytes]:
    tag_ids, person_ids = sorted(archive.tags), sorted(archive.people)
    tag_number = {ident: n for n, ident in enumerate(tag_ids)}
    person_number = {ident: n for n, ident in enumerate(person_ids)}
    months: list[list[object]] = []
    for doc, story in enumerate(archive.stories):
        month = f"{story.year:04d}-{story.month:02d}"
        if not months or months[-1][0] != month:
            months.append([month, doc])
    meta = {
        "months": months,
        "tags": [[ident, archive.tags[ident].name] for ident in tag_ids],
        "people": [[ident, archive.people[ident].name] for ident in person_ids],
        "perShard": FACET_DOCS_PER_SHARD,
    }
    files = {"search/f/meta.js": js_call("facetMeta", meta)}
    stories = archive.stories
    for start in range(0, len(stories), FACET_DOCS_PER_SHARD):
        rows = [
            [[tag_number[t] for t in story.tags], [person_number[p] for p in story.people]]
            for story in stories[start : start + FACET_DOCS_PER_SHARD]
        ]
        files[f"search/f/{start // FACET_DOCS_PER_SHARD}.js"] = js_call(
            "facets", start // FACET_DOCS_PER_SHARD, rows
        )
    return files
