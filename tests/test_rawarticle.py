"""Raw articles as copied from news sites: the parts `import` builds a story from."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.contribute.rawarticle import candidate_names, find_date, parse_article, split_byline


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Anna Example", ("Anna Example",)),
        ("By Jane Doe, staff writer", ("Jane Doe",)),
        ("By Jane Doe, Staff Writer", ("Jane Doe",)),
        ("By Jane Doe and John Roe in Moscow", ("Jane Doe", "John Roe")),
        ("Jane Doe & John Roe; Reuters", ("Jane Doe", "John Roe")),
        ("Written by Ana María López, foreign correspondent", ("Ana María López",)),
    ],
)
def test_a_byline_gives_names_only(byline, names):
    assert split_byline(byline) == names


def test_titles_before_a_name_are_not_part_of_it():
    text = (
        "Secretary of State Mike Pompeo met Foreign Minister Ri Yong Ho. The United States said so. "
        "Ivan Petrovich, a local official, greeted President Vladimir Putin's delegation."
    )
    known = {"Vladimir Putin"}
    assert candidate_names(text, known.__contains__) == ["Mike Pompeo", "Ri Yong Ho", "Ivan Petrovich"]


def test_the_article_is_split_into_title_byline_headings_and_paragraphs():
    article = parse_article(
        "\n\nA title\n\nBy Anna Example\n\nFirst paragraph, with a comma.\n\nA heading\n\n"
        "Read also: elsewhere\n\nSecond paragraph.\n\nRelated articles\nA headline\n"
    )
    assert article.title == "A title"
    assert article.authors == ("Anna Example",)
    assert article.blocks == (
        ("paragraph", "First paragraph, with a comma."),
        ("heading", "A heading"),
        ("paragraph", "Second paragraph."),
    )
    assert article.markdown() == "First paragraph, with a comma.\n\n## A heading\n\nSecond paragraph.\n"


def test_an_empty_article_is_refused():
    with pytest.raises(ValueError, match="empty"):
        parse_article("\n \n")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Moscow, 12 September 2023. The talks", dt.date(2023, 9, 12)),
        ("on Sept. 5, 2019 and 2020-01-02", dt.date(2019, 9, 5)),
        ("published 2024-06-19", dt.date(2024, 6, 19)),
        ("on 31 February 2023 or 1 March 2023", dt.date(2023, 3, 1)),
        ("on 12 September, no year", None),
    ],
)
def test_the_first_real_date_with_a_year(text, date):
    assert find_date(text) == date
