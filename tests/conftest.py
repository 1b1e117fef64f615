"""Shared fixtures: the repository, a built copy of the shipped site, a headless Chromium."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from tests.helpers import ROOT, copy_project

# Results kept between runs go to the user's cache folder: the tests keep theirs apart.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="archive-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)


# No test reads the archive in content/: tests build archives of their own (tests/fixtures/), so a
# contributor who adds or removes a story never breaks one. Held by Python's audit hooks: opening or
# listing anything under content/ fails the test that does it, unless it says so (reading_live_content).
_LIVE_CONTENT = os.path.join(ROOT, "content")
_live_reads_allowed = [False]


def _refuse_live_content(event: str, args: tuple) -> None:
    if event not in ("open", "os.listdir", "os.scandir") or not args or _live_reads_allowed[0]:
        return
    path = args[0]
    if isinstance(path, (str, bytes, os.PathLike)):
        name = os.fsdecode(path)
        if not os.path.isabs(name) and os.sep not in name:
            return  # a name inside a folder opened by descriptor (as rmtree walks): not this one
        where = os.path.abspath(name)
        if where == _LIVE_CONTENT or where.startswith(_LIVE_CONTENT + os.sep):
            raise RuntimeError(f"a test read the live archive ({where}); build one under tests/ instead")


sys.addaudithook(_refuse_live_content)


@contextlib.contextmanager
def reading_live_content() -> Iterator[None]:
    """For the one test that copies the repository as a contributor's clone has it."""
    _live_reads_allowed[0] = True
    try:
        yield
    finally:
        _live_reads_allowed[0] = False


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def fixture_project(tmp_path_factory) -> Path:
    """The fixture archive with the repository's mkdocs.yml and theme, in a folder of its own."""
    return copy_project(tmp_path_factory.mktemp("fixture"))


@pytest.fixture(scope="session")
def built_site(fixture_project) -> Path:
    """The fixture archive built once, with the real command, into a temporary folder."""
    site = fixture_project.parent / "site"
    assert main(["build", "-q", "-f", str(fixture_project / "mkdocs.yml"), "-d", str(site), "--strict"]) == 0
    return site


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ drives a browser; every test that uses a built site builds one."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)
