"""What the full search page narrows results by: year and month, tag and person.

Stories are numbered newest first, so a month is a run of document ids: the meta file lists
where each month starts, and a result's month is found by bisection, with no data per story.
Tags and people are per story: FACET_DOCS_PER_SHARD stories to a file, each story a list of
tag numbers and a list of person numbers. Their names are NAMES_PER_FILE to a file, by id
(the meta file lists each file's first id): a page loads the names it shows, never all of
them (an archive of 100,000 stories may name 20,000 people). Only the search page loads
these, and only the files that hold its results.
"""

from __future__ import annotations

from generator.model import Archive
from generator.pages.search_format import FacetRow, MonthRun, NameEntry, js_call, path, row

FACET_DOCS_PER_SHARD = 1000
NAMES_PER_FILE = 500
# Results spread over more facet files than this, with no year, month, tag or person chosen,
# are narrowed by year first: their tag and person counts would load the whole archive's rows.
FACET_FILES_AT_ONCE = 20


def facet_files(archive: Archive) -> dict[str, bytes]:
    tag_ids, person_ids = sorted(archive.tags), sorted(archive.people)
    tag_number = {ident: n for n, ident in enumerate(tag_ids)}
    person_number = {ident: n for n, ident in enumerate(person_ids)}
    months: list[MonthRun] = []
    for doc, story in enumerate(archive.stories):
        month = f"{story.year:04d}-{story.month:02d}"
        if not months or months[-1].month != month:
            months.append(MonthRun(month, doc))
    names = {
        "tag": [row(NameEntry(ident, archive.tags[ident].name)) for ident in tag_ids],
        "person": [row(NameEntry(ident, archive.people[ident].name)) for ident in person_ids],
    }
    meta = {
        "months": [row(run) for run in months],
        "perShard": FACET_DOCS_PER_SHARD,
        "filesAtOnce": FACET_FILES_AT_ONCE,
        "namesPerFile": NAMES_PER_FILE,
        "firstIds": {
            kind: [entries[0] for entries in pairs[::NAMES_PER_FILE]] for kind, pairs in names.items()
        },
    }
    files = {path("facetMeta"): js_call("facetMeta", meta)}
    for kind, pairs in names.items():
        for start in range(0, len(pairs), NAMES_PER_FILE):
            block = start // NAMES_PER_FILE
            files[path("facetNames", kind=kind, block=block)] = js_call(
                "facetNames", kind, block, pairs[start : start + NAMES_PER_FILE]
            )
    stories = archive.stories
    for start in range(0, len(stories), FACET_DOCS_PER_SHARD):
        rows = [
            row(
                FacetRow(
                    tuple(tag_number[t] for t in story.tags), tuple(person_number[p] for p in story.people)
                )
            )
            for story in stories[start : start + FACET_DOCS_PER_SHARD]
        ]
        files[path("facets", shard=start // FACET_DOCS_PER_SHARD)] = js_call(
            "facets", start // FACET_DOCS_PER_SHARD, rows
        )
    return files
