"""`new` and `import`: what a contributor runs, and the files they get."""

from __future__ import annotations

from generator.cli import main
from tests.helpers import make_content, story

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
    assert "names not in content/people.yml (add them if they are people): Ivan Petrovich" in err
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        'title: "Peskov says the talks with Kim Jong Un will touch on sanctions"\n'
        "date: 2023-09-12\n"
        "authors: [Anna Example]\n"
        "tags: [sanctions, russia]\n"
        "people: [dmitry-peskov, kim-jong-un, vladimir-putin]\n"
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
    assert main(["check", "--content", str(content)]) == 0
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
    assert (
        "error[no-date]: the text gives no date with a year; give one with --date YYYY-MM-DD"
        in capsys.readouterr().err
    )
    assert main(["import", str(raw), "--content", str(content), "--date", "2023-09-11"]) == 0
    assert (
        content / "stories" / "2023" / "peskov-says-the-talks-with-kim-jong-un-will-touch-on-sanctions.md"
    ).is_file()


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
    assert capsys.readouterr().out.strip() == str(path)
    assert 'title: "Zoë meets Peskov"' in path.read_text(encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 0
    path.write_text(path.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    edited = path.read_bytes()
    assert main(args) == 1
    assert "already exists; nothing was written" in capsys.readouterr().err
    assert path.read_bytes() == edited


def test_new_refuses_unknown_tags_with_a_suggestion(tmp_path, capsys):
    content = make_content(tmp_path, {})
    assert main(["new", "Title", "--date", "2024-01-01", "--tags", "rusia", "--content", str(content)]) == 1
    assert "'rusia' is not in content/tags.yml; did you mean 'russia'?" in capsys.readouterr().err
    assert not (content / "stories" / "2024").exists()
