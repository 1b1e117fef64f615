"""Coverage over time: stories per month (or per year over a long span) as an inline SVG chart.

Drawn at build time from counts alone; nothing runs in the reader's browser. Colours come from
the theme's variables (theme/assets/archive.css), so a chart follows the light or dark palette
and prints. Every chart has a title, a description and a visually hidden table of its numbers.
On the archive's own charts each bar links to the archive's page for its month (or year); on a
tag's or person's, to the search page narrowed to that tag or person and that month (or year).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator import urls
from generator.model import Story

BAR_WIDTH, GAP, PLOT_HEIGHT, LABEL_HEIGHT = 12, 3, 48, 14
MONTHLY_UP_TO = 36  # months shown one by one; a longer span is shown by year
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True)
class Bar:
    label: str  # "Sep 2023" or "2023"
    page: str  # from the site's root, as HTML: archive/2023/09.html, search.html?tag=x&amp;month=2023-09
    count: int


def archive_page(year: int, month: int | None) -> str:
    return html.escape(urls.year(year) if month is None else urls.month(year, month))


def search_link(kind: str, ident: str) -> Callable[[int, int | None], str]:
    """Links to the search page's stories of one tag, person or author in a month or year."""

    def link(year: int, month: int | None) -> str:
        when = {"year": f"{year:04d}"} if month is None else {"month": f"{year:04d}-{month:02d}"}
        return html.escape(urls.search(**{kind: ident}, **when, sort="oldest"))

    return link


def bars(
    stories: Sequence[Story],
    last: tuple[int, int] | None = None,
    months: int | None = None,
    link: Callable[[int, int | None], str] = archive_page,
) -> list[Bar]:
    """Bars from the first month with a story to the last (or the `months` before `last`), empty
    months included so that time runs evenly; by year when that span is long."""
    if not stories:
        return []
    counts = Counter((s.year, s.month) for s in stories)
    first = min(counts)
    end = last or max(counts)
    if months is not None:
        index = end[0] * 12 + end[1] - 1 - (months - 1)
        first = (index // 12, index % 12 + 1)
    span = (end[0] - first[0]) * 12 + end[1] - first[1] + 1
    if span > MONTHLY_UP_TO:
        per_year = Counter(year for year, _ in counts.elements())
        return [Bar(str(y), link(y, None), per_year.get(y, 0)) for y in range(first[0], end[0] + 1)]
    found = []
    for n in range(span):
        index = first[0] * 12 + first[1] - 1 + n
        year, month = index // 12, index % 12 + 1
        found.append(
            Bar(
                f"{_MONTHS[month - 1]} {year}",
                link(year, month),
                counts.get((year, month), 0),
            )
        )
    return found


# A label's width in the chart's own units: its font is 9 units high, and no character of a month's
# name or a year is wider than 6 of them. The chart is drawn wide enough for every label it has.
LABEL_FONT, CHAR_WIDTH = 9, 6
FEW_BARS = 12  # up to this many months, each is named under its bar (and the bars are wider)
WIDE_BAR = 26


def _label_width(text: str) -> int:
    return len(text) * CHAR_WIDTH


def _labels(series: Sequence[Bar], unit: str, step: int) -> list[tuple[int, str]]:
    """(bar number, text) of the labels under the bars: every month's name when there are few, else
    each year under its first bar, wherever there is room for it."""
    if unit == "month" and len(series) <= FEW_BARS:
        return [(n, bar.label[:3]) for n, bar in enumerate(series)]
    found: list[tuple[int, str]] = []
    free_from = 0
    for n, bar in enumerate(series):
        year = bar.label[-4:]
        starts_year = unit == "year" or bar.label.startswith("Jan") or n == 0
        if starts_year and n * step >= free_from:
            found.append((n, year))
            free_from = n * step + _label_width(year) + CHAR_WIDTH
    return found


def coverage_svg(series: Sequence[Bar], subject: str, root: str, ident: str) -> str:
    """The chart as one line of HTML (a figure holding the SVG and its table), or "" for no bars.

    Every label is inside the SVG whatever the data's shape (one month, one year, a century): the
    drawing is as wide as its last label needs. A short span names each month under its bar, and
    the year under January and the first bar, on a second line."""
    if not series:
        return ""
    unit = "month" if " " in series[0].label else "year"
    few = unit == "month" and len(series) <= FEW_BARS
    bar_width = WIDE_BAR if few else BAR_WIDTH
    step = bar_width + GAP
    labels = _labels(series, unit, step)
    label_rows = 2 if few else 1
    width = max(len(series) * step, *(n * step + _label_width(text) for n, text in labels))
    height = PLOT_HEIGHT + LABEL_HEIGHT * label_rows
    tallest = max(bar.count for bar in series) or 1
    name = html.escape(subject, quote=True)
    total = sum(bar.count for bar in series)
    stories = "story" if total == 1 else "stories"
    description = f"{total} {stories} from {series[0].label} to {series[-1].label}, by {unit}."
    parts = [
        f'<figure class="coverage"><svg class="coverage__chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="group" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">Coverage of {name} over time</title>',
        f'<desc id="{ident}-desc">{description}</desc>',
    ]
    for n, bar in enumerate(series):
        bar_height = round(bar.count / tallest * PLOT_HEIGHT) if bar.count else 0
        x = n * step
        label = f"{bar.label}: {bar.count} {'story' if bar.count == 1 else 'stories'}"
        y = PLOT_HEIGHT - bar_height
        shape = (
            f'<rect class="coverage__bar" x="{x}" y="{y}" width="{bar_width}" height="{bar_height}"></rect>'
        )
        if bar.count:  # the link's name is its title (a tooltip too): an aria-label would say it twice
            parts.append(f'<a href="{root}{bar.page}"><title>{label}</title>{shape}</a>')
        parts.append(
            f'<rect class="coverage__base" x="{x}" y="{PLOT_HEIGHT}" width="{bar_width}" height="1"></rect>'
        )
    first_row = PLOT_HEIGHT + LABEL_HEIGHT - 3
    for n, text in labels:
        parts.append(f'<text class="coverage__label" x="{n * step}" y="{first_row}">{text}</text>')
    if few:  # the year under January and under the first month, on the second line
        for n, bar in enumerate(series):
            if n == 0 or bar.label.startswith("Jan"):
                year = bar.label[-4:]
                parts.append(f'<text class="coverage__label" x="{n * step}" y="{height - 3}">{year}</text>')
    parts.append("</svg>")
    rows = "".join(f"<tr><td>{bar.label}</td><td>{bar.count}</td></tr>" for bar in series)
    parts.append(
        f'<table class="coverage__table"><caption>Stories about {name} by {unit}</caption>'
        f"<thead><tr><th>{unit.title()}</th><th>Stories</th></tr></thead><tbody>{rows}</tbody></table></figure>"
    )
    return "".join(parts)


SPARK_BAR, SPARK_GAP, SPARK_HEIGHT = 4, 1, 16
SPARK_SCALE = 26  # room on the right for the busiest month's count (four digits): the miniature's scale


def sparkline_svg(series: Sequence[Bar], subject: str, ident: str) -> str:
    """A timeline in miniature, beside a name in a list: the same bars, small, not linked, with the
    busiest month's count at its right as its scale, and a title that says what the bars show (the
    full chart, with links and a table, is on the entry's page). Every miniature is as wide as the
    others, so that they line up."""
    if not series:
        return ""
    tallest = max(bar.count for bar in series) or 1
    plot = len(series) * (SPARK_BAR + SPARK_GAP)
    width = plot + SPARK_SCALE
    total = sum(bar.count for bar in series)
    label = (
        f"{html.escape(subject, quote=True)}: {total} {'story' if total == 1 else 'stories'} "
        f"from {series[0].label} to {series[-1].label}, at most {tallest} in a month"
    )
    parts = [
        f'<svg class="sparkline" viewBox="0 0 {width} {SPARK_HEIGHT}" width="{width}" '
        f'height="{SPARK_HEIGHT}" role="img" aria-labelledby="{ident}"><title id="{ident}">{label}</title>',
        f'<rect class="coverage__base" x="0" y="{SPARK_HEIGHT - 1}" width="{plot - SPARK_GAP}" '
        'height="1"></rect>',
    ]
    for n, bar in enumerate(series):
        if not bar.count:
            continue  # an empty month is the gap between bars
        height = max(1, round(bar.count / tallest * SPARK_HEIGHT))
        x = n * (SPARK_BAR + SPARK_GAP)
        parts.append(
            f'<rect class="coverage__bar" x="{x}" y="{SPARK_HEIGHT - height}" width="{SPARK_BAR}" '
            f'height="{height}"></rect>'
        )
    scale = str(tallest) if tallest < 10_000 else f"{tallest // 1000}k"
    parts.append(f'<text class="sparkline__scale" x="{width}" y="8" text-anchor="end">{scale}</text>')
    parts.append("</svg>")
    return "".join(parts)
