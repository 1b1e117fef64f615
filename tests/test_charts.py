"""Coverage charts: one bar per month (or per year over a long span), empty months kept, numbers
readable without the picture."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from generator.markup.sanitize import sanitize_html
from generator.model import Story, StoryDate
from generator.pages.charts import Bar, bars, coverage_svg


def _story(year: int, month: int, slug: str = "s") -> Story:
    return Story(
        f"content/stories/{year}/{slug}.md",
        f"{slug}-{year}-{month}",
        "T",
        StoryDate(dt.date(year, month, 1)),
        (),
        ("t",),
        (),
        "Body.",
    )


def test_months_run_evenly_with_empty_ones_kept():
    found = bars([_story(2023, 11), _story(2024, 2), _story(2024, 2, "b")])
    assert [(b.label, b.count) for b in found] == [
        ("Nov 2023", 1),
        ("Dec 2023", 0),
        ("Jan 2024", 0),
        ("Feb 2024", 2),
    ]
    assert found[0].page == "archive/2023/11.html"


def test_a_long_span_is_shown_by_year():
    found = bars([_story(2015, 3), _story(2024, 6), _story(2024, 7)])
    assert [(b.label, b.count) for b in found][:2] == [("2015", 1), ("2016", 0)] and found[-1] == Bar(
        "2024", "archive/2024.html", 2
    )


def test_the_last_twelve_months():
    found = bars([_story(2022, 1), _story(2024, 6)], last=(2024, 6), months=12)
    assert [b.label for b in found][0] == "Jul 2023" and len(found) == 12 and found[-1].count == 1


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_data(self, data):
        self.text.append(data)


def test_the_chart_says_what_it_shows_in_words_and_links_each_bar():
    svg = coverage_svg(bars([_story(2023, 9), _story(2023, 11)]), "Kim <Jong-un>", "../", "coverage")
    parsed = _Text()
    parsed.feed(svg)
    text = "".join(parsed.text)
    assert "Coverage of Kim <Jong-un> over time" in text  # the name escaped in the markup, read back as text
    assert "2 stories from Sep 2023 to Nov 2023, by month." in text
    assert "Sep 20231Oct 20230Nov 20231" in text  # the table: every month and its count
    assert parsed.links == ["../archive/2023/09.html", "../archive/2023/11.html"]  # empty months have no link
    assert "<Jong-un>" not in svg
    assert sanitize_html(svg, page=True) == svg  # kept whole where whole pages are sanitised (the export)
    assert "<svg" not in sanitize_html(svg)  # and a story's body never lets an SVG through
    assert coverage_svg([], "x", "", "coverage") == ""


def test_a_sparkline_is_the_timeline_in_miniature_with_a_title():
    from generator.pages.charts import sparkline_svg

    series = [Bar("Jan 2024", "archive/2024/01.html", 2), Bar("Feb 2024", "x", 0), Bar("Mar 2024", "x", 1)]
    svg = sparkline_svg(series, "Kim <Jong-un>", "spark-person-kim")
    assert svg.startswith(
        '<svg class="sparkline" viewBox="0 0 41 16" width="41" height="16" role="img" '
        'aria-labelledby="spark-person-kim"><title id="spark-person-kim">'
        "Kim &lt;Jong-un&gt;: 3 stories from Jan 2024 to Mar 2024, at most 2 in a month</title>"
    )
    assert svg.count('<rect class="coverage__bar"') == 2  # the empty month is a gap, on a baseline
    assert '<rect class="coverage__base" x="0" y="15" width="14" height="1"></rect>' in svg
    assert '<rect class="coverage__bar" x="10" y="8" width="4" height="8"></rect>' in svg
    # Its scale: the busiest month's count, at the right, inside the picture (three bars, then room).
    assert svg.endswith('<text class="sparkline__scale" x="41" y="8" text-anchor="end">2</text></svg>')
    assert sparkline_svg([], "x", "y") == ""
