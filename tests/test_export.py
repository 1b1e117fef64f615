"""`generator export`: a plain docs project that builds without the archive's plugin, and stays safe."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests import hostile
from tests.helpers import copy_project, generate_content, make_content, unsafe_markup

pytestmark = pytest.mark.e2e


BUILDERS = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
    "zensical": [str(Path(sys.executable).with_name("zensical")), "build"],
}


def _build(target, builder: str = "mkdocs"):
    if builder == "zensical" and not Path(BUILDERS["zensical"][0]).exists():
        pytest.skip("Zensical does not install on this machine")
    build = subprocess.run(BUILDERS[builder], cwd=target, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr


def _mkdocs_build(target):
    _build(target, "mkdocs")


def test_the_export_builds_with_plain_mkdocs_and_no_plugin(tmp_path, capsys):
    project = copy_project(tmp_path)
    target = tmp_path / "export"
    assert main(["export", str(target), "-f", str(project / "mkdocs.yml")]) == 0
    pages = len(generate_content(project / "content").pages)
    assert capsys.readouterr().out == (
        f"exported {pages} pages to {target}: build it with `mkdocs build` or `zensical build` there\n"
    )
    config = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (
        config["plugins"] == [] and config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "theme"
    )
    assert config["markdown_extensions"][-1] == {
        "generator.markup.extension": {"links": "keep", "scope": "page"}
    }
    assert (target / "docs" / "search" / "manifest.js").is_file() and (
        target / "theme" / "main.html"
    ).is_file()
    _mkdocs_build(target)
    person = (target / "site" / "people" / "dmitry-peskov.html").read_text(encoding="utf-8")
    assert 'href="../stories/2023/kim-jong-un-train-enters-russia.html"' in person
    # Pictures go along, responsive, and only as variants without metadata.
    story = (target / "site" / "stories" / "2023" / "putin-kim-summit-vostochny.html").read_text(
        encoding="utf-8"
    )
    assert '<source type="image/webp" srcset="../../media/cosmodrome.a417f677ea.480.webp 480w' in story
    assert (target / "site" / "media" / "cosmodrome.a417f677ea.1200.jpg").is_file()
    assert b"GPS" not in (target / "site" / "media" / "cosmodrome.jpg").read_bytes()
    # The body stayed Markdown: its headings are the page's table of contents, as in the built site.
    contents = story.split('aria-label="Table of contents"', 1)[1].split("</nav>", 1)[0]
    assert 'href="#a-tour-of-the-spaceport"' in contents and 'href="#the-talks"' in contents
    # The header's icons are drawn by the stylesheet the export carries, as in the built site.
    assert '<link rel="stylesheet" href="../../assets/archive/icons.css">' in story
    assert ".archive-icon--material-magnify{" in (target / "site" / "assets/archive/icons.css").read_text(
        encoding="utf-8"
    )
    # Exporting again into the same folder would mix two exports: refused.
    assert main(["export", str(target), "-f", str(project / "mkdocs.yml")]) == 1
    assert "is not empty; export into a new folder" in capsys.readouterr().err


@pytest.mark.parametrize("builder", sorted(BUILDERS))
def test_hostile_content_is_inert_in_the_export_built_without_our_plugin(tmp_path, builder):
    project = copy_project(tmp_path)
    (project / "content").rename(tmp_path / "shipped")
    corrected = hostile.STORIES["2023/hostile-theme.md"].replace(
        "tags: [evil-tag]",
        "tags: [evil-tag]\ncorrections:\n  - date: 2023-05-03\n"
        '    text: "See [the fix](javascript:alert(1)) ![x](http://evil.test/p.png)"',
    )
    stories = {**hostile.STORIES, "2023/hostile-theme.md": corrected, "2023/config.md": CONFIG_TITLE}
    make_content(project, stories, people=hostile.PEOPLE, tags=hostile.TAGS)
    target = tmp_path / "export"
    assert main(["export", str(target), "-f", str(project / "mkdocs.yml")]) == 0
    _build(target, builder)
    pages = sorted(
        page for page in (target / "site").rglob("*.html") if page.name != "404.html"
    )  # the theme's
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        article = re.split(r'<article class="md-content__inner md-typeset"[^>]*>', html, maxsplit=1)[-1]
        article = article.split("</article>", 1)[0]
        found, where = unsafe_markup(article), page.relative_to(target / "site").as_posix()
        # Whole pages are cut to the page vocabulary, charts' SVG included: an SVG in a body stays,
        # as inert shapes (no script, handler or outside address passes the allow-list).
        found = [item for item in found if item != "<svg>"]
        # Zensical puts the target of its skip link first in every article: the builder's, not content.
        found = [item for item in found if item != "a id/class {'id': '__skip', 'tabindex': '-1'}"]
        if where == "search.html":
            found = [item for item in found if item not in ("<form>", "<input>")]  # the theme's search form
        assert found == [], page.name
        assert 'id="__' not in article.replace('<a id="__skip" tabindex="-1"></a>', ""), page.name
    corrections = (target / "site" / "corrections.html").read_text(encoding="utf-8")
    assert "See the fix ![x](http://evil.test/p.png)" in corrections  # text, not a link and a picture
    # The header names every section the archive has (no authors are registered: no Authors), as
    # the built site's does, whichever builder made it.
    sections = corrections.split('class="archive-sections"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="(?:\./)?([^"]+)"[^>]*>([^<]+)</a>', sections)  # Zensical writes ./
    assert links == [
        ("index.html", "Home"),
        ("archive/index.html", "Archive"),
        ("tags/index.html", "Tags"),
        ("people/index.html", "People"),
        ("corrections.html", "Corrections"),
    ]


CONFIG_TITLE = """---
title: __config
date: 2023-05-03
tags: [evil-tag]
---

## __config

Body.
"""


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
