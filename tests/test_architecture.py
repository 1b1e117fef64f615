"""The layout keeps its promises at run time (the import contracts in pyproject.toml, checked by
`make lint`, hold it statically): checking and generating load no MkDocs, and MkDocs' private API
is checked before it is used."""

from __future__ import annotations

import subprocess
import sys

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import PluginError

from generator.cli import main
from generator.publish import mkdocs_api
from tests.helpers import FIXTURE_CONTENT, ROOT, copy_project


def test_checking_and_generating_load_no_mkdocs():
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from generator import pipeline\n"
        "from generator.settings import Settings\n"
        "from generator.pages import render, search\n"
        "from generator.contribute import commands\n"
        "settings = Settings(content_dir=Path(sys.argv[1]))\n"
        "pipeline.generate(pipeline.check(settings), settings)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(FIXTURE_CONTENT)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert out.strip() == "[]"


def test_the_installed_mkdocs_has_what_the_plugin_uses():
    assert mkdocs_api.problems() == []


def test_a_mkdocs_without_it_fails_the_build_with_a_message(tmp_path, monkeypatch, capsys):
    monkeypatch.delattr(mkdocs_build, "_build_page")
    with pytest.raises(PluginError, match=r"mkdocs\.commands\.build\._build_page is gone"):
        mkdocs_api.check()
    project = copy_project(tmp_path)
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml")]) == 1
    assert "changed what the archive's plugin relies on: mkdocs.commands.build._build_page is gone" in (
        capsys.readouterr().err
    )
    assert not (project / "site").exists()
