"""A story pull request, as a contributor makes one: checked and built as CI does, with no test to touch.

The repository is copied as git has it; a story is added (with a new person and a new tag) and a
shipped story removed; then `check --strict` and `build --strict` run in the copy, as the pull-request
workflow does. That no test depends on what content/ holds is held for every test by conftest.py,
which fails any test that reads content/ at all.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import reading_live_content
from tests.helpers import ROOT

pytestmark = pytest.mark.e2e

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
    with reading_live_content():
        for name in filter(None, listed.decode().split("\0")):
            source = ROOT / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)


def test_a_story_pull_request_is_checked_and_built_as_ci_does(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("needs the repository's git metadata to copy it as a contributor would")
    copy = tmp_path / "repository"
    _copy_repository(copy)
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

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator", *args], cwd=copy, capture_output=True, text=True
        )

    check = run("check", "--strict")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stderr.startswith(f"checked {stories} stories, ")
    build = run("build", "--strict", "-q")
    assert build.returncode == 0, build.stdout + build.stderr
    page = (copy / "site" / "stories" / "2018" / "suite-check-singapore-summit.html").read_text(
        encoding="utf-8"
    )
    assert "Trump and Kim meet in Singapore" in page and "../../people/suite-check-person.html" in page


def test_no_test_may_read_the_live_archive():
    with pytest.raises(RuntimeError, match="a test read the live archive"):
        (ROOT / "content" / "people.yml").read_text(encoding="utf-8")
