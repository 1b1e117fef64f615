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


def _replanned_as_fully_planned(settings, memo, before, specs, said):
    """The plan after the change, against a plan from scratch: the same pages, spec for spec."""
    checked = _checked(settings, memo)
    replanned = replan(before, specs, checked.archive, settings)
    assert replanned is not None and replanned.said == said
    again = page_specs(replanned.site, replanned.selection)
    full = pipeline.plan(checked, settings)
    # Spec for spec, with each context made: a kept page's is made from the last site, and must be
    # what the new site would make.
    assert [(s.path, s.template, s.source, s.context()) for s in again] == [
        (s.path, s.template, s.source, s.context()) for s in page_specs(full)
    ]
    assert replanned.site.indexes == build_indexes(checked.archive)
    assert replanned.site.related == full.related
    kept = {spec.path: spec for spec in specs}
    fresh = [spec.path for spec in again if kept.get(spec.path) is not spec]
    assert len(fresh) < len(again)  # and it planned a part of the site (a small one in a large archive)
    return fresh


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
    fresh = _replanned_as_fully_planned(settings, memo, before, specs, "1 story edited in place")
    assert "stories/2023/lavrov-visits-pyongyang.html" in fresh
    # Every other story is the very object of the last check: nothing else was read again.
    kept = {
        story.slug for story in _checked(settings, memo).archive.stories if story in before.archive.stories
    }
    assert untouched <= kept


@pytest.mark.parametrize(
    "old, new, said",
    [
        ("people: [", "people: [dmitry-peskov, ", "1 story changed"),  # on one more person's page
        ("date: 2023-10-19", "date: 2023-06-19", "1 story changed"),  # another month, another place
    ],
)
def test_a_story_that_moves_plans_what_a_full_plan_does(content, old, new, said):
    settings, memo = Settings(content_dir=content), pipeline.CheckMemo()
    before = pipeline.plan(_checked(settings, memo), settings)
    _edit(content / STORY, old, new)
    fresh = _replanned_as_fully_planned(settings, memo, before, page_specs(before), said)
    assert "stories/2023/lavrov-visits-pyongyang.html" in fresh


def test_a_story_added_or_removed_plans_what_a_full_plan_does(content):
    settings, memo = Settings(content_dir=content), pipeline.CheckMemo()
    before = pipeline.plan(_checked(settings, memo), settings)
    text = (content / STORY).read_text(encoding="utf-8")
    again = content / "stories/2023/lavrov-visits-pyongyang-again.md"
    again.write_text(text.replace("title: ", "title: Again, ", 1), encoding="utf-8")
    fresh = _replanned_as_fully_planned(settings, memo, before, page_specs(before), "1 story added")
    assert "stories/2023/lavrov-visits-pyongyang-again.html" in fresh
    middle = pipeline.plan(_checked(settings, memo), settings)
    again.unlink()
    _replanned_as_fully_planned(settings, memo, middle, page_specs(middle), "1 story removed")


def test_a_registry_change_plans_the_pages_that_name_the_entry(content):
    """A person's name is shown on every page that names them, and nowhere else."""
    settings, memo = Settings(content_dir=content), pipeline.CheckMemo()
    before = pipeline.plan(_checked(settings, memo), settings)
    _edit(content / "people.yml", "name: Sergey Lavrov", "name: Sergey V. Lavrov")
    fresh = _replanned_as_fully_planned(
        settings, memo, before, page_specs(before), "1 registry entry changed"
    )
    assert "people/sergey-lavrov.html" in fresh and "stories/2023/lavrov-visits-pyongyang.html" in fresh


def test_a_settings_change_is_planned_from_scratch(content):
    settings, memo = Settings(content_dir=content), pipeline.CheckMemo()
    before = pipeline.plan(_checked(settings, memo), settings)
    other = Settings(content_dir=content, site_name="Another name")
    assert replan(before, page_specs(before), _checked(other, memo).archive, other) is None


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


@pytest.mark.parametrize(
    "file, old, new",
    [
        (STORY, "was discussed.", "was discussed at length."),
        (STORY, "date: 2023-10-19", "date: 2023-13-45"),  # an error
        ("people.yml", "name: Sergey Lavrov", "name: Sergey V. Lavrov"),
        ("tags.yml", "diplomacy", "diplomacy-renamed"),  # an entry stories list is gone: errors
    ],
)
def test_the_memo_says_what_a_check_from_scratch_says(content, file, old, new):
    """After each kind of edit, `serve`'s check from memory gives the diagnostics and the archive
    of a check that reads everything again."""
    settings, memo = Settings(content_dir=content), pipeline.CheckMemo()
    pipeline.check(settings, pipeline.CheckOptions(), memo)
    _edit(content / file, old, new)
    remembered = pipeline.check(settings, pipeline.CheckOptions(), memo)
    fresh = pipeline.check(settings, pipeline.CheckOptions(reuse=False))
    assert [d.format() for d in remembered.diagnostics] == [d.format() for d in fresh.diagnostics]
    assert remembered.archive == fresh.archive
