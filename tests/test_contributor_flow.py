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

STORY = """---
title: Trump and Kim meet in Singapore
date: 2018-06-12
authors: [Elizabeth Smith]
summary: The first meeting of a sitting US president and a North Korean leader ends with a joint statement.
tags: [north-korea, singapore-summit]
people: [Kim Jong Un, donald-trump]
---

Donald Trump and Kim Jong-un shook hands on Sentosa island and signed a four-point statement.
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
    (content / "stories" / "2018").mkdir(parents=True)
    (content / "stories" / "2018" / "trump-and-kim-meet-in-singapore.md").write_text(STORY, encoding="utf-8")
    with open(content / "people.yml", "a", encoding="utf-8") as people:
        people.write("donald-trump:\n  name: Donald Trump\n  description: President of the United States\n")
    with open(content / "tags.yml", "a", encoding="utf-8") as tags:
        tags.write("singapore-summit:\n  name: Singapore summit\n")
    shipped = sorted((content / "stories").rglob("*.md"))
    (content / "stories" / "2023" / "lavrov-visits-pyongyang.md").unlink()
    assert len(sorted((content / "stories").rglob("*.md"))) == len(shipped) - 1

    env = {**os.environ, NESTED: "1"}
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--strict"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stderr.startswith("checked 6 stories, ")
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-3000:]
    assert " passed" in suite.stdout and " failed" not in suite.stdout
