"""The search scripts' own tests (tests/js/, run by Node's test runner), against an index the
generator writes here from the fixture archive: the formats seen from both sides."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.helpers import FIXTURE_CONTENT, ROOT, generate_content


def test_the_search_scripts_pass_their_tests_against_the_generators_index(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js runs the search scripts' tests: install nodejs")
    for path, data in generate_content(FIXTURE_CONTENT).files.items():
        if path.startswith("search/"):
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_bytes(data)
    run = subprocess.run(
        [node, "--test", str(ROOT / "tests" / "js")],
        cwd=ROOT,
        env={**os.environ, "ARCHIVE_SEARCH_INDEX": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# skipped 0" in run.stdout
