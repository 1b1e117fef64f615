"""Any number of processes builds exactly what one does, and a failure in any of them stops the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import forking
from generator.cli import main
from tests.helpers import check_content
from tests.synth import write_project
from tests.test_incremental import _tree

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("parallel") / "project", 150)


def _count_forks(monkeypatch) -> list:
    """Names the functions run in other processes. Forks as the command line does, even with the
    browser tests' helper thread alive in this process (the command line refuses to fork beside threads)."""
    monkeypatch.setattr(forking, "can_fork", lambda: True)
    forks = []
    real = forking.Forked.start
    monkeypatch.setattr(forking.Forked, "start", lambda *args: forks.append(args[0].__name__) or real(*args))
    return forks


def test_any_number_of_processes_builds_the_same_bytes(synthetic, capsys, monkeypatch):
    config = str(synthetic / "mkdocs.yml")
    forks = _count_forks(monkeypatch)
    built = {}
    for jobs in (1, 2, 3):
        forks.clear()
        site = synthetic / f"jobs-{jobs}"
        assert (
            main(["build", "-q", "-f", config, "--strict", "--clean", "-j", str(jobs), "-d", str(site)]) == 0
        )
        assert (forks.count("check_files"), forks.count("_work")) == (jobs - 1, jobs - 1)
        built[jobs] = _tree(site)
    assert len(built[1]) > 300
    for jobs in (2, 3):
        assert sorted(built[jobs]) == sorted(built[1])
        assert [path for path in built[1] if built[1][path] != built[jobs][path]] == [], jobs


def test_a_failure_in_another_process_fails_the_build_and_leaves_no_site(
    synthetic, capsys, tmp_path, monkeypatch
):
    from generator.pages import render

    project = tmp_path / "project"
    shutil.copytree(synthetic, project, ignore=shutil.ignore_patterns("jobs-*", "site"))
    real = render.PageRenderer.render

    def failing(self, spec):  # a bug that pages in every process meet
        if spec.path.endswith("9.html"):
            raise ValueError("a bug")
        return real(self, spec)

    monkeypatch.setattr(render.PageRenderer, "render", failing)
    _count_forks(monkeypatch)
    assert main(["build", "-f", str(project / "mkdocs.yml"), "--strict", "-j", "2"]) == 1
    err = capsys.readouterr().err
    assert "error[generate-failed]: rendering this story's page failed (ValueError: a bug)" in err
    assert "Traceback" not in err
    assert not (project / "site").exists()  # nothing half-built is left where the site goes


def test_check_split_over_processes_reports_exactly_what_one_does(synthetic, tmp_path, monkeypatch):
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
    split = check_content(content, jobs=3)
    assert forks == ["check_files", "check_files"]
    single = check_content(content, jobs=1)
    assert split == single
    codes = {d.code for d in split.diagnostics}
    assert {"unknown-field", "unknown-tag", "duplicate-slug"} <= codes
