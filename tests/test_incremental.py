"""Rebuilds reuse unchanged pages, and the result is byte for byte what a clean build gives."""

from __future__ import annotations

import gc
import json
import re
import weakref
from pathlib import Path

import pytest

from generator.cli import main
from generator.publish.build import cache_path
from tests.helpers import copy_project

pytestmark = pytest.mark.e2e
STORY = Path("content/stories/2023/lavrov-visits-pyongyang.md")
STORY_PAGE = "stories/2023/lavrov-visits-pyongyang.html"
PLAIN_STORY = Path("content/stories/2023/kim-jong-un-train-enters-russia.md")  # shows no image
PLAIN_PAGE = "stories/2023/kim-jong-un-train-enters-russia.html"


def _build(project: Path, capsys, strict: bool = True) -> tuple[int, int]:
    """Build into project/site; return (pages rendered, pages reused) as the build reports them."""
    capsys.readouterr()
    assert main(["build", "-f", str(project / "mkdocs.yml"), *(["--strict"] if strict else [])]) == 0
    report = re.search(r"(\d+) pages rendered, (\d+) reused", capsys.readouterr().err)
    return int(report.group(1)), int(report.group(2))


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _same_as_clean_build(project: Path) -> dict[str, bytes]:
    """The rebuilt site against a clean build of the same sources, file by file."""
    rebuilt = _tree(project / "site")
    assert (
        main(["build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(project / "clean"), "--clean"]) == 0
    )
    clean = _tree(project / "clean")
    assert sorted(rebuilt) == sorted(clean)  # nothing stale, nothing missing
    different = [path for path in clean if rebuilt[path] != clean[path]]
    assert different == []
    return rebuilt


@pytest.fixture
def project(tmp_path, capsys):
    project = copy_project(tmp_path)
    rendered, reused = _build(project, capsys)
    assert reused == 0 and rendered > 20
    return project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_reuses_every_page(project, capsys):
    rendered, reused = _build(project, capsys)
    assert rendered == 0 and reused > 20
    _same_as_clean_build(project)


def test_edited_story_body(project, capsys):
    _edit(project / STORY, "was discussed.", "was discussed at length.")
    rendered, reused = _build(project, capsys)
    assert rendered == 1  # only the story's own page shows its body
    site = _same_as_clean_build(project)
    assert b"was discussed at length." in site[STORY_PAGE]


def test_files_besides_pages_are_linked_when_their_bytes_are_the_same(project, capsys):
    site = project / "site"
    before = {path: (site / path).stat().st_ino for path in ("data/people.json", "feeds/index.xml")}
    _edit(project / STORY, "was discussed.", "was discussed at length.")
    capsys.readouterr()
    assert main(["build", "-f", str(project / "mkdocs.yml"), "--strict"]) == 0
    files, kept = map(
        int,
        re.search(
            r"(\d+) other files written, (\d+) of them linked unchanged", capsys.readouterr().err
        ).groups(),
    )
    assert 0 < kept < files
    # The registry's data is the file the previous build made; the full-text feed is written anew.
    assert (site / "data/people.json").stat().st_ino == before["data/people.json"]
    assert (site / "feeds/index.xml").stat().st_ino != before["feeds/index.xml"]
    assert b"was discussed at length." in (site / "feeds/index.xml").read_bytes()
    _same_as_clean_build(project)


def test_edited_story_title_reaches_every_listing(project, capsys):
    _edit(project / STORY, "title: ", "title: Renamed ")
    rendered, _ = _build(project, capsys)
    site = _same_as_clean_build(project)
    assert 1 < rendered < 28
    for page in ("tags/diplomacy.html", "people/sergey-lavrov.html", "archive/2023/10.html"):
        assert b"Renamed Lavrov" in site[page], page


def test_deleted_story(project, capsys):
    (project / STORY).unlink()
    _build(project, capsys)
    site = _same_as_clean_build(project)
    assert STORY_PAGE not in site
    assert not any(
        b"lavrov-visits-pyongyang" in data for path, data in site.items() if path.endswith(".html")
    )


def test_story_changes_its_people_and_tags(project, capsys):
    _edit(project / STORY, "people: [", "people: [dmitry-peskov, ")
    _build(project, capsys)
    site = _same_as_clean_build(project)
    assert b"lavrov-visits-pyongyang.html" in site["people/dmitry-peskov.html"]


def test_changed_registry_entry(project, capsys):
    _edit(project / "content/people.yml", "name: Sergey Lavrov", "name: Sergey V. Lavrov")
    _build(project, capsys)
    site = _same_as_clean_build(project)
    assert b"people/sergey-lavrov.html>Sergey V. Lavrov</a>" in site[STORY_PAGE]


def test_changed_theme_template_renders_every_page(project, capsys):
    main_html = project / "theme" / "main.html"
    main_html.write_text(
        main_html.read_text(encoding="utf-8") + "\n{# a harmless change #}\n", encoding="utf-8"
    )
    rendered, reused = _build(project, capsys)
    assert reused == 0 and rendered > 20
    _same_as_clean_build(project)


def test_changed_mkdocs_yml_renders_every_page(project, capsys):
    _edit(project / "mkdocs.yml", "site_name: Story Archive", "site_name: The Story Archive")
    rendered, reused = _build(project, capsys)
    assert reused == 0
    site = _same_as_clean_build(project)
    assert b"The Story Archive" in site[STORY_PAGE]


def test_page_edited_by_hand_in_the_site_is_rendered_again(project, capsys):
    page = project / "site" / STORY_PAGE
    page.write_bytes(page.read_bytes().replace(b"Lavrov", b"Tampered"))
    rendered, _ = _build(project, capsys)
    assert rendered == 1
    _same_as_clean_build(project)


def test_the_record_follows_the_site(project, capsys):
    record = json.loads(cache_path(project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert record["site_dir"] == str((project / "site").resolve())
    assert STORY_PAGE in record["pages"]


def _serve_build(project: Path, served: Path, caplog, first: bool = False) -> tuple[int, int]:
    """One build of `mkdocs serve --dirty` into `served`: (pages rendered, pages reused)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    caplog.clear()
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(served))
    if first:  # as `mkdocs serve --dirty` starts: once, before its first build
        config.plugins.on_startup(command="serve", dirty=True)
    else:  # MkDocs hands the same plugin object to every rebuild of `serve`
        plugin = next(p for n, p in config.plugins.items() if n.endswith("archive"))
        assert (plugin.command, plugin.dirty) == ("serve", True)
    build(config, dirty=True)
    config.plugins.on_shutdown()  # as `serve` ends: what follows the first pages is written
    if first:  # the site-wide pages, then every other page, written after the build
        first_pages = re.search(r"(\d+) site-wide pages rendered first", caplog.text)
        more = re.search(r"(\d+) more pages rendered; search, feeds and data written", caplog.text)
        return int(first_pages.group(1)) + int(more.group(1)), 0
    report = re.search(r"(\d+) pages rendered, (\d+) reused", caplog.text)
    return int(report.group(1)), int(report.group(2))


def _served_as_clean_build(project: Path, served: Path, capsys) -> dict[str, bytes]:
    """What `serve` leaves in its folder against a clean build of the same sources, file by file."""
    capsys.readouterr()
    assert (
        main(["build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(project / "clean"), "--clean"]) == 0
    )
    clean, kept = _tree(project / "clean"), _tree(served)
    stale, missing = sorted(kept.keys() - clean.keys()), sorted(clean.keys() - kept.keys())
    assert (stale, missing) == ([], [])
    assert [path for path, data in clean.items() if kept[path] != data] == []
    return kept


def test_mkdocs_serve_dirty_keeps_unchanged_pages_in_place(project, capsys, caplog):
    """`mkdocs serve --dirty` rebuilds into one folder; what it leaves there is a clean build's bytes."""
    served = project / "served"
    rendered, reused = _serve_build(project, served, caplog, first=True)
    assert reused == 0 and rendered > 20
    _edit(project / STORY, "was discussed.", "was discussed (edited while serving).")
    rendered, reused = _serve_build(project, served, caplog)
    assert reused > 20 and rendered < 5
    assert b"edited while serving" in (served / STORY_PAGE).read_bytes()
    _served_as_clean_build(project, served, capsys)


def test_mkdocs_serve_dirty_keeps_no_earlier_site_in_memory(project, capsys, caplog):
    """Each rebuild's pages are planned from its own site: a page kept from the last rebuild does not
    hold that rebuild's site alive, so memory does not grow with every save while `serve` runs."""
    from mkdocs.config import load_config

    served = project / "served"
    _serve_build(project, served, caplog, first=True)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(served))
    memory = next(p for n, p in config.plugins.items() if n.endswith("archive")).memory
    first = weakref.ref(memory.site)
    _edit(project / STORY, "was discussed.", "was discussed (edited while serving).")
    _serve_build(project, served, caplog)
    gc.collect()
    assert first() is None and memory.site is not None
    _served_as_clean_build(project, served, capsys)


@pytest.mark.parametrize(
    "change",
    [
        "a story added",
        "a story deleted",
        "a story with an image deleted",
        "a registry entry edited",
        "a story's title edited",
        "a story's body edited",
        "a story's people and tags changed",
    ],
)
def test_mkdocs_serve_dirty_after_each_kind_of_change_serves_what_a_clean_build_makes(
    project, capsys, caplog, change
):
    served = project / "served"
    _serve_build(project, served, caplog, first=True)
    added = project / "content/stories/2023/lavrov-visits-pyongyang-again.md"
    if change == "a story added":
        text = (project / STORY).read_text(encoding="utf-8")
        added.write_text(text.replace("title: ", "title: Again, ", 1), encoding="utf-8")
    elif change == "a story deleted":
        (project / PLAIN_STORY).unlink()
    elif change == "a story with an image deleted":
        (project / STORY).unlink()
    elif change == "a registry entry edited":
        _edit(project / "content/people.yml", "name: Sergey Lavrov", "name: Sergey V. Lavrov")
    elif change == "a story's title edited":
        _edit(project / STORY, "title: ", "title: Renamed ")
    elif change == "a story's body edited":
        _edit(project / STORY, "was discussed.", "was discussed with Zanzibarian envoys.")
    else:
        _edit(project / STORY, "people: [", "people: [dmitry-peskov, ")
    rendered, reused = _serve_build(project, served, caplog)
    assert rendered >= 1 and reused >= 1
    # Only the pages that show what changed are planned again, save for a registry edit; either
    # way the search, feeds and data are written after the pages.
    said = {
        "a story added": "1 story added: ",
        "a story deleted": "1 story removed: ",
        "a story's title edited": "1 story edited in place: ",
        "a story's body edited": "1 story edited in place: ",
        "a story's people and tags changed": "1 story changed: ",
        "a registry entry edited": "1 registry entry changed: ",
    }.get(change)
    if said:  # planned again for what changed
        assert said in caplog.text
    else:  # an image gone from the site: any page could have shown it, all of it
        assert not re.search(r"(stor(y|ies) (added|removed|changed|edited in place)): ", caplog.text)
    assert "search, feeds and data follow in a moment" in caplog.text
    site = _served_as_clean_build(project, served, capsys)
    if change == "a story added":
        assert "stories/2023/lavrov-visits-pyongyang-again.html" in site
    elif change == "a story deleted":
        assert PLAIN_PAGE not in site and not (served / PLAIN_PAGE).exists()
    elif change == "a story with an image deleted":
        assert STORY_PAGE not in site and not (served / STORY_PAGE).exists()
    elif change == "a registry entry edited":
        assert b"people/sergey-lavrov.html>Sergey V. Lavrov</a>" in site[STORY_PAGE]
    elif change == "a story's title edited":
        assert rendered < 28
        for page in (
            "index.html",
            "tags/diplomacy.html",
            "people/sergey-lavrov.html",
            "archive/2023/10.html",
        ):
            assert b"Renamed Lavrov" in site[page], page
        assert any(b"Renamed Lavrov" in data for path, data in site.items() if path.startswith("feeds/"))
    elif change == "a story's body edited":
        assert rendered == 1
        assert any(
            b"zanzibarian" in data.lower() for path, data in site.items() if path.startswith("search/")
        )
    else:
        assert b"lavrov-visits-pyongyang.html" in site["people/dmitry-peskov.html"]


def test_a_save_while_serve_writes_its_first_pages_stops_that_and_leaves_a_clean_build(
    project, capsys, caplog, monkeypatch
):
    """The first build of `serve` leaves most pages to come; a save before they are all written stops
    that work, renders what it changed, and the pages still to come are written after it."""
    import threading
    import time

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.publish.writer import Writer

    page = Writer._page

    def slow_after_the_build(self, *args):  # as a large archive's pages would be: still coming
        if threading.current_thread().name == "archive-after-pages":
            time.sleep(0.1)
        return page(self, *args)

    monkeypatch.setattr(Writer, "_page", slow_after_the_build)
    served = project / "served"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(served))
    config.plugins.on_startup(command="serve", dirty=True)
    plugin = next(p for n, p in config.plugins.items() if n.endswith("archive"))
    build(config, dirty=True)  # the site-wide pages; the rest is being written
    _edit(project / STORY, "title: ", "title: Renamed ")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(served))
    build(config, dirty=True)
    plugin.on_shutdown()
    assert "a new save: stopped after" in caplog.text
    assert "1 story edited in place: " in caplog.text
    site = _served_as_clean_build(project, served, capsys)
    assert b"Renamed Lavrov" in site["tags/diplomacy.html"]


@pytest.mark.parametrize(
    ("old", "new", "shown_on"),
    [
        # Every story's first tag: the kicker of its card on every listing.
        ("name: North Korea", "name: The DPRK", "people/sergei-shoigu.html"),
        # A later tag: named on its stories' pages, not on their cards.
        ("name: Diplomacy", "name: Statecraft", "stories/2023/lavrov-visits-pyongyang.html"),
    ],
)
def test_serve_after_a_tag_is_renamed_leaves_what_a_clean_build_makes(
    project, capsys, caplog, old, new, shown_on
):
    served = project / "served"
    _serve_build(project, served, caplog, first=True)
    _edit(project / "content/tags.yml", old, new)
    _serve_build(project, served, caplog)
    site = _served_as_clean_build(project, served, capsys)
    assert new.removeprefix("name: ").encode() in site[shown_on]


def test_serve_after_a_save_with_errors_is_fixed_plans_only_the_fix(project, capsys, caplog):
    """Content with errors leaves the served site as it was; the save that fixes it is planned
    against that site, not from scratch."""
    served = project / "served"
    _serve_build(project, served, caplog, first=True)
    _edit(project / STORY, "date: 2023-10-19", "date: 2023-13-45")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    caplog.clear()
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(served)), dirty=True)
    assert "the browser shows them until a save fixes them" in caplog.text
    _edit(project / STORY, "date: 2023-13-45", "date: 2023-10-19")
    _edit(project / STORY, "title: ", "title: Fixed ")
    rendered, _ = _serve_build(project, served, caplog)
    assert "1 story edited in place: " in caplog.text and rendered < 28
    site = _served_as_clean_build(project, served, capsys)
    assert b"Fixed Lavrov" in site["tags/diplomacy.html"]


def test_serve_after_a_change_shown_on_many_pages_writes_them_after_a_page_asked_for_first(
    project, capsys, caplog, monkeypatch
):
    """A person renamed is shown on every page that names them: the site-wide pages are rendered
    before the browser reloads, the others after, each page a request waits for first."""
    from generator.publish import site_build

    monkeypatch.setattr(site_build, "FRESH_NOW", 0)  # as a large archive's many pages would be
    served = project / "served"
    _serve_build(project, served, caplog, first=True)
    _edit(project / "content/people.yml", "name: Sergey Lavrov", "name: Sergey V. Lavrov")
    _serve_build(project, served, caplog)
    later = re.search(r"; (\d+) more pages follow, a page the browser asks for first", caplog.text)
    assert later and int(later.group(1)) > 1
    assert re.search(rf"{later.group(1)} more pages rendered; search, feeds and data written", caplog.text)
    site = _served_as_clean_build(project, served, capsys)
    assert b"people/sergey-lavrov.html>Sergey V. Lavrov</a>" in site[STORY_PAGE]


def test_serve_started_on_content_with_errors_writes_the_site_wide_pages_first_once_fixed(
    project, capsys, caplog
):
    """Started while a story has errors, `serve` shows them; the save that fixes them is the first
    build of the site: the site-wide pages first, the others after."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _edit(project / STORY, "date: 2023-10-19", "date: 2023-13-45")
    served = project / "served"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(served))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    assert "the browser shows them until a save fixes them" in caplog.text
    _edit(project / STORY, "date: 2023-13-45", "date: 2023-10-19")
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(served)), dirty=True)
    config.plugins.on_shutdown()  # as `serve` ends: what follows the first pages is written
    assert "site-wide pages rendered first" in caplog.text
    assert "more pages rendered; search, feeds and data written" in caplog.text
    _served_as_clean_build(project, served, capsys)
