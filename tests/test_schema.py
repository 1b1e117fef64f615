"""Field types of the front matter and the registries: a value, or a located reason why not."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.content.schema import STORY_FIELDS, parse_date, read_mapping
from generator.content.yamlsrc import Located, ScalarNode, parse_yaml
from generator.model import Source, StoryDate

WHERE = Located("content/stories/2023/x.md", 2)


def _read(yaml_text: str):
    node, problems = parse_yaml(yaml_text, WHERE)
    assert problems == []
    values, problems = read_mapping(node, STORY_FIELDS, WHERE, "front matter")
    return values, [d.format() for d in problems]


def test_values_are_read_as_written():
    values, problems = _read(
        "title: yes\ndate: 2024-06-19T14:00+09:00\ntags: [a, b]\nauthors: [1984]\n"
        "source: {name: Agency, url: 'https://example.org/a', published: 2024-06-18}\ndraft: true\n"
    )
    assert problems == []
    assert values["title"] == "yes"  # not True, as YAML 1.1 would have it
    assert values["date"] == StoryDate(dt.date(2024, 6, 19), "14:00", "+09:00")
    assert [tag for tag, _ in values["tags"]] == ["a", "b"]
    assert [author for author, _ in values["authors"]] == ["1984"]
    assert values["source"] == Source("Agency", "https://example.org/a", dt.date(2024, 6, 18))
    assert values["draft"] is True and values["summary"] == "" and values["slug"] == ""


def test_every_problem_of_a_mapping_is_returned_at_its_place():
    _, problems = _read("titel: x\ndate: 2023-02-29\ntags: []\ndraft: maybe\nslug: Not_A_Slug\n")
    assert problems == [
        "content/stories/2023/x.md:2:1: error[unknown-field]: unknown field 'titel' in the front matter; "
        "did you mean 'title'?",
        "content/stories/2023/x.md:3:7: error[bad-date]: '2023-02-29' is not a date: February 2023 has 28 "
        "days",
        "content/stories/2023/x.md:4:7: error[empty-field]: 'tags' needs at least 1 item",
        "content/stories/2023/x.md:5:8: error[wrong-type]: 'draft' must be true or false, not 'maybe'",
        "content/stories/2023/x.md:6:7: error[unsafe-slug]: 'Not_A_Slug' is not a valid slug: "
        "use lowercase a-z, 0-9 and single hyphens",
        "content/stories/2023/x.md:2:1: error[missing-field]: the front matter has no 'title'",
    ]


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2023-09-12", "2023-09-12"),
        ("2023-9-2", "2023-09-02"),
        ("2024-06-19T14:00:00Z", "2024-06-19T14:00:00+00:00"),
        ("2024-06-19 14:00 +0930", "2024-06-19T14:00+09:30"),
    ],
)
def test_dates_keep_their_own_day_time_and_offset(written, iso):
    assert parse_date(ScalarNode("tag:yaml.org,2002:str", written), "date").iso == iso


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("2024-06-19T14:00", "has a time but no UTC offset"),
        ("2024-06-19T25:00+00:00", "is not a time of day"),
        ("2024-06-19T10:00+15:00", "is not a UTC offset"),
        ("0000-01-01", "years start at 0001"),
        ("yesterday", "is not a date; write date: 2023-09-12"),
    ],
)
def test_impossible_dates_say_why(written, reason):
    from generator.content.schema import Invalid

    with pytest.raises(Invalid, match=reason):
        parse_date(ScalarNode("tag:yaml.org,2002:str", written), "date")


def test_links_must_be_http():
    _, problems = _read("title: t\ndate: 2023-01-01\ntags: [a]\nsource: {url: 'ftp://example.org/x'}\n")
    assert problems == [
        "content/stories/2023/x.md:5:15: error[bad-url]: 'ftp://example.org/x' is not an http or https "
        "address"
    ]
