"""`serve` plans again only the pages that show stories edited in place, and gets what a full plan gets."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.pages.index import build_indexes
from generator.pages.plan import page_specs
from generator.pages.replan import replan
from generator.settings import Settings
from tests.helpers import FIXTURE_CONTENT

STORY = "stories/2023/lavrov-visits-pyongyang.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    return tmp_path / "content"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _checked(settings: Settings, memo: pipeline.CheckMemo) -> pipeline.Checked:
    checked = pipeline.check(settings, pipeline.CheckOptions(), memo)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    return checked


@pytest.mark.parametrize(
    "old, new",
    [
        ("was discussed.", "was discussed at length."),  # the body
        ("title: ", "title: Renamed "),  # shown by every listing, feed and related story
        ("summary: ", "summary: Newly "),
    ],
)
def test_an_edit_in_place_plans_what_a_full_plan_does(content, old, new):
    settings, memo = Settings(content_dir=content), pipeline.CheckMemo()
    before = pipeline.plan(_checked(settings, memo), settings)
    specs = page_specs(before)
    untouched = {story.slug for story in before.archive.stories} - {"lavrov-visits-pyongyang"}
    _edit(content / STORY, old, new)
    checked = _checked(settings, memo)
    # Every other story is the very object of the last check: nothing else was read again.
    kept = {story.slug for story in checked.archive.stories if story in before.archive.stories}
    assert untouched <= kept
    replanned = replan(before, checked.archive, settings)
    assert replanned is not None and replanned.edited == 1
    fresh = {spec.path: spec for spec in page_specs(replanned.site, replanned.selection)}
    merged = [fresh.get(spec.path, spec) for spec in specs]
    full = pipeline.plan(checked, settings)
    assert merged == page_specs(full)
    assert replanned.site.indexes == build_indexes(checked.archive)
    assert replanned.site.related == full.related
    assert len(fresh) < len(specs)  # and it planned a part of the site (a small one in a large archive)
    assert "stories/2023/lavrov-visits-pyongyang.html" in fresh


@pytest.mark.parametrize(
    "file, old, new",
    [
        (STORY, "people: [", "people: [dmitry-peskov, "),  # listed on one more person's page
        (STORY, "date: 2023-10-19", "date: 2023-06-19"),  # another month, another place in the archive
        ("people.yml", "name: Sergey Lavrov", "name: Sergey V. Lavrov"),  # shown on every page naming him
    ],
)
def test_any_other_change_is_planned_from_scratch(content, file, old, new):
    settings, memo = Settings(content_dir=content), pipeline.CheckMemo()
    before = pipeline.plan(_checked(settings, memo), settings)
    _edit(content / file, old, new)
    assert replan(before, _checked(settings, memo).archive, settings) is None


def test_a_story_added_or_removed_is_planned_from_scratch(content):
    settings, memo = Settings(content_dir=content), pipeline.CheckMemo()
    before = pipeline.plan(_checked(settings, memo), settings)
    (content / STORY).unlink()
    assert replan(before, _checked(settings, memo).archive, settings) is None


def test_the_memo_never_keeps_a_file_that_was_written(content):
    """An edit that keeps the file's size and mtime still changes its ctime: it is read again."""
    settings, memo = Settings(content_dir=content), pipeline.CheckMemo()
    _checked(settings, memo)
    path = content / STORY
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("was discussed.", "was discussed!"), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    checked = _checked(settings, memo)
    [story] = [s for s in checked.archive.stories if s.slug == "lavrov-visits-pyongyang"]
    assert "was discussed!" in story.body
