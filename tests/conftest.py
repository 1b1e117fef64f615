"""Shared fixtures: the repository, a built copy of the shipped site, a headless Chromium."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
# Results kept between runs go to the user's cache folder: the tests keep theirs apart.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="archive-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped archive built once, with the real command, into a temporary folder."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    assert main(["build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site), "--strict"]) == 0
    return site


def copy_project(tmp_path: Path) -> Path:
    """A scratch copy of the project's site sources (config, theme, content) to build variants of."""
    target = tmp_path / "project"
    target.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", target / "theme")
    shutil.copytree(ROOT / "content", target / "content")
    return target
