"""Two rendering processes build exactly what one does, and warnings from either count."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import forking, pipeline
from generator.cli import main
from tests.synth import write_project
from tests.test_incremental import _tree

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("parallel") / "project", 150)


def _count_forks(monkeypatch) -> list:
    """Names the functions run in a second process. Forks as the command line does, even with the
    browser tests' helper thread alive in this process (the command line refuses to fork beside threads)."""
    monkeypatch.setattr(forking, "available", lambda: True)
    forks = []
    for name in ("start", "stream"):
        real = getattr(forking.Forked, name)
        monkeypatch.setattr(
            forking.Forked, name, lambda *args, real=real: forks.append(args[0].__name__) or real(*args)
        )
    return forks


def test_two_processes_build_the_same_bytes_as_one(synthetic, capsys, monkeypatch):
    config = str(synthetic / "mkdocs.yml")
    forks = _count_forks(monkeypatch)
    assert main(["build", "-f", config, "--strict", "--clean", "-j", "2", "-d", str(synthetic / "two")]) == 0
    assert forks == ["check_files", "_second_core", "_render_share"]  # what runs on the second core
    assert (
        main(["build", "-q", "-f", config, "--strict", "--clean", "-j", "1", "-d", str(synthetic / "one")])
        == 0
    )
    assert len(forks) == 3
    assert "pages rendered" in capsys.readouterr().err
    two, one = _tree(synthetic / "two"), _tree(synthetic / "one")
    assert len(two) > 300
    assert sorted(two) == sorted(one)
    assert [path for path in one if one[path] != two[path]] == []


def test_warnings_from_the_second_process_fail_a_strict_build(synthetic, capsys, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(synthetic, project, ignore=shutil.ignore_patterns("two", "one", "site"))
    stories = sorted((project / "content" / "stories").rglob("*.md"))
    for story in stories:  # every page gets a broken link, so both processes warn
        story.write_text(
            story.read_text(encoding="utf-8") + "\nSee [gone](missing-story.md).\n", encoding="utf-8"
        )
    site = project / "site"
    assert main(["build", "-f", str(project / "mkdocs.yml"), "--strict", "-j", "2"]) == 1
    err = capsys.readouterr().err
    assert err.count("contains a link 'missing-story.md'") == len(stories)
    assert "Aborted with" in err and f"{len(stories)} warnings" in err
    assert not site.exists()  # nothing half-built is left where the site goes


def test_check_split_over_two_processes_reports_exactly_what_one_does(synthetic, tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(synthetic / "content", content)
    stories = sorted((content / "stories").rglob("*.md"))
    first, last = stories[0], stories[-1]  # one broken story in each half
    first.write_text(first.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    last.write_text(
        last.read_text(encoding="utf-8").replace("tags:", "tags: [no-such-tag]\nold_tags:", 1),
        encoding="utf-8",
    )
    copy = stories[1].with_name("zz-copy.md")  # claims stories[1]'s slug: found once the halves are merged
    copy.write_text(
        stories[1].read_text(encoding="utf-8").replace("title:", f"slug: {stories[1].stem}\ntitle:", 1),
        encoding="utf-8",
    )
    forks = _count_forks(monkeypatch)
    split = pipeline.check(content, forked=True)
    assert forks == ["check_files"]
    single = pipeline.check(content, forked=False)
    assert split == single
    codes = {d.code for d in split.diagnostics}
    assert {"unknown-field", "unknown-tag", "duplicate-slug"} <= codes
