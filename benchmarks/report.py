"""`make bench-report`: benchmarks/README.md, written from the JSON in benchmarks/results/.

The tables are never typed by hand: rerun a benchmark, then this, and commit both.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

# (results file, heading, what the numbers mean, [(column heading, key, format)])
SECTIONS: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "peers.json",
        "`make bench`: the archive beside the generators a maintainer would pick instead",
        "One synthetic archive (Zipf-distributed tags and people, names in several scripts) built in the "
        "same run by `generator build --clean` (every core), by the plain baseline (MkDocs + Material "
        "building the story files as contributors write them, stories out of the navigation), by "
        "Pelican 4 with its default theme (tag, author, category and archive pages, Atom feeds) and by "
        "Hugo with minimal templates written for the benchmark (story pages with related stories, "
        "tag and people taxonomies, paginated listings, RSS). *Over bare* is the build time against "
        "the bare MkDocs build of that run (every generator builds twice, the archive and the bare "
        "build in turns, and the better time of each is kept); memory is the peak proportional set "
        "size (PSS) of the build's whole process tree; *CPU* is user and system time of that tree (every "
        "core's), and *CPU per page* that over the HTML pages written; *files* include feeds, search "
        "index, images, citations and data. *Code* is the commit measured: a run of some sizes "
        "(`make bench SIZES=…`) replaces those sizes' rows and keeps the others'.",
        [
            ("stories", "stories", "{:,}"),
            ("generator", "generator", "{}"),
            ("build", "build_s", "{} s"),
            ("over bare", "over_bare", "{}×"),
            ("HTML pages", "pages", "{:,}"),
            ("files", "files", "{:,}"),
            ("site", "site_mb", "{} MB"),
            ("bytes/story", "bytes_per_story", "{:,}"),
            ("peak memory", "peak_mb", "{:,} MB"),
            ("CPU", "cpu_s", "{} s"),
            ("CPU per page", "cpu_ms_per_page", "{} ms"),
            ("code", "code", "{}"),
        ],
    ),
    (
        "build.json",
        "`make bench`: the archive's own figures",
        "From the same runs. `check` is timed as the command, from scratch, then again after one story "
        "was edited; *pages* and *search index* are generation alone (content to every page, median of "
        "three fresh processes); *one process* is the same clean build with `-j 1`, timed in turns with "
        "as many more builds on every core and the best of each kept, from which the speed-up on this "
        "machine's cores and "
        "the serial fraction follow (Amdahl: S = 1 / (f + (1 − f) / n)), and with it the speed-up "
        "16 cores would give (a speed-up below 1 or above the cores means "
        "a neighbour's load hit one run: both builds are timed again and the best of each kept; the "
        "serial fraction is left blank if it is still impossible). *Machine's speed-up* is what the "
        "same cores give a loop of pure Python, timed alone and as one copy a core at once, right "
        "after: on cores the host shares, no build's speed-up can be above it, and Amdahl's serial "
        "fraction counts the difference as serial. Every internal link of the site is "
        "followed. ZIP and ZIM are written from the built site. At 100,000 stories (the scale check, "
        "`make bench SIZES=100000`) the archive and the baseline are built in turns twice, as at the "
        "smaller sizes, and the best of each kept; generation alone, `-j 1`, the shards and the ZIM "
        "are left out: they only repeat what the smaller sizes show, at hours of cost.",
        [
            ("stories", "stories", "{:,}"),
            ("check", "check_s", "{} s"),
            ("check again", "check_again_s", "{} s"),
            ("pages", "pages_s", "{} s"),
            ("search index", "with_search_index_s", "{} s"),
            ("full build", "build_s", "{} s"),
            ("bare MkDocs", "bare_mkdocs_s", "{} s"),
            ("ratio", "build_over_bare", "{}×"),
            ("CPU per page", "cpu_ms_per_page", "{} ms"),
            ("bare CPU per page", "bare_cpu_ms_per_page", "{} ms"),
            ("CPU ratio", "cpu_over_bare", "{}×"),
            ("cores", "cores", "{}"),
            ("one process", "one_process_s", "{} s"),
            ("speed-up", "speedup", "{}×"),
            ("serial fraction", "serial_fraction", "{:.1%}"),
            ("16 cores", "speedup_16_cores", "{}×"),
            ("machine's speed-up", "machine_speedup", "{}×"),
            ("one-story rebuild", "one_story_rebuild_s", "{} s"),
            ("site", "site_mb", "{} MB"),
            ("bytes/story", "bytes_per_story", "{:,}"),
            ("bare bytes/story", "bare_bytes_per_story", "{:,}"),
            ("feeds' share of bytes", "feeds_share_of_bytes", "{:.1%}"),
            ("charts' share of bytes", "charts_share_of_bytes", "{:.1%}"),
            ("links followed", "links_checked", "{:,}"),
            ("link check", "link_check_s", "{} s"),
            ("peak memory", "peak_mb_build", "{:,} MB"),
            ("bare peak", "peak_mb_bare", "{:,} MB"),
            ("memory ratio", "peak_over_bare", "{}×"),
            ("ZIP", "zip_mb", "{} MB"),
            ("ZIP time", "zip_s", "{} s"),
            ("ZIM", "zim_mb", "{} MB"),
            ("ZIM time", "zim_s", "{} s"),
            ("code", "code", "{}"),
        ],
    ),
    (
        "build.json",
        "`make bench`: which hosts the built site fits",
        "The built site against the published limits of the hosts people use: GitHub Pages, 1 GB a site; "
        "Cloudflare Pages, 20,000 files on the free plan and 100,000 paid, 25 MiB a file; Netlify, "
        "54,000 files in one folder.",
        [
            ("stories", "stories", "{:,}"),
            ("site", "site_mb", "{} MB"),
            ("files", "files", "{:,}"),
            ("largest file", "largest_file_mb", "{} MiB"),
            ("most files in a folder", "most_in_a_folder", "{:,}"),
            ("GitHub Pages", "fits GitHub Pages", "{}"),
            ("Cloudflare Pages (free)", "fits Cloudflare Pages (free)", "{}"),
            ("Cloudflare Pages (paid)", "fits Cloudflare Pages (paid)", "{}"),
            ("Netlify", "fits Netlify", "{}"),
        ],
    ),
    (
        "build.json",
        "`make bench`: one site on several machines",
        "The same archive built as 4 shares (`generator build --shard K/4`, one after another here, "
        "side by side on a matrix's jobs) and joined by `generator merge`; *identical* says the merged "
        "site is byte for byte the one-machine build of the same run. A share's time is a fixed part, "
        "checking and planning the whole archive, plus its part of the rest: with the one-machine "
        "time T1 and the slowest share's T4, the rest is (T1 − T4) × 4/3 (uneven shares count as "
        "fixed). The last two columns scale both parts, the merge and the memory linearly to "
        "1,000,000 stories on a 16-job matrix of machines like this one: every share holds the "
        "whole checked archive and its indexes, so a share's memory grows with the archive, not "
        "with its share.",
        [
            ("stories", "stories", "{:,}"),
            ("one machine", "build_s", "{} s"),
            ("shards", "shards", "{}"),
            ("slowest share", "shard_s_slowest", "{} s"),
            ("fastest share", "shard_s_fastest", "{} s"),
            ("share's peak memory", "shard_peak_mb", "{:,} MB"),
            ("merge", "merge_s", "{} s"),
            ("identical", "merged_identical", "{}"),
            ("fixed part", "shard_fixed_s", "{} s"),
            ("rest", "shard_rest_s", "{} s"),
            ("1M stories, 16 jobs", "million_on_16_jobs_min", "{:,} min"),
            ("1M: a share's memory", "million_shard_peak_gb", "{:,} GB"),
        ],
    ),
    (
        "serve.json",
        "`make bench-serve`: seeing an edit with `mkdocs serve`",
        "The archive under `mkdocs serve --dirty` (what `make serve` runs) and the bare project under "
        "plain `mkdocs serve`, same story files, same run. Each figure is the time from starting the "
        "server, or saving the file, to an http request for the page getting what the edit made: "
        "*cold* the first page viewable (and, *whole*, every page, search, feeds and data written), "
        "then a story's body edited (and, *settled*, the search, feeds "
        "and data that follow the pages written too), its title edited (its day's listing shows it), "
        "a story added, a story deleted (its page answers 404) and a person renamed in `people.yml` "
        "(their page shows the name). Each save is made once the last rebuild is whole. "
        "MkDocs rebuilds everything for any edit: the bare serve is timed for the body edit.",
        [
            ("stories", "stories", "{:,}"),
            ("cold", "cold_s", "{} s"),
            ("cold, whole", "cold_settled_s", "{} s"),
            ("body edit", "body_edit_s", "{} s"),
            ("body edit, settled", "body_edit_settled_s", "{} s"),
            ("title edit", "title_edit_s", "{} s"),
            ("story added", "add_s", "{} s"),
            ("story deleted", "delete_s", "{} s"),
            ("person renamed", "registry_edit_s", "{} s"),
            ("bare cold", "bare_cold_s", "{} s"),
            ("bare body edit", "bare_body_edit_s", "{} s"),
            ("code", "code", "{}"),
        ],
    ),
    (
        "search.json",
        "`make bench-search`: searching",
        "In headless Chromium, on one synthetic archive: the archive's search from `file://`, Material's "
        "built-in search and Pagefind's UI (both over local http: neither runs from `file://`). Each "
        "query is typed one key at a time, 120 ms apart; *final list* is the wait from the last key's "
        "input event to the last change of the result list, *typed* every byte fetched from the first "
        "key on, *page load* the bytes of opening a story page (Material's theme assets included; "
        "Pagefind's page is its UI alone) and *search's part of it* what the search itself adds (script "
        "and index). The faceted query (a common word, a year, a tag) is run on our search page "
        "twice: as a reader does it (the word's page, then the year and the tag clicked in its filters, "
        "timed from the last click, bytes from the page's load on) and opened cold at its address "
        "(timed from navigation; *after page* from the page being parsed); Pagefind is asked through its "
        "API with filters; Material has none. At 100,000 stories the indexes "
        "are measured alone. Budgets for our search: 300 ms and 1 MB per typed query at 10,000 "
        "stories, 1 s and 2 MB at 100,000, 300 KB of search per page load.",
        [
            ("stories", "stories", "{:,}"),
            ("engine", "engine", "{}"),
            ("query", "query", "{}"),
            ("text", "text", "{}"),
            ("final list", "final_list_ms", "{} ms"),
            ("after page", "after_page_ms", "{} ms"),
            ("typed", "typed_kb", "{:,} KB"),
            ("page load", "page_load_kb", "{:,} KB"),
            ("search's part of it", "search_load_kb", "{:,} KB"),
            ("results shown", "results_shown", "{}"),
            ("requests off the machine", "requests_outside", "{}"),
            ("within budget", "within_budget", "{}"),
            ("index build", "index_build_s", "{} s"),
            ("index share of build", "index_share_of_build", "{:.1%}"),
            ("Pagefind indexing", "pagefind_index_s", "{} s"),
        ],
    ),
    (
        "export.json",
        "`make bench-export`: publishing without the plugin",
        "One synthetic archive built by `generator build`, and exported with `generator export` then "
        "built by Zensical, in the same run. Links are every local `href`/`src` of every page; the "
        "browser opens sample pages from disk with the network cut and searches for a common word.",
        [
            ("stories", "stories", "{:,}"),
            ("builder", "builder", "{}"),
            ("build", "build_s", "{} s"),
            ("export", "export_s", "{} s"),
            ("pages", "pages", "{:,}"),
            ("local links", "local_links", "{:,}"),
            ("broken", "broken_links", "{:,}"),
            ("site", "site_mb", "{} MB"),
            ("requests off the machine", "requests_off_machine", "{}"),
            ("script errors", "script_errors", "{}"),
            ("search results", "search_results", "{}"),
        ],
    ),
]


def _cell(value: Any, form: str) -> str:
    if value is None or value == "":
        return ""
    try:
        return form.format(value)
    except (ValueError, TypeError):
        return str(value)


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str, str]]) -> str:
    if not columns:
        keys = list(dict.fromkeys(key for row in rows for key in row))
        columns = [(key, key, "{}") for key in keys]
    lines = ["| " + " | ".join(heading for heading, _, _ in columns) + " |", "|" + "---|" * len(columns)]
    # A row with at most one of the section's figures (a size it was not measured at) is left out.
    keys = [key for _, key, _ in columns if key not in ("stories", "generator")]
    for row in (row for row in rows if sum(row.get(key) is not None for key in keys) > 1):
        lines.append("| " + " | ".join(_cell(row.get(key), form) for _, key, form in columns) + " |")
    return "\n".join(lines)


def render() -> str:
    parts = [
        "# Benchmarks",
        "",
        "Written by `python -m benchmarks.report` from `benchmarks/results/*.json`; do not edit by hand.",
        "These machines have 2 shared cores: absolute times are noisy, ratios measured in one run are what "
        "to read.",
    ]
    for file, heading, meaning, columns in SECTIONS:
        path = RESULTS / file
        if not path.exists():
            continue
        rows = json.loads(path.read_text(encoding="utf-8"))
        parts += ["", f"## {heading}", "", meaning, "", _table(rows, columns)]
    return "\n".join(parts) + "\n"


def main(argv: list[str]) -> int:
    (HERE / "README.md").write_text(render(), encoding="utf-8")
    print(f"wrote {HERE / 'README.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
