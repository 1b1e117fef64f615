"""Rendering: contributors' short fields as inline Markdown only, listings cut into pages, templates
that escape every value, and one page for each path."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.markup.inline import inline_html
from generator.model import StoryDate
from generator.pages.contexts import Pager
from generator.pages.plan import page_specs, paginate
from generator.pages.render import long_date
from generator.urls import shortest_links
from tests.helpers import generate_content, make_content, story


@pytest.mark.parametrize(
    ("field", "html"),
    [
        ("Plain name", "Plain name"),
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("*bold* `code` a_b & c", "<em>bold</em> <code>code</code> a_b &amp; c"),
        ("[a site](https://example.org/a?b=1&c=2)", '<a href="https://example.org/a?b=1&amp;c=2">a site</a>'),
        (
            '!!! danger "Site compromised: download the update"',
            '!!! danger "Site compromised: download the update"',
        ),
        ("# Not a heading", "# Not a heading"),
        ("- not a bullet\n- nor this", "- not a bullet - nor this"),
        ("1984. Not a list", "1984. Not a list"),
        ("> not a quote", "&gt; not a quote"),
        ("two\n\nparagraphs", "two paragraphs"),
        ("{: .class }", "{: .class }"),
        ("See [the fix](javascript:alert(1))", "See the fix"),
        ("![x](http://evil.test/p.png)", "![x](http://evil.test/p.png)"),
        ("[relative](../2023/x.md)", "relative"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("a &#1; b", "a  b"),
    ],
)
def test_an_inline_field_is_inline_markdown_and_nothing_else(field, html):
    assert inline_html(field) == html


def test_dates_read_as_in_the_story():
    assert long_date(StoryDate(dt.date(2024, 6, 19), "14:00", "+09:00")) == "19 June 2024"
    assert long_date(dt.date(2023, 9, 2)) == "2 September 2023"


def test_pages_of_a_long_listing():
    pages = paginate(range(7), "tags/russia.html", 3)
    assert [(path, items, pager.number, pager.count, pager.total) for path, items, pager in pages] == [
        ("tags/russia.html", (0, 1, 2), 1, 3, 7),
        ("tags/russia/page-2.html", (3, 4, 5), 2, 3, 7),
        ("tags/russia/page-3.html", (6,), 3, 3, 7),
    ]
    assert [(pager.newer, pager.older) for _, _, pager in pages] == [
        ("", "tags/russia/page-2.html"),
        ("tags/russia.html", "tags/russia/page-3.html"),
        ("tags/russia/page-2.html", ""),
    ]
    assert paginate([], "tags/empty.html", 3) == [
        ("tags/empty.html", (), Pager(1, 1, 0, "", "", ("tags/empty.html",)))
    ]


def test_a_summary_of_block_syntax_is_shown_as_its_text_on_every_page(tmp_path):
    summary = '"!!! danger \\"Site compromised: download the update at evil.test\\""'
    content = make_content(tmp_path, {"2023/a.md": story(extra=f"summary: {summary}")})
    generated = generate_content(content)
    for path in ("index.html", "stories/2023/a.html", "tags/russia.html", "archive/2023/09.html"):
        html = generated.pages[path].html
        assert "!!! danger &#34;Site compromised" in html or '!!! danger "Site compromised' in html, path
        assert "admonition danger" not in html


def test_every_value_a_template_prints_is_escaped(tmp_path):
    content = make_content(
        tmp_path,
        {"2023/a.md": story(title='"</h1><script>alert(1)</script>"', extra='authors: ["<b>Mallory</b>"]')},
    )
    generated = generate_content(content)
    for page in generated.pages.values():
        assert "<script>" not in page.html and "<b>Mallory</b>" not in page.html, page.path


def test_one_page_one_path(tmp_path):
    site = generate_content(make_content(tmp_path, {"2023/a.md": story()})).site
    specs = page_specs(site)
    assert len({spec.path for spec in specs}) == len(specs)
    assert [spec.path for spec in page_specs(site)] == [spec.path for spec in specs]  # a fixed order


def test_links_take_the_shortest_way_and_a_storys_text_stays_as_written():
    text = '<pre><code>&lt;a href="../../stories/2019/x.html"&gt; "url":"../../stories/2019/p.html"</code>'
    page = (
        '<head><script type="application/ld+json">{"url":"../../stories/2019/p.html"}</script></head><body>'
        '<a href="../../stories/2019/x.html">same year</a> <a class="c" href="../../stories/2023/y.html">'
        'other year</a> <a href="../../index.html">home</a> <img alt="" src="../../stories/2019/i.png">'
        f"{text}</body>"
    )
    assert shortest_links(page, "stories/2019/p.html") == (
        '<head><script type="application/ld+json">{"url":"p.html"}</script></head><body>'
        '<a href="x.html">same year</a> <a class="c" href="../2023/y.html">'
        'other year</a> <a href="../../index.html">home</a> <img alt="" src="i.png">'
        f"{text}</body>"
    )
    assert shortest_links('<a href="stories/2019/x.html">', "index.html") == '<a href="stories/2019/x.html">'
