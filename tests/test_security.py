"""Content from strangers: each hostile input is a located error or rendered inert; never a
traceback, never a hang. (What a reader's browser does with them: tests/browser/test_hostile.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.content.load import TooLarge, read_bytes
from generator.content.mentions import NameMatcher
from generator.content.validate import body_characters
from generator.markup.sanitize import local_image, safe_id, sanitize_html
from generator.pages import search
from tests.helpers import (
    PEOPLE,
    TAGS,
    copy_project,
    make_content,
    output_lines,
    run_check,
    story,
    working_folder,
)

CONTENT_ERROR = (
    "error[not-allowed]: content/ holds stories/<year>/<slug>.md, media/ (images), people.yml, tags.yml "
    "and authors.yml only; pages, scripts and other files are not published from it"
)


def test_files_that_are_not_stories_or_registries_are_refused(tmp_path, capsys):
    content = make_content(
        tmp_path,
        {
            "2023/a.md": story(),
            "2023/x.svg": "<svg onload=alert(1)>",
            "2023/b.markdown": story(title="</title><script>alert(1)</script>"),
        },
    )
    for relative, text in {
        "assets/search.js": "alert(1)",
        "x.html": "<script>alert(1)</script>",
        "media/logo.svg": "<svg onload=alert(1)>",
        "media/a/b/c.png": "x",
        "media/Photo 1.PNG": "x",
        "about.md": "# </title><script>alert(1)</script>",
        ".hidden.md": "x",
    }.items():
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text(text, encoding="utf-8")
    with_cwd = run_check_in(tmp_path)
    assert with_cwd == 1
    assert output_lines(capsys) == [
        "content/.hidden.md:1:1: error[hidden-file]: hidden files and folders are not allowed in content/; "
        "delete it",
        f"content/about.md:1:1: {CONTENT_ERROR}",
        f"content/assets/search.js:1:1: {CONTENT_ERROR}",
        "content/media/Photo 1.PNG:1:1: error[not-allowed]: an image's name is lowercase letters, digits, "
        "'-' and '_', then .jpg, .jpeg, .png or .webp; rename it",
        "content/media/a/b/c.png:1:1: error[not-allowed]: media/ holds images directly or in one level of "
        "folders, as media/<folder>/<name>.png",
        "content/media/logo.svg:1:1: error[not-allowed]: media/ holds JPEG, PNG and WebP images "
        "(.jpg, .jpeg, .png, .webp) only",
        "content/stories/2023/b.markdown:1:1: error[not-allowed]: a story file ends in .md; rename it",
        "content/stories/2023/x.svg:1:1: error[not-allowed]: only story files sit under stories/, as "
        "stories/<year>/<slug>.md",
        f"content/x.html:1:1: {CONTENT_ERROR}",
    ]


def run_check_in(folder) -> int:
    with working_folder(folder):
        return main(["check"])


def test_any_symbolic_link_is_refused_and_loops_do_not_hang(tmp_path, capsys):
    content = make_content(tmp_path, {"2023/a.md": story()})
    (content / ".a").symlink_to(".")
    (content / ".b").symlink_to(".")
    (content / "stories/2023/link.md").symlink_to(content / "stories/2023/a.md")
    (content / "loop").symlink_to(".")
    assert run_check_in(tmp_path) == 1
    assert output_lines(capsys) == [
        "content/.a:1:1: error[unsafe-link]: symbolic links are not allowed in content/; copy the file "
        "itself here",
        "content/.b:1:1: error[unsafe-link]: symbolic links are not allowed in content/; copy the file "
        "itself here",
        "content/loop:1:1: error[unsafe-link]: symbolic links are not allowed in content/; copy the file "
        "itself here",
        "content/stories/2023/link.md:1:1: error[unsafe-link]: symbolic links are not allowed in content/; "
        "copy the file itself here",
    ]


@pytest.mark.e2e
def test_mkdocs_never_walks_content(tmp_path):
    """Two links to content/ itself: MkDocs' own walk followed them forever. Bounded by a timeout."""
    project = copy_project(tmp_path)
    (project / "content/.a").symlink_to(".")
    (project / "content/.b").symlink_to(".")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")]
    result = subprocess.run(mkdocs, cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "content/.a:1:1: error[unsafe-link]" in result.stderr
    (project / "content/.a").unlink()
    (project / "content/.b").unlink()
    (project / "content/stray.js").write_text("alert(1)", encoding="utf-8")
    result = subprocess.run(mkdocs, cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "content/stray.js:1:1: error[not-allowed]" in result.stderr
    (project / "content/stray.js").unlink()
    result = subprocess.run(mkdocs, cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out/stray.js").exists() and not (tmp_path / "out/people.yml").exists()


@pytest.mark.parametrize(
    ("field", "value", "col"),
    [
        ("title", '"a\\0page\\0b"', 8),
        ("title", '"\\0end\\0 shifted"', 8),
        ("title", '"\\x80 breaks front matter"', 8),
        ("summary", '"red \\e[31m text"', 10),
    ],
)
def test_control_characters_in_any_field_are_errors(tmp_path, capsys, field, value, col):
    text = story(extra=f"{field}: {value}") if field != "title" else story(title=value)
    row = next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(field + ":"))
    assert run_check(tmp_path, {"2023/x.md": text}) == 1
    [line] = output_lines(capsys)
    assert line.startswith(
        f"content/stories/2023/x.md:{row}:{col}: error[control-character]: '{field}' contains the control "
        f"character U+"
    )


def test_characters_no_feed_may_hold_are_errors_in_the_body(tmp_path, capsys):
    body = (
        "Fine.\n\nA &#1; ref, a &#x1B; one, and &#65535;.\n\nRaw \x0b and \x1b and \uffff here.\n\n"
        "&#10; is fine."
    )
    assert run_check(tmp_path, {"2023/x.md": story(body=body)}) == 1
    assert output_lines(capsys) == [
        "content/stories/2023/x.md:9:3: error[control-character]: '&#1;' stands for a character no page or "
        "feed may hold; delete it",
        "content/stories/2023/x.md:9:15: error[control-character]: '&#x1B;' stands for a character no page "
        "or feed may hold; delete it",
        "content/stories/2023/x.md:9:31: error[control-character]: '&#65535;' stands for a character no page "
        "or feed may hold; delete it",
        "content/stories/2023/x.md:11:5: error[control-character]: the body contains the control character "
        "U+000B; delete it",
        "content/stories/2023/x.md:11:11: error[control-character]: the body contains the control character "
        "U+001B; delete it",
        "content/stories/2023/x.md:11:17: error[control-character]: the body contains the control character "
        "U+FFFF; delete it",
    ]


_FORBIDDEN = "\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\x7f\ufffe\uffff"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.text(
        alphabet=st.one_of(st.characters(), st.sampled_from(list(_FORBIDDEN + "\t\n\r\x80\x9f\ufeff"))),
        max_size=60,
    )
)
def test_every_character_no_feed_may_hold_is_found_in_any_body(body):
    """The body is screened by bytes before the character pattern runs: the screen misses none."""
    found = [d.col for d in body_characters(body, "x.md", 1) if "the body contains" in d.message]
    lines = body.split("\n")
    expected = [
        col
        for line in lines
        for col, character in enumerate(line, start=1)
        if ord(character) < 0x20 and character not in "\t\n\r" or character in "\x7f\ufffe\uffff"
    ]
    assert found == expected[:20]


def test_the_sanitiser_removes_what_xml_forbids_and_images_it_cannot_show():
    html = sanitize_html('<p>a &#1; b\x0b <img src="https://x.test/p.png" alt="gone"><img src="m.png"></p>')
    assert html == '<p>a  b <img src="m.png"></p>'


def test_diagnostics_print_control_characters_escaped(tmp_path, capsys):
    # A file name carrying a terminal escape (clear the screen) and a forged diagnostic line.
    assert run_check(tmp_path, {"2023/x\x1b[2J\nfake.md:1:1: error.md": story()}) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert output_lines_of(out) == [
        "content/stories/2023/x\\x1b[2J\\nfake.md:1:1: error.md:1:1: error[bad-filename]: "
        "'x\\x1b[2J\\nfake.md:1:1: error.md' "
        "is not a valid story file name; rename it 'x-2j-fake-md-1-1-error.md' or set 'slug:'",
    ]


def output_lines_of(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": info[" not in line]


def test_a_message_quoting_a_newline_stays_on_one_line(tmp_path, capsys):
    text = story(people='["Mallory\\nfake.md:1:1: error[x]: forged"]')
    assert run_check(tmp_path, {"2023/x.md": text}) == 1
    assert output_lines(capsys) == [
        "content/stories/2023/x.md:5:10: error[unknown-person]: 'Mallory\\nfake.md:1:1: error[x]: forged' "
        "is not in content/people.yml; add it there first, for example:",
        "    mallory-fake-md-1-1-error-x-forged:",
        '      name: "Mallory\\nfake.md:1:1: error[x]: forged"',
        '      description: ""  # optional: who they are, in a few words',
    ]


def test_reserved_ids_are_refused_even_unused(tmp_path, capsys):
    people = PEOPLE + "index:\n  name: Index Person\n"
    tags = TAGS + "index:\n  name: Index\n"
    assert run_check(tmp_path, {"2023/a.md": story()}, people=people, tags=tags) == 1
    assert output_lines(capsys) == [
        "content/people.yml:9:1: error[reserved-id]: 'index' is the name of a page the archive makes; "
        "choose another person id",
        "content/tags.yml:6:1: error[reserved-id]: 'index' is the name of a page the archive makes; choose "
        "another tag id",
    ]


def test_year_zero_is_not_a_date(tmp_path, capsys):
    text = story(date="0000-01-01", extra="source: {name: x, published: 0000-01-01}")
    assert run_check(tmp_path, {"0000/x.md": text}) == 1
    assert output_lines(capsys) == [
        "content/stories/0000/x.md:3:7: error[bad-date]: '0000-01-01' is not a date: years start at 0001",
        "content/stories/0000/x.md:6:30: error[bad-date]: '0000-01-01' is not a date: years start at 0001",
    ]


def test_an_overlong_name_is_an_error_and_the_matcher_survives_it(tmp_path, capsys):
    long_name = "A" * 500
    assert run_check(tmp_path, {"2023/a.md": story()}, people=PEOPLE + f"long:\n  name: {long_name}\n") == 1
    assert output_lines(capsys) == [
        "content/people.yml:10:9: error[too-long]: 'name' has 500 characters; at most 300 are allowed",
    ]
    matcher = NameMatcher({long_name: "long", "B" * 5000: "longer"})
    assert [m.id for m in matcher.find(f"{long_name} met {'B' * 5000}.")] == ["long", "longer"]


def test_an_oversized_story_file_is_refused_before_it_is_read(tmp_path, capsys):
    text = story(body="x" * 2_100_000)
    assert run_check(tmp_path, {"2023/big.md": text}) == 1
    assert output_lines(capsys) == [
        "content/stories/2023/big.md:1:1: error[too-large]: the file is larger than 2,000,000 bytes; split "
        "it or trim it",
    ]


def test_a_file_that_gives_no_size_is_still_read_no_further_than_the_limit(tmp_path):
    # A pipe says it holds 0 bytes: the limit, not the size the file gives, bounds what is read.
    for sent, refused in ((50, False), (5_000, True)):
        pipe = tmp_path / f"pipe-{sent}"
        os.mkfifo(pipe)
        writer = threading.Thread(target=lambda path=pipe, n=sent: path.write_bytes(b"x" * n))
        writer.start()
        try:
            if refused:
                with pytest.raises(TooLarge):
                    read_bytes(tmp_path, pipe.name, 100)
            else:
                assert read_bytes(tmp_path, pipe.name, 100) == b"x" * 50
        finally:
            writer.join(timeout=5)  # what was not read waits in the pipe's buffer: the writer is done


def test_a_file_at_the_limit_is_read_whole_and_one_byte_more_is_refused(tmp_path):
    (tmp_path / "at.md").write_bytes(b"x" * 100)
    (tmp_path / "over.md").write_bytes(b"x" * 101)
    assert read_bytes(tmp_path, "at.md", 100) == b"x" * 100
    with pytest.raises(TooLarge):
        read_bytes(tmp_path, "over.md", 100)


ADVERSARIAL = {
    "open brackets": "*" * 80 + "\n" + "[" * 1_000_000,
    "image brackets": "![" * 500_000,
    "open angles": "<" * 1_000_000,
    "attribute lists": "{:" * 500_000,
    "link then no end": "[a](" + "x" * 1_000_000,
    "nested emphasis": "*_" * 500_000,
    "list markers": "\n- " * 330_000,
    "spaces": " " * 1_000_000 + "x",
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_every_regex_on_story_text_is_linear(name):
    text = ADVERSARIAL[name]
    matcher = NameMatcher({"Dmitry Peskov": "p", "Kim Jong-un": "k", "A" * 200: "a"})
    started = time.perf_counter()
    search.snippet(text)
    search.plain_text(text)
    search.term_set(text)
    matcher.find(text)
    sanitize_html(text)
    assert time.perf_counter() - started < 5, f"{name}: more than 5 s on 1 MB"


def _rising_backticks(longest: int) -> str:
    return " ".join("`" * length + "a" for length in range(1, longest + 1))


# Bodies Python-Markdown renders in more than linear time, found by measuring generated runs of
# each construct (content/complexity.py); each would take minutes or fail, and check says so first.
PATHOLOGICAL = {
    "open-brackets": "[" * 300_000,
    "rising-backticks": _rising_backticks(1200),  # 722 KB: 45 s to render
    "links-left-open": "[a](" * 50_000,
    "images-left-open": "![" * 100_000,
    "angle-tags": "<a " * 60_000,
    "code-then-bracket": "`[" * 50_000,
    "numbered-markers": "1. " * 2_000,  # RecursionError in Markdown
    "deep-indentation": "\n".join("    " * depth + "- item" for depth in range(300)),
}


@pytest.mark.slow
def test_a_body_markdown_would_take_minutes_on_is_refused_by_check_in_seconds(tmp_path, capsys):
    stories = {
        f"2023/{name}.md": story(body="First paragraph.\n\n" + body) for name, body in PATHOLOGICAL.items()
    }
    stories["2023/quotes.md"] = story(body="> " * 3_000 + "deep, and fast")  # suspected, tried, accepted
    idle = threading.Event()  # another thread alive, as in `mkdocs serve`: this process may not fork
    threading.Thread(target=idle.wait, daemon=True).start()
    started = time.perf_counter()
    try:
        assert run_check(tmp_path, stories) == 1
    finally:
        idle.set()
    assert time.perf_counter() - started < 60  # at most the render budget (2 s) for each
    lines = output_lines(capsys)
    found = {line.split(":")[0]: line for line in lines}
    assert len(found) == len(lines), lines
    assert sorted(found) == sorted(f"content/stories/2023/{name}.md" for name in PATHOLOGICAL)
    for name, line in found.items():
        where = ":26:1:" if "deep-indentation" in name else ":9:1:"  # the first line indented too deep
        assert f"{where} error[too-complex]: " in line, line
        assert ("rendering it takes more than 2 seconds" in line) or ("nests lists, quotes or blocks" in line)
    assert (
        "nests lists, quotes or blocks more deeply than Markdown can render"
        in found["content/stories/2023/numbered-markers.md"]
    )


@pytest.mark.slow
def test_a_body_the_check_accepts_renders_in_seconds_in_the_build(tmp_path):
    """Under the render budget, the build stays short: the check tried the very render it will do."""
    project = copy_project(tmp_path)
    # 4 blocks of 500 brackets: suspected, tried (about 0.2 s, well inside the budget on a busy machine)
    body = "\n\n".join(["[" * 500] * 4)
    (project / "content/stories/2023/brackets.md").write_text(
        story(title="Brackets", people="[]", body=body), encoding="utf-8"
    )
    started = time.perf_counter()
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml")]) == 0
    assert time.perf_counter() - started < 60


def test_images_only_from_the_site_itself():
    for src in [
        "\\\\host\\p.png",
        "/\\host/p.png",
        "/\t/host/p.png",
        "//host/p.png",
        "https://host/p.png",
        "/media/p.png",
        "javascript:alert(1)",
        " http://host/",
        "data:image/png;base64,AA",
    ]:
        assert not local_image(src), src
    for src in ["../../media/p.png", "p.png", "media/p.png?v=1:2"]:
        assert local_image(src), src


def test_ids_in_the_themes_namespace_are_dropped():
    assert not safe_id("__config") and not safe_id('"><img>') and not safe_id("")
    assert safe_id("fn:1") and safe_id("fnref:2") and safe_id("md-11-crash")
    assert (
        sanitize_html('<div id="__config" class="mermaid md-typeset note">x</div>')
        == '<div class="note">x</div>'
    )


def test_a_heading_cannot_take_an_id_the_generator_gives_its_own_elements():
    from generator.markup.body import BodyRenderer
    from generator.settings import DEFAULTS

    body = BodyRenderer(DEFAULTS).render("## Archive main\n\nText.\n\n## __config\n")
    assert '<h2 id="section-archive-main">Archive main' in body.html  # not the skip link's target
    assert [h.id for h in body.headings] == ["section-archive-main", "config"]
    assert not safe_id("archive-main") and safe_id("archive-main", page=True)
    assert sanitize_html('<p id="archive-on-this-day">x</p>') == "<p>x</p>"


def test_a_failure_while_generating_one_story_names_that_story(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path)
    real = search.snippet

    def failing(markdown):  # a bug the hostile body triggers, somewhere after the check
        if "TRIGGER" in markdown:
            raise ValueError("a bug")
        return real(markdown)

    monkeypatch.setattr(search, "snippet", failing)
    (project / "content/stories/2023/trigger.md").write_text(
        story(title="Trigger", people="[]", body="TRIGGER"), encoding="utf-8"
    )
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert (
        "content/stories/2023/trigger.md:1:1: error[generate-failed]: making the site's search documents "
        "failed on this story (ValueError: a bug); please report it with the file attached"
    ) in err
    assert "Traceback" not in err
    assert not (project / "site").exists()


def test_the_unsafe_markup_finder_finds_what_it_looks_for():
    from tests.helpers import unsafe_markup

    assert unsafe_markup('<p title="<img onerror=x>">text about onerror= and javascript:</p>') == []
    assert unsafe_markup('<img src="x" onerror="a()"><a href=" JavaScript:x">') == [
        "img onerror",
        "a href= JavaScript:x",
    ]
    assert unsafe_markup('<script></script><img src="//host/p.png"><div id="__config">') == [
        "<script>",
        "img src=//host/p.png",
        "div id/class {'id': '__config'}",
    ]


def test_the_problems_page_of_serve_shows_what_stories_quote_as_text():
    from generator.diagnostics import error, info
    from generator.publish.serve_problems import problems_page

    hostile = '<img src=x onerror="alert(1)">'
    diagnostics = (
        error(f"content/stories/{hostile}.md", 3, 7, "unknown-tag", f"unknown tag '{hostile}'", hint=hostile),
        info("content/people.yml", 1, 1, "unused-person", "person 'x' is not listed by any story"),
    )
    page = problems_page(diagnostics, "<script>alert(1)</script>").decode()
    assert "<img" not in page and "<script>" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;.md:3:7" in page
    assert "unused-person" not in page  # notes stay in the terminal
    assert "<title>The content has problems: 1 error · &lt;script&gt;" in page
