"""End to end: a real `mkdocs build --strict` and the `generator build` command, read as HTML."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.helpers import copy_project, written

pytestmark = pytest.mark.e2e
MKDOCS = Path(sys.executable).with_name("mkdocs")


def test_mkdocs_build_strict_links_people_and_stories(tmp_path, fixture_project, built_site):
    site = tmp_path / "site"
    result = subprocess.run(
        [str(MKDOCS), "build", "--strict", "-q", "-d", str(site)],
        cwd=fixture_project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    person = (site / "people" / "dmitry-peskov.html").read_text(encoding="utf-8")
    assert "href=../stories/2023/kim-jong-un-train-enters-russia.html>" in person
    story = (site / "stories" / "2023" / "kim-jong-un-train-enters-russia.html").read_text(encoding="utf-8")
    assert "href=../../people/dmitry-peskov.html>Dmitry Peskov</a>" in story
    assert "href=../../tags/sanctions.html>Sanctions</a>" in story
    assert (
        "<title>Kim Jong-un in Russia: what are the themes of the dialogues with Putin - Story "
        "Archive</title>" in story
    )
    # Stories stay out of the navigation: it lists the sections and nothing else, once, in the header
    # (a narrow screen's menu opens the same list).
    assert story.count("archive-sections") == 1 and "md-nav--primary" not in story
    sections = story.split("archive-sections")[1].split("</nav>")[0]
    assert "stories/" not in sections
    for section in (
        "../../index.html",
        "../../archive/index.html",
        "../../tags/index.html",
        "../../people/index.html",
        "../../authors/index.html",
        "../../corrections.html",
    ):
        assert f"href={section}>" in sections

    # The site `generator build` writes, byte for byte: the pages the navigation names too, which a
    # build that is not dirty has MkDocs write once more.
    def files(folder):
        return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())

    assert files(site) == files(built_site)
    assert [n for n in files(site) if (site / n).read_bytes() != (built_site / n).read_bytes()] == []


def test_pages_at_the_agreed_urls(built_site):
    for path in [
        "index.html",
        "tags/index.html",
        "tags/north-korea.html",
        "people/index.html",
        "people/kim-jong-un.html",
        "archive/index.html",
        "archive/2023.html",
        "archive/2023/09.html",
        "stories/2024/putin-in-pyongyang-partnership-treaty.html",
    ]:
        assert (built_site / path).is_file(), path
    assert not (built_site / "people.yml").exists()
    person = (built_site / "people" / "kim-jong-un.html").read_text(encoding="utf-8")
    appears = person.split('aria-label="Appears with"')[1]
    assert appears.index("Vladimir Putin") < appears.index("Sergei Shoigu")
    assert written('<a href="https://www.wikidata.org/wiki/Q56226" rel="external">Q56226</a>') in person


def test_no_page_refers_to_another_host(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for marker in (
            'src="http',
            "src='http",
            "src=http",  # as a minified page writes it, unquoted
            'href="https://fonts',
            "href=https://fonts",
            "@import",
            "googleapis",
            "unpkg",
            "jsdelivr",
        ):
            assert marker not in html, f"{page}: {marker}"


def test_pages_are_written_minified(built_site):
    """Every page as minify-html leaves it: the theme's indentation and blank lines are not sent, nor
    the end tags HTML lets a page leave out (a list item's, a paragraph's before a block)."""
    pages = ("index.html", "404.html", "stories/2023/putin-kim-summit-vostochny.html", "tags/russia.html")
    for path in pages:
        html = (built_site / path).read_text(encoding="utf-8")
        assert "\n    " not in html and "\n\n" not in html, path
        assert "</li>" not in html and "</body>" not in html, path


def test_same_input_gives_byte_identical_site(tmp_path, fixture_project, built_site):
    again = tmp_path / "again"
    assert main(["build", "-q", "-f", str(fixture_project / "mkdocs.yml"), "-d", str(again), "--strict"]) == 0
    comparison = filecmp.dircmp(built_site, again)
    assert _all_equal(comparison), "two builds of the same content differ"


def test_builds_in_separate_processes_are_byte_identical(tmp_path, fixture_project):
    """Different hash seeds order sets and dicts of strings differently: nothing may depend on it."""
    sites = []
    for seed in ("1", "2"):
        site = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "XDG_CACHE_HOME": str(tmp_path / f"cache-{seed}")}
        command = [sys.executable, "-m", "generator", "build", "-q", "--strict", "-d", str(site)]
        subprocess.run(command, cwd=fixture_project, env=env, check=True)
        sites.append(site)
    assert len(list(sites[0].rglob("*.html"))) > 30
    assert _all_equal(filecmp.dircmp(*sites)), "two builds under different hash seeds differ"


def _all_equal(comparison) -> bool:
    if comparison.left_only or comparison.right_only or comparison.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(
        comparison.left, comparison.right, comparison.common_files, shallow=False
    )
    return not mismatch and not errors and all(_all_equal(sub) for sub in comparison.subdirs.values())


def test_failed_build_leaves_previous_site_untouched(tmp_path, capsys):
    project = copy_project(tmp_path)
    site = project / "site"
    config = project / "mkdocs.yml"
    assert main(["build", "-q", "-f", str(config)]) == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (project / "content" / "stories" / "2023" / "broken.md").write_text(
        "---\ntitle: x\ndate: 2023-13-01\ntags: [russia]\n---\n", encoding="utf-8"
    )
    assert main(["build", "-q", "-f", str(config)]) == 1
    err = capsys.readouterr().err
    assert (
        "content/stories/2023/broken.md:3:7: error[bad-date]: '2023-13-01' is not a date: there is no month "
        "13" in err
    )
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob(".site-*")), "the staging folder was left behind"


def test_a_rebuild_replaces_the_previous_site_and_removes_it_whole(tmp_path):
    project = copy_project(tmp_path)
    site, config = project / "site", str(project / "mkdocs.yml")
    assert main(["build", "-q", "--clean", "-j", "2", "-f", config]) == 0
    outside = tmp_path / "kept.txt"
    outside.write_text("not the site's", encoding="utf-8")
    (site / "stale").mkdir()
    (site / "stale" / "page.html").write_text("old", encoding="utf-8")
    (site / "stale" / "link").symlink_to(outside)
    (site / "stale" / "folder-link").symlink_to(tmp_path, target_is_directory=True)
    assert main(["build", "-q", "--clean", "-j", "2", "-f", config]) == 0
    assert not (site / "stale").exists() and (site / "index.html").is_file()
    assert not list(project.glob(".site-*")), "the previous site was left aside"
    # A link is removed, never followed: not to the file, nor to the folder that holds the project.
    assert outside.read_text(encoding="utf-8") == "not the site's" and (project / "content").is_dir()


def test_build_never_writes_into_content(tmp_path):
    project = copy_project(tmp_path)
    before = sorted((p.relative_to(project), p.stat().st_mtime_ns) for p in (project / "content").rglob("*"))
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml")]) == 0
    after = sorted((p.relative_to(project), p.stat().st_mtime_ns) for p in (project / "content").rglob("*"))
    assert after == before


def test_minimal_content_builds(tmp_path):
    from tests.helpers import make_content, story

    project = copy_project(tmp_path)
    import shutil

    shutil.rmtree(project / "content")
    make_content(project, {"2023/only.md": story(body="Dmitry Peskov spoke.")})
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml"), "--strict"]) == 0
    assert (project / "site" / "stories" / "2023" / "only.html").is_file()


def test_a_corrected_story_shows_its_update_and_corrections(built_site):
    story = (built_site / "stories" / "2023" / "putin-kim-summit-vostochny.html").read_text(encoding="utf-8")
    assert written('Updated <time datetime="2023-09-15">15 September 2023</time>') in story
    assert written('<p class="admonition-title">Corrections</p>') in story
    assert "placed the cosmodrome in the <em>Primorsky</em> region" in story
    listing = (built_site / "corrections.html").read_text(encoding="utf-8")
    assert (
        "href=stories/2023/putin-kim-summit-vostochny.html>Putin and Kim meet at the Vostochny "
        "Cosmodrome</a>" in (listing)
    )


def test_a_table_of_contents_stands_beside_a_story_with_two_headings_or_more(built_site):
    """A list of one heading tells a reader nothing the article's first screen does not."""
    stories = built_site / "stories"
    contents = {
        name: (stories / name).read_text(encoding="utf-8").count('aria-label="Table of contents"')
        for name in (
            "2023/shoigu-in-pyongyang-armistice-parade.html",  # two headings
            "2024/russia-north-korea-treaty-in-force.html",  # one
            "2023/lavrov-visits-pyongyang.html",  # none
        )
    }
    assert list(contents.values()) == [1, 0, 0]


def test_pages_that_can_be_followed_link_their_feeds(built_site):
    tag = (built_site / "tags" / "russia.html").read_text(encoding="utf-8")
    assert (
        written(
            '<link rel="alternate feed" type="application/atom+xml" title="Russia (Atom)" '
            'href="../feeds/tags/russia.xml">'
        )
        in tag
    )
    assert "Follow: <a href=../feeds/tags/russia.xml>Atom feed</a>" in tag  # the visible follow link
    assert "feed+json" not in tag and "russia.json" not in tag  # a tag's feed is Atom alone
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert (
        written(
            '<link rel="alternate feed" type="application/feed+json" title="Story Archive (JSON Feed)" '
            'href="./feeds/index.json">'
        )
        in home
    )
    assert "Follow: <a href=feeds/index.xml>Atom feed</a> · <a href=feeds/index.json>JSON Feed</a>" in home
    assert (built_site / "feeds" / "people" / "dmitry-peskov.xml").is_file()
    assert not (built_site / "feeds" / "people" / "dmitry-peskov.json").exists()
    story = (built_site / "stories" / "2023" / "lavrov-visits-pyongyang.html").read_text(encoding="utf-8")
    assert "alternate feed" not in story


def test_person_tag_archive_and_home_pages_chart_their_coverage(built_site):
    person = (built_site / "people" / "kim-jong-un.html").read_text(encoding="utf-8")
    assert written('<title id="coverage-title">Coverage of Kim Jong-un over time</title>') in person
    assert written('<desc id="coverage-desc">6 stories from Jul 2023 to Dec 2024, by month.</desc>') in person
    # A person's bar opens the search page narrowed to that person and month.
    link = '<a href="../search.html?person=kim-jong-un&amp;month=2023-09&amp;sort=oldest"'
    assert written(f"{link}><title>Sep 2023: 2 stories</title></a>").removesuffix("</a>") in person
    assert "coverage__table" in (built_site / "tags" / "russia.html").read_text(encoding="utf-8")
    assert "Coverage of the archive over time" in (built_site / "archive" / "index.html").read_text(
        encoding="utf-8"
    )
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert written('<desc id="coverage-desc">2 stories from Jan 2024 to Dec 2024, by month.</desc>') in home
    story = (built_site / "stories" / "2023" / "lavrov-visits-pyongyang.html").read_text(encoding="utf-8")
    article = story.split('<article class="md-content__inner')[1].split("</article>")[0]
    assert "coverage" not in article and "<svg" not in article
