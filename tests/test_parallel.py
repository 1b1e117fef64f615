"""Any number of processes builds exactly what one does, and a failure in any of them stops the build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jinja2 import pass_context

from generator import forking
from generator.cli import main
from generator.publish import chrome
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

    def start(function, *args):
        # map_shares forks a wrapper that pickles the results in parts: the function named is the one it runs
        forks.append((args[0] if function is forking._pickled_parts else function).__name__)
        return real(function, *args)

    monkeypatch.setattr(forking.Forked, "start", start)
    return forks


@pytest.fixture(scope="module")
def one_process(synthetic) -> dict[str, bytes]:
    """The site as one process on one machine builds it."""
    site = synthetic / "jobs-1"
    config = str(synthetic / "mkdocs.yml")
    assert main(["build", "-q", "-f", config, "--strict", "--clean", "-j", "1", "-d", str(site)]) == 0
    return _tree(site)


def _differences(built: dict[str, bytes], reference: dict[str, bytes]) -> list[str]:
    missing_or_extra = sorted(set(built) ^ set(reference))
    return missing_or_extra or [path for path in reference if built[path] != reference[path]]


def test_any_number_of_processes_builds_the_same_bytes(synthetic, one_process, capsys, monkeypatch):
    config = str(synthetic / "mkdocs.yml")
    forks = _count_forks(monkeypatch)
    assert len(one_process) > 300
    for jobs in (2, 3):
        forks.clear()
        site = synthetic / f"jobs-{jobs}"
        assert (
            main(["build", "-q", "-f", config, "--strict", "--clean", "-j", str(jobs), "-d", str(site)]) == 0
        )
        assert (forks.count("check_files"), forks.count("_work")) == (jobs - 1, jobs - 1)
        assert _differences(_tree(site), one_process) == [], jobs


class EveryTime:
    """No memo: every part of the theme rendered for every page (what the memo must be the same as)."""

    @pass_context
    def once(self, context, name, key="", *, caller):
        return caller()

    @pass_context
    def kept(self, context, name, key=""):
        return ""

    @pass_context
    def keep(self, context, name, text, key=""):
        return text


def test_the_theme_chrome_rendered_once_per_folder_is_what_every_page_renders(
    synthetic, one_process, monkeypatch
):
    # Without the memo every part of the theme is rendered for each page: the site must not change.
    monkeypatch.setattr(chrome, "ChromeMemo", EveryTime)
    site = synthetic / "every-time"
    config = str(synthetic / "mkdocs.yml")
    assert main(["build", "-q", "-f", config, "--strict", "--clean", "-j", "1", "-d", str(site)]) == 0
    assert _differences(_tree(site), one_process) == []


@pytest.fixture(scope="module")
def shards(synthetic) -> dict[int, list[Path]]:
    """The site built as N shards, for N = 1, 2 and 3 (two processes each)."""
    config = str(synthetic / "mkdocs.yml")
    built = {}
    for count in (1, 2, 3):
        built[count] = [synthetic / f"shard-{k}-of-{count}" for k in range(1, count + 1)]
        for k, folder in enumerate(built[count], start=1):
            args = ["build", "-q", "-f", config, "--strict", "-j", "2", "--shard", f"{k}/{count}"]
            assert main([*args, "-d", str(folder)]) == 0
    return built


def test_shards_merged_are_the_site_one_machine_builds(shards, one_process, tmp_path, capsys):
    for count, folders in shards.items():
        merged = tmp_path / f"merged-{count}"
        assert main(["merge", str(merged), *map(str, reversed(folders))]) == 0  # in any order
        assert capsys.readouterr().err == f"merged {count} shards into {merged}: {len(one_process):,} files\n"
        assert _differences(_tree(merged), one_process) == [], count
    # Each page is written by one shard only, and every shard has its share of the work (balanced
    # by estimated cost: a story page costs more than a listing, so the counts differ somewhat).
    pages = [{p for p in _tree(folder) if p.endswith(".html")} for folder in shards[3]]
    common = pages[0] & pages[1] & pages[2]
    own = [len(share - common) for share in pages]
    assert sum(own) + len(common) == sum(1 for p in one_process if p.endswith(".html"))
    assert min(own) >= sum(own) / 4, own


def _copies(folders: list[Path], into: Path) -> list[Path]:
    copies = []
    for folder in folders:
        copies.append(into / folder.name)
        shutil.copytree(folder, copies[-1])
    return copies


def test_a_merge_refuses_what_would_not_be_the_whole_site(shards, tmp_path, capsys):
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("the previous site")
    first, second = _copies(shards[2], tmp_path)

    def merge_error(*folders: Path) -> str:
        capsys.readouterr()
        assert main(["merge", str(target), *map(str, folders)]) == 1
        assert (target / "index.html").read_text() == "the previous site"  # left as it was
        return capsys.readouterr().err

    assert merge_error(first) == f"error: shard 2/2 is missing: nothing was merged; {target} is unchanged\n"
    assert "shard 1/2 was given twice" in merge_error(first, first, second)
    other = shards[3][1]
    assert merge_error(first, other) == (
        f"error: {other} (shard 2/3) and {first} (shard 1/2) are shares of different builds: build every "
        f"shard from the same content, mkdocs.yml and generator; {target} is unchanged\n"
    )
    assert merge_error(first, tmp_path) == (
        f"error: {tmp_path} is not a shard's output: it has no .archive-shard.json; {target} is unchanged\n"
    )
    manifest = json.loads((second / ".archive-shard.json").read_text())
    (second / ".archive-shard.json").write_text(json.dumps({**manifest, "files": {"../../x": 1}}))
    assert "(it names a file outside the shard: '../../x'); build that shard again" in merge_error(
        first, second
    )
    (second / ".archive-shard.json").write_text(json.dumps(manifest))
    lost = sorted((second / "stories").rglob("*.html"))[0]
    lost.unlink()
    assert f"error: {lost} is listed by shard 2/2 but is missing" in merge_error(first, second)
    shutil.rmtree(second)
    second = _copies(shards[2][1:], tmp_path)[0]
    page = second / "404.html"  # every shard writes it: the copies must agree
    page.write_bytes(page.read_bytes() + b"<!-- x -->")
    manifest = json.loads((second / ".archive-shard.json").read_text())
    manifest["files"]["404.html"] = page.stat().st_size
    (second / ".archive-shard.json").write_text(json.dumps(manifest))
    assert "shards 1/2 and 2/2 wrote different 404.html" in merge_error(first, second)


def test_a_shard_names_a_share_that_exists(synthetic, capsys):
    config = str(synthetic / "mkdocs.yml")
    for wrong, reason in (
        ("3/2", "shard 3 of 2 does not exist: K runs from 1 to N"),
        ("2", "'2' is not K/N"),
    ):
        with pytest.raises(SystemExit) as exit_code:
            main(["build", "-f", config, "--shard", wrong])
        assert exit_code.value.code == 2
        assert f"argument --shard: {reason}" in capsys.readouterr().err
    assert main(["build", "-f", config, "--shard", "1/2", "--zip", "x.zip"]) == 2
    assert "--zip and --zim need the whole site" in capsys.readouterr().err


def test_a_failure_in_another_process_fails_the_build_and_leaves_no_site(
    synthetic, capsys, tmp_path, monkeypatch
):
    from generator.pages import render

    project = tmp_path / "project"
    shutil.copytree(synthetic, project, ignore=shutil.ignore_patterns("jobs-*", "site"))
    real = render.PageRenderer.render

    def failing(self, spec, context):  # a bug that pages in every process meet
        if spec.path.endswith("9.html"):
            raise ValueError("a bug")
        return real(self, spec, context)

    monkeypatch.setattr(render.PageRenderer, "render", failing)
    _count_forks(monkeypatch)
    assert main(["build", "-f", str(project / "mkdocs.yml"), "--strict", "-j", "2"]) == 1
    err = capsys.readouterr().err
    assert "error[generate-failed]: rendering this story's page failed (ValueError: a bug)" in err
    assert "Traceback" not in err
    assert not (project / "site").exists()  # nothing half-built is left where the site goes


def test_a_page_whose_context_cannot_be_made_names_its_story(synthetic, capsys, tmp_path, monkeypatch):
    """A story page's context is made in the process that renders it: a bug there is the story's
    error, in the parent's report, like a bug in its template."""
    from generator.pages import plan

    project = tmp_path / "project"
    shutil.copytree(synthetic, project, ignore=shutil.ignore_patterns("jobs-*", "site"))
    real = plan._story_page

    def failing(site, cards, number, path):
        if path.endswith("story-7.html"):
            raise KeyError("a bug")
        return real(site, cards, number, path)

    monkeypatch.setattr(plan, "_story_page", failing)
    _count_forks(monkeypatch)
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-j", "2"]) == 1
    err = capsys.readouterr().err
    failed = "/story-7.md:1:1: error[generate-failed]: rendering this story's page failed (KeyError: 'a bug')"
    assert failed in err
    assert "Traceback" not in err
    assert not (project / "site").exists()


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


def _squares_with_origin(items: list[int]) -> list[tuple[int, int]]:
    return [(item * item, len(items)) for item in items]


def test_shares_sent_back_in_parts_come_back_whole_and_in_order(monkeypatch):
    """A child's results cross the pipe in parts of 2,000: each part is the function of its own items."""
    forks = _count_forks(monkeypatch)
    items = list(range(5_001))
    for jobs in (2, 3):
        result = forking.map_shares(_squares_with_origin, items, jobs)
        assert [square for square, _ in result] == [item * item for item in items]
        # the first share is computed whole here; the others in parts of at most 2,000
        parts = sorted({size for _, size in result})
        assert parts[-1] == len(forking.shares(len(items), jobs)[0])
        assert all(size <= 2_000 for size in parts[:-1])
    assert forks == ["_squares_with_origin"] * 3
