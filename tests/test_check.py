"""`python -m generator check`: the exact lines a contributor sees, and the exit code."""

from __future__ import annotations

import json

import pytest

from generator.cli import main
from tests.helpers import PEOPLE, make_content, run_check, story
from tests.helpers import output_lines as lines


def test_clean_content_exits_zero_and_prints_nothing(tmp_path, capsys):
    assert run_check(tmp_path, {"2023/a.md": story(body="Dmitry Peskov spoke.")}) == 0
    assert lines(capsys) == []


def test_impossible_month_and_unknown_person_give_two_errors(tmp_path, capsys):
    text = story(date="2023-13-01", people="[dmitri-peskov]")
    assert run_check(tmp_path, {"2023/x.md": text}) == 1
    assert lines(capsys) == [
        "content/stories/2023/x.md:3:7: error[bad-date]: '2023-13-01' is not a date: there is no month 13",
        "content/stories/2023/x.md:5:10: error[unknown-person]: 'dmitri-peskov' is not in "
        "content/people.yml; did you mean 'dmitry-peskov'?",
    ]


@pytest.mark.parametrize(
    "date, message",
    [
        ("2023-02-30", "'2023-02-30' is not a date: February 2023 has 28 days"),
        ("2024-02-30", "'2024-02-30' is not a date: February 2024 has 29 days"),
        ("12/09/2023", "'12/09/2023' is not a date; write date: 2023-09-12 or 2024-06-19T14:00:00+09:00"),
        ("2023-09-12T25:00:00+00:00", "'2023-09-12T25:00:00+00:00' is not a time of day"),
        (
            "2023-09-12T10:00:00",
            "'2023-09-12T10:00:00' has a time but no UTC offset; write e.g. 2023-09-12T10:00:00+00:00",
        ),
    ],
)
def test_bad_dates(tmp_path, capsys, date, message):
    assert run_check(tmp_path, {"2023/x.md": story(date=date)}) == 1
    assert lines(capsys) == [f"content/stories/2023/x.md:3:7: error[bad-date]: {message}"]


def test_datetime_with_offset_is_filed_under_the_year_as_written(tmp_path, capsys):
    # 23:30 on New Year's Eve at +09:00 is still 2023 as written, whatever UTC says.
    assert run_check(tmp_path, {"2023/x.md": story(date="2023-12-31T23:30:00-09:00")}) == 0


def test_misfiled_year(tmp_path, capsys):
    assert run_check(tmp_path, {"2024/x.md": story()}) == 1
    assert lines(capsys) == [
        "content/stories/2024/x.md:3:7: error[misfiled]: the story is dated 2023 but sits in stories/2024; "
        "move it to content/stories/2023/"
    ]


def test_people_resolve_by_name_and_alias(tmp_path, capsys):
    text = story(people="[Kim Jong Un, Peskov, Дмитрий Песков]")
    assert run_check(tmp_path, {"2023/x.md": text}) == 0
    assert lines(capsys) == [
        "content/stories/2023/x.md:5:31: warning[repeated-person]: 'Дмитрий Песков' names 'dmitry-peskov', "
        "which is already listed"
    ]


def test_unknown_field_gets_did_you_mean(tmp_path, capsys):
    text = story(extra="peple: [x]")
    assert run_check(tmp_path, {"2023/x.md": text}) == 1
    assert lines(capsys) == [
        "content/stories/2023/x.md:6:1: error[unknown-field]: unknown field 'peple' in the front matter; "
        "did you mean 'people'?"
    ]


def test_every_problem_in_one_run(tmp_path, capsys):
    stories = {
        "2023/empty.md": "",
        "2023/nofm.md": "Just text\n",
        "2023/open.md": "---\ntitle: x\n",
        "2023/bytes.md": b"---\ntitle: caf\xe9\n---\n",
        "2023/yaml.md": "---\ntitle: [unclosed\ndate: 2023-01-01\n---\n",
        "2023/dup.md": "---\ntitle: a\ntitle: b\ndate: 2023-01-01\ntags: [russia]\n---\n",
        "2023/bomb.md": "---\ntitle: &a [x, x]\nsummary: *a\ndate: 2023-01-01\ntags: [russia]\n---\n",
        "2023/slug.md": story(extra="slug: ../../etc"),
        "2023/url.md": story(extra="source: {name: X, url: 'javascript:alert(1)'}"),
        "2023/missing.md": "---\nsummary: no title\n---\n",
        "2023/tag.md": story(tags="[rusia]"),
    }
    assert run_check(tmp_path, stories) == 1
    assert lines(capsys) == [
        "content/stories/2023/bomb.md:2:8: error[yaml-anchor]: YAML anchors (&a) are not allowed",
        "content/stories/2023/bomb.md:3:10: error[yaml-alias]: YAML aliases (*a) are not allowed",
        "content/stories/2023/bytes.md:2:11: error[encoding]: byte 0xe9 is not valid UTF-8; save the file "
        "as UTF-8",
        "content/stories/2023/dup.md:3:1: error[duplicate-key]: key 'title' appears twice (first on line 2)",
        "content/stories/2023/empty.md:1:1: error[empty-file]: the file is empty; a story needs front "
        "matter between '---' lines and a body",
        "content/stories/2023/missing.md:2:1: error[missing-field]: the front matter has no 'date'",
        "content/stories/2023/missing.md:2:1: error[missing-field]: the front matter has no 'tags'",
        "content/stories/2023/missing.md:2:1: error[missing-field]: the front matter has no 'title'",
        "content/stories/2023/nofm.md:1:1: error[missing-front-matter]: a story starts with a '---' line, "
        "then its YAML front matter, then another '---' line",
        "content/stories/2023/open.md:1:1: error[unclosed-front-matter]: the front matter opened on line 1 "
        "is never closed by a '---' line",
        "content/stories/2023/slug.md:6:7: error[unsafe-slug]: '../../etc' is not a valid slug: use "
        "lowercase a-z, 0-9 and single hyphens",
        "content/stories/2023/tag.md:4:8: error[unknown-tag]: 'rusia' is not in content/tags.yml; did you "
        "mean 'russia'?",
        "content/stories/2023/url.md:6:24: error[bad-url]: 'javascript:alert(1)' is not an http or https "
        "address",
        "content/stories/2023/yaml.md:2:8: error[yaml-syntax]: YAML syntax error: a list opened with '[' is "
        "not closed with ']'",
    ]


def test_duplicate_slugs_name_both_files(tmp_path, capsys):
    stories = {"2023/a.md": story(), "2023/b.md": story(extra="slug: a")}
    assert run_check(tmp_path, stories) == 1
    assert lines(capsys) == [
        "content/stories/2023/a.md:1:1: error[duplicate-slug]: slug 'a' is also used by "
        "content/stories/2023/b.md",
        "content/stories/2023/b.md:1:1: error[duplicate-slug]: slug 'a' is also used by "
        "content/stories/2023/a.md",
    ]


def test_alias_claimed_by_two_people(tmp_path, capsys):
    people = "a-one:\n  name: Anna One\n  aliases: [Anna]\nb-two:\n  name: Bea Two\n  aliases: [anna]\n"
    assert run_check(tmp_path, {}, people=people) == 1
    assert (
        lines(capsys)[0]
        == "content/people.yml:6:13: error[alias-conflict]: 'anna' is claimed by both 'a-one' (line 1) and "
        "'b-two'"
    )


def test_unlisted_mention_warns_and_fails_only_when_strict(tmp_path, capsys):
    text = story(people="[]", body="First line.\nThen Kim Jong-un arrived.")
    assert run_check(tmp_path, {"2023/x.md": text}) == 0
    expected = (
        "content/stories/2023/x.md:8:6: warning[unlisted-person]: "
        "the body mentions 'Kim Jong-un' (kim-jong-un) but 'people:' does not list them"
    )
    assert expected in lines(capsys)
    assert run_check(tmp_path / "again", {"2023/x.md": text}, "--strict") == 1


def test_json_and_github_formats(tmp_path, capsys):
    text = story(people="[dmitri-peskov]")
    assert run_check(tmp_path, {"2023/x.md": text}, "--format", "json") == 1
    data = [d for d in json.loads(capsys.readouterr().out) if d["severity"] != "info"]
    assert data[0]["code"] == "unknown-person" and (data[0]["line"], data[0]["col"]) == (5, 10)
    assert run_check(tmp_path / "gh", {"2023/x.md": text}, "--format", "github") == 1
    assert (
        [line for line in lines(capsys) if not line.startswith("::notice")][0]
        == "::error file=content/stories/2023/x.md,line=5,col=10::[unknown-person] 'dmitri-peskov' is not "
        "in content/people.yml; did you mean 'dmitry-peskov'?"
    )


def test_usage_error_exits_two(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "xml"])
    assert exc.value.code == 2
    assert main(["check", "--content", str(tmp_path / "nowhere")]) == 2


def test_unused_registry_entries_are_information(tmp_path, capsys):
    assert run_check(tmp_path, {"2023/a.md": story()}) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        "content/people.yml:4:1: info[unused-person]: person 'kim-jong-un' is not listed by any story" in out
    )
    assert "content/tags.yml:3:1: info[unused-tag]: tag 'north-korea' is not listed by any story" in out


def test_near_duplicate_people_by_transliteration_are_reported_with_both_lines(tmp_path, capsys):
    people = (
        "dmitry-peskov:\n  name: Dmitry Peskov\n"
        "dmitri-peskov:\n  name: Dmitri Peskov\n"
        "kim:\n  name: Дмитрий Песков\n"
    )
    assert run_check(tmp_path, {}, people=people) == 0
    out = lines(capsys)
    assert (
        "content/people.yml:3:1: warning[possible-duplicate]: person 'dmitri-peskov' ('Dmitri Peskov') "
        "looks like 'dmitry-peskov' on line 1; merge them or make one an alias" in out
    )
    assert (
        "content/people.yml:5:1: warning[possible-duplicate]: person 'kim' ('Дмитрий Песков') looks like "
        "'dmitry-peskov' on line 1; merge them or make one an alias" in out
    )


def test_a_story_that_cannot_be_read_is_reported_not_raised(tmp_path, capsys, monkeypatch):
    make_content(tmp_path, {"2023/a.md": story(), "2023/gone.md": story(title="Gone")})
    from generator import pipeline

    real = pipeline.read_bytes

    def vanishing(root, relative, *args):  # removed between the listing and the reading
        if relative.endswith("gone.md"):
            raise FileNotFoundError(2, "No such file or directory")
        return real(root, relative, *args)

    monkeypatch.setattr(pipeline, "read_bytes", vanishing)
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert lines(capsys) == [
        "content/stories/2023/gone.md:1:1: error[unreadable]: cannot read the file: No such file or directory"
    ]


def test_a_nul_character_in_a_story_is_an_error_at_its_place(tmp_path, capsys):
    # NUL is valid UTF-8 and Markdown would pass it on; pages are joined at NUL-marked seams.
    body = "First line.\nThe café\x00seam here.\n"
    assert (
        run_check(tmp_path, {"2023/x.md": story(body=body), "2023/y.md": story(title="Other", body="Fine.")})
        == 1
    )
    [line] = lines(capsys)
    row = story(body=body).split("\n").index("The café\x00seam here.") + 1
    assert (
        line == f"content/stories/2023/x.md:{row}:9: error[nul-character]: the file contains a NUL character "
        f"(U+0000); delete it"
    )


def test_one_run_reports_every_problem_of_a_file(tmp_path, capsys):
    """An unknown field, a misspelt person id and an unregistered person under it, and a bad date."""
    text = (
        "---\ntitle: Singapore summit\ndate: 2018-06-31\ntags: [north-korea]\n"
        "peple: [dmitri-peskov, Donald Trump]\n---\nDmitry Peskov was not there.\n"
    )
    assert run_check(tmp_path, {"2018/singapore.md": text}) == 1
    captured = capsys.readouterr()
    assert captured.err == "checked 1 story, 3 people and 2 tags: 4 errors, 1 warning\n"
    assert [line for line in captured.out.splitlines() if ": info[" not in line] == [
        "content/stories/2018/singapore.md:3:7: error[bad-date]: '2018-06-31' is not a date: June 2018 has "
        "30 days",
        "content/stories/2018/singapore.md:5:1: error[unknown-field]: unknown field 'peple' in the front "
        "matter; "
        "did you mean 'people'?",
        "content/stories/2018/singapore.md:5:9: error[unknown-person]: 'dmitri-peskov' is not in "
        "content/people.yml; "
        "did you mean 'dmitry-peskov'?",
        "content/stories/2018/singapore.md:5:24: error[unknown-person]: 'Donald Trump' is not in "
        "content/people.yml; "
        "add it there first, for example:",
        "    donald-trump:",
        '      name: "Donald Trump"',
        '      description: ""  # optional: who they are, in a few words',
        "content/stories/2018/singapore.md:7:1: warning[unlisted-person]: the body mentions 'Dmitry Peskov' "
        "(dmitry-peskov) but 'people:' does not list them",
    ]


def test_a_clean_check_says_what_it_checked(tmp_path, capsys):
    stories = {
        "2023/a.md": story(body="Dmitry Peskov spoke."),
        "2023/b.md": story(title="B", extra="draft: true"),
    }
    assert run_check(tmp_path, stories) == 0
    captured = capsys.readouterr()
    assert captured.err == "checked 2 stories (1 draft), 3 people and 2 tags: no problems; 3 notes\n"


def test_check_notes_once_when_the_site_has_no_address(tmp_path, capsys, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text('site_name: X\nsite_url: !ENV [SITE_URL, ""]\n', encoding="utf-8")
    monkeypatch.delenv("SITE_URL", raising=False)
    assert run_check(tmp_path, {"2023/a.md": story(body="Dmitry Peskov spoke.")}, "--strict") == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if "no-site-url" in line]
    assert notes == [
        "mkdocs.yml:1:1: info[no-site-url]: site_url is not set: pages get no canonical link, feeds and "
        "structured data use relative links, and no sitemap is written; set it to the address the site is "
        "published at"
    ]
    monkeypatch.setenv("SITE_URL", "https://archive.example.org/")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert "no-site-url" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        (
            PEOPLE.replace("  aliases: [Peskov", "\taliases: [Peskov"),
            "content/people.yml:3:1: error[yaml-syntax]: a tab character in the indentation; YAML indents "
            "with spaces only: replace it with spaces",
        ),
        (
            PEOPLE.replace("  name: Dmitry Peskov", "  name Dmitry Peskov"),
            "content/people.yml:2:3: error[yaml-syntax]: YAML syntax error: this line has no ':'; every line "
            "of an entry is `key: value`",
        ),
        (
            PEOPLE.replace("  name: Zoë Durand", "  name: Zoë: Durand"),
            "content/people.yml:8:12: error[yaml-syntax]: YAML syntax error: a second ': ' on this line; put "
            "a value that holds ': ' in quotes",
        ),
        (
            PEOPLE.replace("Dmitry Peskov\n", '"Dmitry Peskov\n'),
            "content/people.yml:2:9: error[yaml-syntax]: YAML syntax error: a quote opened here is not "
            "closed",
        ),
    ],
)
def test_a_broken_registry_is_one_error_in_plain_words(tmp_path, capsys, people, expected):
    stories = {"2023/a.md": story(people="[dmitry-peskov, kim-jong-un]", body="Dmitry Peskov spoke.")}
    assert run_check(tmp_path, stories, people=people) == 1
    assert capsys.readouterr().out.splitlines() == [expected]
