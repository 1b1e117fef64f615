"""Bylines: plain text without content/authors.yml; with it, resolved like people, with a page and a feed."""

from __future__ import annotations

import feedparser

from generator.cli import main
from tests.helpers import check_content, generate_content, make_content, output_lines, run_check, story

AUTHORS = "elizabeth-smith:\n  name: Elizabeth Smith\n  aliases: [E. Smith]\n"


def test_without_a_registry_bylines_are_plain_text(tmp_path, capsys):
    assert (
        run_check(tmp_path, {"2023/a.md": story(extra="authors: [Anyone At All, some-id]")}, "--strict") == 0
    )
    assert output_lines(capsys) == []


def test_with_a_registry_bylines_resolve_and_strangers_are_noted(tmp_path, capsys, monkeypatch):
    text = story(extra="authors: [E. Smith, elizabeth-smyth, Elizabeth Smyth, John Roe]")
    make_content(tmp_path, {"2023/a.md": text})
    (tmp_path / "content" / "authors.yml").write_text(AUTHORS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/stories/2023/a.md:6:21: error[unknown-author]: 'elizabeth-smyth' is not in "
        "content/authors.yml; "
        "did you mean 'elizabeth-smith'?",
        "content/stories/2023/a.md:6:38: info[unregistered-author]: 'Elizabeth Smyth' is not in "
        "content/authors.yml, so it shows as plain text; did you mean 'elizabeth-smith'?",
        "content/stories/2023/a.md:6:55: info[unregistered-author]: 'John Roe' is not in "
        "content/authors.yml, "
        "so it shows as plain text; to give it a page, add it there:",
        "    john-roe:",
        '      name: "John Roe"',
        '      description: ""  # optional: their beat, in a few words',
    ]


def test_a_first_registered_author_changes_no_other_story_result(tmp_path, capsys, monkeypatch):
    make_content(tmp_path, {"2023/a.md": story(extra="authors: [Anyone At All]"), "2023/b.md": story()})
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--strict"]) == 0
    (tmp_path / "content" / "authors.yml").write_text(AUTHORS, encoding="utf-8")
    assert main(["check", "--strict"]) == 0


def test_a_registered_author_gets_a_linked_byline_a_page_and_a_feed(tmp_path):
    content = make_content(tmp_path, {"2023/a.md": story(extra="authors: [E. Smith, John Roe]")})
    (content / "authors.yml").write_text(AUTHORS + "unused:\n  name: Nobody Yet\n", encoding="utf-8")
    checked = check_content(content)
    assert checked.ok
    [only] = checked.archive.stories
    assert (only.authors, only.author_ids) == (("Elizabeth Smith", "John Roe"), ("elizabeth-smith", ""))
    generated = generate_content(content)
    assert (
        '<span class="byline">By <a href="../../authors/elizabeth-smith.html">Elizabeth Smith</a> and '
        "John Roe</span>" in generated.pages["stories/2023/a.html"].html
    )
    page = generated.pages["authors/elizabeth-smith.html"].html
    assert "<h1>Elizabeth Smith</h1>" in page and '<a href="../stories/2023/a.html">A story</a>' in page
    assert 'Follow: <a href="../feeds/authors/elizabeth-smith.xml">Atom feed</a>' in page
    index = generated.pages["authors/index.html"].html
    assert index.index(">Elizabeth Smith<") < index.index(">Nobody Yet<")
    atom = feedparser.parse(generated.files["feeds/authors/elizabeth-smith.xml"])
    assert not atom.bozo and [entry.title for entry in atom.entries] == ["A story"]
    assert feedparser.parse(generated.files["feeds/authors/unused.xml"]).entries == []
    assert "feeds/authors/unused.json" not in generated.files  # an author's feed is Atom alone
    assert [d.code for d in checked.diagnostics if d.path.endswith("authors.yml")] == ["unused-author"]


def test_without_a_registry_there_is_no_authors_page(tmp_path):
    generated = generate_content(make_content(tmp_path, {"2023/a.md": story(extra="authors: [Anyone]")}))
    assert "authors/index.html" not in generated.pages
    assert not [path for path in generated.pages if path.startswith("authors/")]
