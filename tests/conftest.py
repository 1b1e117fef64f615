"""Shared fixtures: the repository, a built copy of the shipped site, a headless Chromium."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from generator.cli import main
from tests.helpers import ROOT, copy_project

# Results kept between runs go to the user's cache folder: the tests keep theirs apart.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="archive-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)


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
