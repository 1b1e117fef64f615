"""The render stage's helpers: untrusted text made inert in Markdown, pages cut and joined."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model import StoryDate
from generator.pages.render import (
    Pager,
    flag_first,
    html_text,
    join_pages,
    long_date,
    md_text,
    md_url,
    paginate,
)


@pytest.mark.parametrize(
    ("value", "markdown"),
    [
        ("Plain name", "Plain name"),
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("*bold* [link](x) `code` a_b", "\\*bold\\* \\[link\\](x) \\`code\\` a\\_b"),
        ("# Not a heading", "\\# Not a heading"),
        ("1984. Not a list", "1984\\. Not a list"),
        ("- not a bullet", "\\- not a bullet"),
        ("two\nlines   and  spaces", "two lines and spaces"),
        ("{: .class }", "\\{: .class \\}"),
    ],
)
def test_md_text_leaves_no_markup(value, markdown):
    assert md_text(value) == markdown


def test_html_text_and_urls():
    assert html_text('"><b>') == "&quot;&gt;&lt;b&gt;"
    assert md_url("https://example.org/a b?q=<x>") == "<https://example.org/a%20b?q=%3Cx%3E>"


def test_dates_read_as_in_the_story():
    assert long_date(StoryDate(dt.date(2024, 6, 19), "14:00", "+09:00")) == "19 June 2024"
    assert long_date(dt.date(2023, 9, 2)) == "2 September 2023"


def test_pages_of_a_long_listing():
    pagers = paginate(range(7), "tags/russia.md", 3)
    assert [(p.number, p.count, p.items, p.total) for p in pagers] == [
        (1, 3, (0, 1, 2), 7),
        (2, 3, (3, 4, 5), 7),
        (3, 3, (6,), 7),
    ]
    assert [p.path for p in pagers] == ["tags/russia.md", "tags/russia/page-2.md", "tags/russia/page-3.md"]
    assert paginate([], "tags/empty.md", 3) == [Pager(1, 1, (), "tags/empty.md", 0)]


def test_flag_first_marks_the_first_item():
    assert flag_first("abc") == [(True, "a"), (False, "b"), (False, "c")]
    assert flag_first([]) == []


def test_one_page_one_writer():
    assert join_pages({"a.md": "A"}, {"b.md": "B"}) == {"a.md": "A", "b.md": "B"}
    with pytest.raises(ValueError, match="two pages would be written to a.md"):
        join_pages({"a.md": "A"}, {"a.md": "again"})
