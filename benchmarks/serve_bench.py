"""`make bench-serve`: how soon a contributor sees an edit with `mkdocs serve`, beside a bare MkDocs
serve of the same story files, in the same run.

For each size a synthetic archive is served by `mkdocs serve --dirty` (what `make serve` runs)
and the bare project (MkDocs + Material on the story files as written) by plain `mkdocs serve`.
Timed, from the moment the server is started or the file is saved to the moment an http request
for the page gets what the edit made (the server holds requests while it rebuilds, so the first
answer after a save is the rebuilt page):

- cold: the first page (the home page; the bare site's first story) viewable; and when every
  page, the search, feeds and data are written too (the server's log says so);
- a story's body edited: that story's page shows the new sentence; and when the search, feeds and
  data that follow the pages are written too (the server's log says so);
- a story's title edited: the listing of its calendar day shows the new title;
- a story added: its page is there;
- a story deleted: its page is gone (404);
- a person renamed in people.yml: the person's page shows the new name.

The bare serve is timed for the body edit only: MkDocs rebuilds everything for any edit.
Usage: python -m benchmarks.serve_bench [SIZES...] (default: 1000 10000)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from benchmarks.build_bench import OUT, _bare_project, code_version, merged_rows
from tests.synth import write_project

MARKER = "Serve-benchmark sentence"
SETTLED = "search, feeds and data written"  # what the archive's `serve` logs once a rebuild is whole
PATIENCE_S = 600  # a wait longer than this is a failure of the benchmark, not a figure


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(address: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(address, timeout=PATIENCE_S) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as failed:
        return failed.code, ""
    except OSError:
        return 0, ""


def _until(address: str, shown: Callable[[int, str], bool], started: float) -> float:
    while time.perf_counter() - started < PATIENCE_S:
        if shown(*_get(address)):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"{address} did not show the change within {PATIENCE_S} s")


class _Server:
    def __init__(self, project: Path, dirty: bool) -> None:
        self.port = _free_port()
        self.address = f"http://127.0.0.1:{self.port}/"
        command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(project.parent / "cache")}
        self.started = time.perf_counter()
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [*command, "--dirty"] if dirty else command,
            cwd=project,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def said(self) -> int:
        """How many times the log has said that a rebuild is whole."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace").count(SETTLED)

    def settled(self, before: int, started: float) -> float:
        """Seconds from started until the log says once more than `before` times that a rebuild is whole."""
        while time.perf_counter() - started < PATIENCE_S:
            if self.said() > before:
                return time.perf_counter() - started
            time.sleep(0.05)
        raise SystemExit(f"the outputs were not written within {PATIENCE_S} s")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _story_address(address: str, story: Path) -> str:
    return f"{address}stories/{story.parent.name}/{story.stem}.html"


def _edit_body(story: Path, n: int) -> None:
    story.write_text(story.read_text(encoding="utf-8") + f"\n{MARKER} {n}.\n", encoding="utf-8")


def bench(size: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"bench-serve-{size}-"))
    try:
        project = write_project(work / "project", size)
        bare = _bare_project(work, project / "content")
        stories = sorted((project / "content" / "stories").rglob("*.md"))
        edited, deleted = stories[len(stories) // 2], stories[len(stories) // 3]
        row: dict = {"stories": size}

        server = _Server(project, dirty=True)
        try:
            row["cold_s"] = round(
                _until(
                    server.address, lambda code, text: code == 200 and "md-header" in text, server.started
                ),
                1,
            )
            row["cold_settled_s"] = round(server.settled(0, server.started), 1)
            page = _story_address(server.address, edited)
            saved, said = time.perf_counter(), server.said()
            _edit_body(edited, 1)
            row["body_edit_s"] = round(_until(page, lambda code, text: f"{MARKER} 1." in text, saved), 1)
            row["body_edit_settled_s"] = round(server.settled(said, saved), 1)

            text = edited.read_text(encoding="utf-8")
            day = re.search(r"^date: \d{4}-(\d{2})-(\d{2})", text, re.MULTILINE)
            assert day is not None
            saved, said = time.perf_counter(), server.said()
            edited.write_text(re.sub(r'title: "', 'title: "Retitled ', text, count=1), encoding="utf-8")
            row["title_edit_s"] = round(
                _until(
                    f"{server.address}archive/on-this-day/{day[1]}-{day[2]}.html",
                    lambda c, t: "Retitled " in t,
                    saved,
                ),
                1,
            )
            server.settled(said, saved)

            added = edited.with_name("serve-benchmark-added.md")
            text = edited.read_text(encoding="utf-8")
            saved, said = time.perf_counter(), server.said()
            added.write_text(
                re.sub(r'title: "[^"]*"', 'title: "Added by the serve benchmark"', text, count=1)
            )
            row["add_s"] = round(
                _until(
                    _story_address(server.address, added),
                    lambda c, t: "Added by the serve benchmark" in t,
                    saved,
                ),
                1,
            )
            server.settled(said, saved)

            saved, said = time.perf_counter(), server.said()
            deleted.unlink()
            row["delete_s"] = round(
                _until(_story_address(server.address, deleted), lambda c, t: c == 404, saved), 1
            )
            server.settled(said, saved)

            people = project / "content" / "people.yml"
            saved = time.perf_counter()
            people.write_text(
                people.read_text(encoding="utf-8").replace(
                    'name: "Anna Ivanova 0"', 'name: "Anna Renamed 0"', 1
                ),
                encoding="utf-8",
            )
            row["registry_edit_s"] = round(
                _until(f"{server.address}people/person-0.html", lambda c, t: "Anna Renamed 0" in t, saved), 1
            )
        finally:
            server.stop()

        bare_story = bare / "docs" / edited.relative_to(project / "content")
        bare_server = _Server(bare, dirty=False)
        try:
            bare_page = f"{bare_server.address}stories/{bare_story.parent.name}/{bare_story.stem}.html"
            row["bare_cold_s"] = round(_until(bare_page, lambda c, t: c == 200, bare_server.started), 1)
            saved = time.perf_counter()
            _edit_body(bare_story, 2)
            row["bare_body_edit_s"] = round(_until(bare_page, lambda c, t: f"{MARKER} 2." in t, saved), 1)
        finally:
            bare_server.stop()
        return row
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000, 10000]
    code = code_version()
    rows = []
    for size in sizes:
        rows.append({**bench(size), "code": code})
        print(json.dumps(rows[-1]), flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    merged = merged_rows(OUT / "serve.json", rows, sizes)  # the sizes not measured now kept as they were
    (OUT / "serve.json").write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
