"""`new` and `import`: what a contributor runs, and the files they get."""

from __future__ import annotations

from generator.cli import main
from generator.diagnostics import invocation
from tests.helpers import make_content, output_lines, story

RAW = """Peskov says the talks with Kim Jong Un will touch on sanctions

Anna Example

President Putin will receive the North Korean leader at the cosmodrome, the Kremlin said on 12 September 2023.

What was said

Dmitry Peskov said the talks would cover "sensitive" areas. Ivan Petrovich, a local official, met the train.

Read also: Something else entirely

Related articles...
Latest news
Vladimir Putin headline that is not part of the story
Sign up now to stay updated on all business topics.
"""

PEOPLE = """\
dmitry-peskov:
  name: Dmitry Peskov
  aliases: [Peskov]
kim-jong-un:
  name: Kim Jong-un
  aliases: [Kim Jong Un]
vladimir-putin:
  name: Vladimir Putin
  aliases: [President Putin]
"""
TAGS = "russia:\n  name: Russia\n  aliases: [Kremlin]\nsanctions:\n  name: Sanctions\n"


def test_import_raw_article(tmp_path, capsys):
    content = make_content(tmp_path, {}, people=PEOPLE, tags=TAGS)
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW, encoding="utf-8")
    assert main(["import", str(raw), "--content", str(content)]) == 0
    out, err = capsys.readouterr()
    path = content / "stories" / "2023" / "peskov-says-the-talks-with-kim-jong-un-will-touch-on-sanctions.md"
    assert out.strip() == str(path)
    assert "      Ivan Petrovich (1 mention)\n" in err  # a guess, listed, never added
    assert "  - summary: none yet; add one or two sentences of your own\n" in err
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        'title: "Peskov says the talks with Kim Jong Un will touch on sanctions"\n'
        "date: 2023-09-12\n"
        "authors: [Anna Example]\n"
        "tags: [sanctions, russia]\n"
        "people: [dmitry-peskov, kim-jong-un, vladimir-putin]\n"
        "draft: true\n"
        "---\n"
        "\n"
        "President Putin will receive the North Korean leader at the cosmodrome, "
        "the Kremlin said on 12 September 2023.\n"
        "\n"
        "## What was said\n"
        "\n"
        'Dmitry Peskov said the talks would cover "sensitive" areas. '
        "Ivan Petrovich, a local official, met the train.\n"
    )
    assert main(["check", "--drafts", "--content", str(content)]) == 0
    # A second import says so and changes nothing.
    before = path.read_bytes()
    assert main(["import", str(raw), "--content", str(content)]) == 1
    assert "already imported as" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_import_needs_a_date_when_the_text_has_no_year(tmp_path, capsys):
    content = make_content(tmp_path, {}, people=PEOPLE, tags=TAGS)
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW.replace(" 2023", ""), encoding="utf-8")
    assert main(["import", str(raw), "--content", str(content)]) == 1
    assert capsys.readouterr().err == (
        f"{raw}: error: the text gives no date with a year; give one with --date YYYY-MM-DD; "
        "nothing was written\n"
    )
    assert main(["import", str(raw), "--content", str(content), "--date", "2023-09-11"]) == 0
    assert (
        content / "stories" / "2023" / "peskov-says-the-talks-with-kim-jong-un-will-touch-on-sanctions.md"
    ).is_file()


def test_a_dateline_is_the_date_and_never_a_heading(tmp_path, capsys):
    content = make_content(tmp_path, {}, people=PEOPLE, tags=TAGS)
    raw = tmp_path / "raw.txt"
    raw.write_text(
        RAW.replace("Anna Example\n", "Anna Example\n\nJune 12, 2018\n").replace(" 2023", ""),
        encoding="utf-8",
    )
    assert main(["import", str(raw), "--content", str(content)]) == 0
    story = (
        content / "stories/2018/peskov-says-the-talks-with-kim-jong-un-will-touch-on-sanctions.md"
    ).read_text(encoding="utf-8")
    assert "date: 2018-06-12\n" in story and "June 12" not in story


def test_new_writes_a_valid_skeleton_and_never_overwrites(tmp_path, capsys):
    content = make_content(tmp_path, {"2023/a.md": story()})
    args = [
        "new",
        "Zoë meets Peskov",
        "--date",
        "2024-02-29",
        "--tags",
        "russia",
        "--people",
        "Peskov",
        "--content",
        str(content),
    ]
    assert main(args) == 0
    path = content / "stories" / "2024" / "zoe-meets-peskov.md"
    skeleton = path.read_text(encoding="utf-8")
    assert skeleton == (
        "---\n"
        'title: "Zoë meets Peskov"\n'
        "date: 2024-02-29\n"
        "authors: []\n"
        'summary: "TODO: one or two sentences for listings and search results"\n'
        "tags: [russia]\n"
        "people: [Peskov]\n"
        "---\n"
        "\n"
        "TODO: write the story here, in your own words. Use `##` for section headings.\n"
    )
    assert capsys.readouterr().out == (
        "wrote content/stories/2024/zoe-meets-peskov.md:\n\n"
        + skeleton
        + f"\nReplace the two TODO lines with your own words, then run: {invocation()} check\n"
    )
    # An unedited skeleton can never be published: check refuses both placeholders.
    assert main(["check", "--content", str(content)]) == 1
    assert output_lines(capsys) == [
        "content/stories/2024/zoe-meets-peskov.md:5:10: error[placeholder]: "
        "replace the placeholder summary with one or two sentences of your own",
        "content/stories/2024/zoe-meets-peskov.md:10:1: error[placeholder]: "
        "replace the placeholder text with the story itself",
    ]
    path.write_text(
        skeleton.replace(
            "TODO: one or two sentences for listings and search results", "Zoë met Peskov."
        ).replace(
            "TODO: write the story here, in your own words. Use `##` for section headings.", "They met."
        ),
        encoding="utf-8",
    )
    assert main(["check", "--content", str(content), "--strict"]) == 0
    path.write_text(path.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    edited = path.read_bytes()
    assert main(args) == 1
    assert "already exists; nothing was written" in capsys.readouterr().err
    assert path.read_bytes() == edited


def test_new_refuses_unknown_tags_with_a_suggestion(tmp_path, capsys):
    content = make_content(tmp_path, {})
    assert main(["new", "Title", "--date", "2024-01-01", "--tags", "rusia", "--content", str(content)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "new: --tags: error[unknown-tag]: 'rusia' is not in content/tags.yml; did you mean 'russia'?",
        "nothing was written; content/stories/2024/title.md does not exist yet",
    ]
    assert not (content / "stories" / "2024").exists()


def test_new_offers_a_registry_entry_for_an_unregistered_person(tmp_path, capsys):
    content = make_content(tmp_path, {})
    args = ["new", "Summit", "--date", "2018-06-12", "--tags", "russia", "--people", "Donald Trump"]
    assert main([*args, "--content", str(content)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "new: --people: error[unknown-person]: 'Donald Trump' is not in content/people.yml; "
        "add it there first, for example:",
        "    donald-trump:",
        '      name: "Donald Trump"',
        '      description: ""  # optional: who they are, in a few words',
        "nothing was written; content/stories/2018/summit.md does not exist yet",
    ]
