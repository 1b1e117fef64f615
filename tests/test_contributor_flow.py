"""A story pull request, as a contributor makes one, passes the whole suite unchanged.

The repository is copied as git has it; a story is added (with a new person and a new tag)
and a shipped story removed; then `check --strict` and the test suite run in the copy. No
test depends on what content/ holds, so neither change may break one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.helpers import ROOT

NESTED = "ARCHIVE_SUITE_IN_A_COPY"

# Ids and a path no real archive is likely to hold: whatever stories a contributor adds, this
# one never collides with them.
STORY = """---
title: Trump and Kim meet in Singapore
date: 2018-06-12
authors: [Elizabeth Smith]
summary: The first meeting of a sitting US president and a North Korean leader ends with a joint statement.
tags: [suite-check-tag]
people: [suite-check-person]
---

The two leaders shook hands on Sentosa island and signed a four-point statement.
"""


def _copy_repository(target):
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


@pytest.mark.skipif(os.environ.get(NESTED) == "1", reason="this test runs the suite itself, in a copy")
def test_a_story_pull_request_passes_the_suite(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("needs the repository's git metadata to copy it as a contributor would")
    copy = tmp_path / "repository"
    _copy_repository(copy)
    if (ROOT / ".tools").is_dir():  # installed by `make test`, as in a contributor's clone
        shutil.copytree(ROOT / ".tools", copy / ".tools", symlinks=True)
    content = copy / "content"
    shipped = sorted((content / "stories").rglob("*.md"))
    assert shipped, "the archive has no story to remove"
    shipped[len(shipped) // 2].unlink()  # a story removed, whichever the archive holds
    (content / "stories" / "2018").mkdir(parents=True, exist_ok=True)
    (content / "stories" / "2018" / "suite-check-singapore-summit.md").write_text(STORY, encoding="utf-8")
    with open(content / "people.yml", "a", encoding="utf-8") as people:
        people.write(
            "\nsuite-check-person:\n  name: Suite Checkperson\n  description: A person only this test adds\n"
        )
    with open(content / "tags.yml", "a", encoding="utf-8") as tags:
        tags.write("\nsuite-check-tag:\n  name: Suite check\n")
    stories = len(sorted((content / "stories").rglob("*.md")))
    assert stories == len(shipped)

    env = {**os.environ, NESTED: "1"}
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--strict"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stderr.startswith(f"checked {stories} stories, ")
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-3000:]
    assert " passed" in suite.stdout and " failed" not in suite.stdout
