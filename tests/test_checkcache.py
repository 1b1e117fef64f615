"""Check results kept between runs: same answers as a fresh check, kept out of the repository."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from PIL import Image

from generator import pipeline
from generator.cache.checks import record_path
from generator.cache.folder import cache_folder
from generator.cli import main
from tests.helpers import PEOPLE, check_content, make_content, story, working_folder

STORIES = {
    "2023/good.md": story(
        title="Peskov speaks",
        body="Kim Jong Un was named.",
        extra="source: {name: TASS, url: 'https://tass.ru/x', published: 2023-09-10}\nsummary: A summary",
    ),
    "2023/timed.md": story(
        date="2023-09-12T14:00:00+09:00", people="[zoe-durand]", extra="authors: [A. Writer]\ndraft: true"
    ),
    "2023/broken.md": story(tags="[rusia]"),
    "2023/empty.md": "",
}


@pytest.fixture
def content(tmp_path):
    return make_content(tmp_path, STORIES)


def _parses(monkeypatch) -> list:
    parsed = []
    real = pipeline.parse_story
    monkeypatch.setattr(
        pipeline,
        "parse_story",
        lambda data, relative, *rest: parsed.append(relative) or real(data, relative, *rest),
    )
    return parsed


def test_a_second_check_reuses_every_unchanged_story_and_answers_the_same(content, tmp_path, monkeypatch):
    fresh = check_content(content, drafts=True, record=True)
    parsed = _parses(monkeypatch)
    again = check_content(content, drafts=True, record=True)
    assert parsed == []
    assert again == fresh == check_content(content, drafts=True)
    assert {d.code for d in again.diagnostics} >= {"unknown-tag", "empty-file", "unlisted-person"}
    parsed.clear()

    (content / "stories/2023/broken.md").write_text(story(), encoding="utf-8")
    fixed = check_content(content, drafts=True, record=True)
    assert parsed == ["stories/2023/broken.md"]
    assert "unknown-tag" not in {d.code for d in fixed.diagnostics}
    assert fixed == check_content(content, drafts=True)


def test_a_changed_registry_checks_every_story_again(content, tmp_path, monkeypatch):
    check_content(content, record=True)
    parsed = _parses(monkeypatch)
    (content / "people.yml").write_text(
        PEOPLE.replace("kim-jong-un:\n  name: Kim Jong-un\n  aliases: [Kim Jong Un]\n", ""), encoding="utf-8"
    )
    changed = check_content(content, record=True)
    assert sorted(parsed) == sorted(f"stories/{name}" for name in STORIES)
    assert "unlisted-person" not in {
        d.code for d in changed.diagnostics
    }  # Kim Jong Un is no longer in the registry


def test_a_damaged_record_is_ignored(content, tmp_path, capsys):
    record = record_path(content)
    record.parent.mkdir(parents=True, exist_ok=True)
    for damage in ("not json", '{"version": 1, "context": "x"}', "[]"):
        record.write_text(damage, encoding="utf-8")
        assert check_content(content, record=True) == check_content(content)
    check_content(content, record=True)
    text = record.read_text(encoding="utf-8")
    damaged = text.replace('"stories/2023/good.md":["', '"stories/2023/good.md":[1,2,["')
    assert damaged != text
    record.write_text(damaged, encoding="utf-8")
    assert check_content(content, record=True) == check_content(content)
    assert '"title":"Peskov speaks"' in text  # recorded by field name
    record.write_text(text.replace('"title":"Peskov speaks"', '"title":42'), encoding="utf-8")  # a wrong type
    assert check_content(content, record=True) == check_content(content)


def test_the_command_keeps_its_record_outside_the_project(content, tmp_path, capsys, monkeypatch):
    before = sorted(os.walk(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    first = capsys.readouterr().out
    assert main(["check"]) == 1
    assert capsys.readouterr().out == first
    record = record_path(content)
    record.write_text("{}", encoding="utf-8")
    assert main(["check", "--no-cache"]) == 1
    assert capsys.readouterr().out == first
    assert '"files"' in record.read_text(encoding="utf-8")  # checked afresh, and recorded for next time
    assert sorted(os.walk(tmp_path)) == before  # nothing written into the project
    assert record_path(content) == cache_folder(tmp_path) / "check.json"
    assert record_path(content).is_file()
    assert str(record_path(content)).startswith(os.environ["XDG_CACHE_HOME"])


def test_an_unwritable_cache_folder_changes_nothing_but_speed(content, tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    first = capsys.readouterr().out
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert main(["check"]) == 1
    assert capsys.readouterr().out == first


# Every kind of input that can change what check says, each edited in turn: after each edit the
# cached check must answer exactly as a fresh one, diagnostic for diagnostic and exit code.
def _png(width: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, 20), "blue").save(out, "PNG")
    return out.getvalue()


AUTHORS = "elizabeth-smith:\n  name: Elizabeth Smith\n"
EDITS = [
    ("a story is fixed", lambda c: (c / "stories/2023/broken.md").write_text(story(), encoding="utf-8")),
    (
        "a story breaks",
        lambda c: (c / "stories/2023/good.md").write_text(story(tags="[x]"), encoding="utf-8"),
    ),
    ("a person is added", lambda c: _append(c / "people.yml", "a-writer:\n  name: A. Writer\n")),
    (
        "a tag is removed",
        lambda c: (c / "tags.yml").write_text("russia:\n  name: Russia\n", encoding="utf-8"),
    ),
    ("authors.yml appears", lambda c: (c / "authors.yml").write_text(AUTHORS, encoding="utf-8")),
    ("an author is added", lambda c: _append(c / "authors.yml", "a-writer:\n  name: A. Writer\n")),
    ("an author is removed", lambda c: (c / "authors.yml").write_text(AUTHORS, encoding="utf-8")),
    ("authors.yml goes", lambda c: (c / "authors.yml").unlink()),
    ("a story shows an image", lambda c: (c / "stories/2023/pic.md").write_text(PICTURE, encoding="utf-8")),
    ("the image appears", lambda c: _write(c / "media/map.png", _png(40))),
    ("the image changes", lambda c: _write(c / "media/map.png", b"not a picture")),
    ("the image is fixed", lambda c: _write(c / "media/map.png", _png(41))),
    ("the image limit shrinks", lambda c: _write(c.parent / "mkdocs.yml", LIMITED.encode())),
    ("the limit is lifted", lambda c: (c.parent / "mkdocs.yml").unlink()),
    ("the image is removed", lambda c: (c / "media/map.png").unlink()),
]
PICTURE = story(extra="image: {file: map.png, alt: A map}")
LIMITED = (
    "site_name: x\nsite_url: https://example.org/\n"
    "plugins:\n  - archive:\n      max_image_megabytes: 0.0001\n"
)


def _append(path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _write(path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _answers(capsys, *args: str) -> tuple[int, str]:
    code = main(["check", "--strict", "--format", "json", *args])
    return code, capsys.readouterr().out


def test_the_cached_check_answers_as_a_fresh_one_after_every_kind_of_edit(content, tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_url: https://example.org/\n", encoding="utf-8")
    with working_folder(tmp_path):
        _answers(capsys)
        for what, edit in EDITS:
            edit(content)
            cached = _answers(capsys)
            assert cached == _answers(capsys, "--no-cache"), what


def test_the_cached_check_answers_as_a_fresh_one_on_another_day_or_code(
    content, tmp_path, capsys, monkeypatch
):
    from generator.cache import checks

    tomorrow = dt.date.today() + dt.timedelta(days=1)
    (content / "stories/2023/fix.md").write_text(
        story(extra=f"corrections: [{{date: {tomorrow.isoformat()}, text: Fixed.}}]"), encoding="utf-8"
    )
    with working_folder(tmp_path):
        first = _answers(capsys)
        assert "in the future" in first[1]
        monkeypatch.setattr(pipeline, "today_date", lambda: tomorrow)
        assert _answers(capsys) == _answers(capsys, "--no-cache")
        assert "in the future" not in _answers(capsys)[1]
        recorded = record_path(content).read_text(encoding="utf-8")
        monkeypatch.setattr(checks, "code_digest", lambda: "another generator")
        _answers(capsys)
        assert record_path(content).read_text(encoding="utf-8") != recorded  # not reused: written anew
