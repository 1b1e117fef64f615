"""Every link of a built site resolves from disk: files, images, srcset candidates and anchors."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.publish.linkcheck import attributes, check_links


@pytest.mark.e2e
def test_every_link_of_the_built_site_resolves(built_site):
    report = check_links(built_site)
    assert [broken.format() for broken in report.broken] == []
    assert report.pages > 40 and report.links > 1000  # the checker saw the site


@pytest.mark.e2e
def test_every_link_resolves_with_a_site_url_too(tmp_path, fixture_project, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://archive.example/news/")
    site = tmp_path / "site"
    assert main(["build", "-q", "-f", str(fixture_project / "mkdocs.yml"), "-d", str(site)]) == 0
    report = check_links(site, "https://archive.example/news/")
    assert [broken.format() for broken in report.broken] == []


def test_each_kind_of_broken_link_is_named(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2>', encoding="utf-8")
    (tmp_path / "p.png").write_bytes(b"")
    (tmp_path / "page.html").write_text(
        '<a href="a/index.html#here">ok</a> <a href="#top">top</a> <p id=top>'
        '<img src="p.png" srcset="p.png 1x, gone.png 2x"> <a href="a/">folder</a>'
        '<a href="/p.png">root</a> <a href="a/index.html#gone">anchor</a> <a href="../x.html">out</a>'
        '<a href="https://example.org/">elsewhere</a> <a href=missing.html>bare</a>'
        '<code>href="in-code.html"</code><script>var a = \'<a href="in-script.html">\'</script>',
        encoding="utf-8",
    )
    report = check_links(tmp_path)
    assert [broken.format() for broken in report.broken] == [
        "page.html: gone.png: no such file",
        "page.html: a/: names a folder, which does not open from disk",
        "page.html: /p.png: starts at the site's root, which does not open from disk",
        "page.html: a/index.html#gone: no element with id 'gone' in a/index.html",
        "page.html: ../x.html: leaves the site",
        "page.html: missing.html: no such file",
    ]
    assert report.links == 10


def test_attributes_are_read_from_tags_only():
    found = list(attributes('<a title="x > y" href="b.html">t</a> text href="no" <!-- <a href="c"> -->'))
    assert found == [("title", "x > y"), ("href", "b.html")]
