"""`generator export`: a plain docs project that builds without the archive's plugin, and stays safe."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from generator import pipeline
from generator.cli import main
from tests import hostile
from tests.helpers import copy_project, make_content, unsafe_markup

pytestmark = pytest.mark.e2e


def test_the_export_builds_with_plain_mkdocs_and_no_plugin(tmp_path, capsys):
    project = copy_project(tmp_path)
    target = tmp_path / "export"
    assert main(["export", str(target), "-f", str(project / "mkdocs.yml")]) == 0
    pages = len(pipeline.generate(pipeline.check(project / "content")).pages)
    assert capsys.readouterr().out == (
        f"exported {pages} pages to {target}: build it with `mkdocs build` or `zensical build` there\n"
    )
    config = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8").split("\n", 1)[1])
    assert (
        config["plugins"] == [] and config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "theme"
    )
    assert (target / "docs" / "search" / "manifest.js").is_file() and (
        target / "theme" / "main.html"
    ).is_file()
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=target,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    person = (target / "site" / "people" / "dmitry-peskov.html").read_text(encoding="utf-8")
    assert 'href="../stories/2023/kim-jong-un-train-enters-russia.html"' in person
    # Pictures go along, responsive, and only as variants without metadata.
    story = (target / "site" / "stories" / "2023" / "putin-kim-summit-vostochny.html").read_text(
        encoding="utf-8"
    )
    assert '<source type="image/webp" srcset="../../media/cosmodrome.a417f677ea.480.webp 480w' in story
    assert (target / "site" / "media" / "cosmodrome.a417f677ea.1200.jpg").is_file()
    assert b"GPS" not in (target / "site" / "media" / "cosmodrome.jpg").read_bytes()
    # Exporting again into the same folder would mix two exports: refused.
    assert main(["export", str(target), "-f", str(project / "mkdocs.yml")]) == 1
    assert "is not empty; export into a new folder" in capsys.readouterr().err


def test_story_bodies_are_exported_sanitised(tmp_path):
    project = copy_project(tmp_path)
    (project / "content").rename(tmp_path / "shipped")
    make_content(project, hostile.STORIES, people=hostile.PEOPLE, tags=hostile.TAGS)
    target = tmp_path / "export"
    assert main(["export", str(target), "-f", str(project / "mkdocs.yml")]) == 0
    for name in ("hostile-title", "hostile-theme"):
        page = (target / "docs" / "stories" / "2023" / f"{name}.md").read_text(encoding="utf-8")
        body = page.split('<div class="story-body" markdown="0">', 1)[1].split("\n</div>", 1)[0]
        assert "<p>" in body and unsafe_markup(body) == [], name


def test_the_export_keeps_the_sites_address_and_name(tmp_path, monkeypatch):
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_name: Story Archive", "site_name: The Ledger"),
        encoding="utf-8",
    )
    monkeypatch.setenv("SITE_URL", "https://archive.example.org/")
    target = tmp_path / "export"
    assert main(["export", str(target), "-f", str(config)]) == 0
    feed = (target / "docs" / "feeds" / "index.xml").read_text(encoding="utf-8")
    assert "<id>tag:archive.example.org,2000:feeds/index</id>" in feed and "<title>The Ledger</title>" in feed
    story = (target / "docs" / "stories" / "2023" / "lavrov-visits-pyongyang.md").read_text(encoding="utf-8")
    assert "https://archive.example.org/stories/2023/lavrov-visits-pyongyang.html" in story  # in its JSON-LD
