"""Renamed people, tags and authors keep their addresses: `formerly: [old-id]` in the registry."""

from __future__ import annotations

from tests.helpers import PEOPLE, TAGS, generate_content, make_content, output_lines, run_check, story

RENAMED = PEOPLE.replace("dmitry-peskov:\n", "dmitry-peskov:\n  formerly: [dmitri-peskov, peskov]\n")


def test_a_story_naming_an_earlier_id_is_told_the_id_now(tmp_path, capsys):
    assert run_check(tmp_path, {"2023/a.md": story(people="[dmitri-peskov]")}, people=RENAMED) == 1
    assert output_lines(capsys) == [
        "content/stories/2023/a.md:5:10: error[unknown-person]: 'dmitri-peskov' is now 'dmitry-peskov' "
        "(content/people.yml lists it under formerly:); write 'dmitry-peskov'",
    ]


def test_an_earlier_id_in_use_or_claimed_twice_is_an_error(tmp_path, capsys):
    people = RENAMED + "zoe:\n  name: Zoe\n  formerly: [kim-jong-un, peskov, Bad Id]\n"
    assert run_check(tmp_path, {"2023/a.md": story()}, people=people) == 1
    assert output_lines(capsys) == [
        "content/people.yml:12:14: error[rename-conflict]: 'kim-jong-un' is still a person id; an earlier id "
        "cannot be one in use",
        "content/people.yml:12:27: error[rename-conflict]: 'peskov' is named as an earlier id of both "
        "'dmitry-peskov' and 'zoe'",
        "content/people.yml:12:35: error[bad-id]: 'Bad Id' is not a valid person id; use lowercase a-z, 0-9 "
        "and hyphens, e.g. 'bad-id'",
    ]


def test_deleting_an_entry_still_listed_names_every_story_that_lists_it(tmp_path, capsys):
    stories = {f"2023/s{n}.md": story(people="[zoe-durand]") for n in range(3)}
    people = PEOPLE.replace("zoe-durand:\n  name: Zoë Durand\n", "")
    assert run_check(tmp_path, stories, people=people) == 1
    assert [line.split(":")[0] for line in output_lines(capsys) if "error[" in line] == [
        f"content/stories/2023/s{n}.md" for n in range(3)
    ]


def test_the_earlier_pages_and_feeds_lead_to_the_entry(tmp_path):
    tags = TAGS.replace("russia:\n", "russia:\n  formerly: [russian-federation]\n")
    content = make_content(tmp_path, {"2023/a.md": story()}, people=RENAMED, tags=tags)
    generated = generate_content(content)
    page = generated.files["people/dmitri-peskov.html"].decode()
    assert '<meta http-equiv="refresh" content="0; url=dmitry-peskov.html">' in page
    assert '<link rel="canonical" href="dmitry-peskov.html">' in page
    assert '<a href="dmitry-peskov.html">Dmitry Peskov</a>' in page
    assert "tags/russian-federation.html" in generated.files
    assert generated.files["feeds/people/peskov.xml"] == generated.files["feeds/people/dmitry-peskov.xml"]
    assert generated.files["feeds/tags/russian-federation.xml"] == generated.files["feeds/tags/russia.xml"]
