"""Updates and corrections: validated like every field, shown on the story page and the Corrections page."""

from __future__ import annotations

import datetime as dt

from generator.cache.checks import record_path
from tests.helpers import check_content, generate_content, make_content, output_lines, run_check, story

CORRECTED = story(
    extra="""
    updated: 2023-09-14T10:00:00+03:00
    corrections:
      - date: 2023-09-13
        text: An earlier version gave the wrong *date*; see [the statement](https://example.org/s).
      - date: 2023-09-14
        text: "<b>Bold</b> {: .x } is shown as text"
    """
)


def test_corrections_must_fall_between_the_story_and_today(tmp_path, capsys):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    text = story(
        extra=f"""
        updated: 2023-09-01
        corrections:
          - date: 2023-09-11
            text: Too early.
          - date: {tomorrow}
            text: Too late.
          - text: No date.
        """
    )
    assert run_check(tmp_path, {"2023/x.md": text}) == 1
    assert output_lines(capsys) == [
        "content/stories/2023/x.md:6:10: error[bad-date]: the update is dated 2023-09-01, before the story "
        "itself "
        "(2023-09-12)",
        "content/stories/2023/x.md:8:11: error[bad-date]: the correction is dated 2023-09-11, "
        "before the story itself (2023-09-12)",
        f"content/stories/2023/x.md:10:11: error[bad-date]: the correction is dated {tomorrow}, "
        "in the future",
        "content/stories/2023/x.md:12:5: error[missing-field]: the correction has no 'date'",
    ]


def test_a_recorded_check_keeps_updates_and_corrections(tmp_path):
    content = make_content(tmp_path, {"2023/x.md": CORRECTED})
    fresh = check_content(content)
    assert fresh.ok, fresh.diagnostics
    [checked_story] = fresh.archive.stories
    assert checked_story.updated is not None and checked_story.updated.iso == "2023-09-14T10:00:00+03:00"
    assert [c.date.iso for c in checked_story.corrections] == ["2023-09-13", "2023-09-14"]
    check_content(content, record=True)
    assert record_path(content).is_file()
    assert check_content(content, record=True) == fresh  # the second time from the record


def test_the_story_page_and_the_corrections_page_show_them(tmp_path):
    content = make_content(tmp_path, {"2023/x.md": CORRECTED, "2023/y.md": story(title="Other")})
    pages = generate_content(content).pages
    page = pages["stories/2023/x.html"].html
    assert (
        '<time datetime="2023-09-12">12 September 2023</time> · 1 min read · Updated '
        '<time datetime="2023-09-14T10:00:00+03:00">14 September 2023</time>'
    ) in page
    assert (
        '<li><time datetime="2023-09-13">13 September 2023</time>: An earlier version gave the wrong '
        '<em>date</em>; see <a href="https://example.org/s">the statement</a>.</li>\n'
        '<li><time datetime="2023-09-14">14 September 2023</time>: &lt;b&gt;Bold&lt;/b&gt; {: .x } '
        "is shown as text</li>"
    ) in page
    listing = pages["corrections.html"].html
    assert listing.index("14 September 2023") < listing.index("13 September 2023")  # newest first
    assert '<a href="stories/2023/x.html">A story</a>' in listing
    assert "Corrections" not in pages["stories/2023/y.html"].html


def test_on_this_day_as_built_shows_the_newest_storys_day(tmp_path):
    """Not a corrections test, but the same kind of page-level promise: deterministic, from the data."""
    stories = {
        "2024/newest.md": story(title="Newest", date="2024-09-12"),
        "2023/a-year-ago.md": story(title="A year ago", date="2023-09-12"),
        "2021/older.md": story(title="Older", date="2021-09-12"),
        "2023/other-day.md": story(title="Another day", date="2023-09-13"),
    }
    pages = generate_content(make_content(tmp_path, stories)).pages
    home = pages["index.html"].html
    # As built (and without script): the newest story's day, every year; the reader's own day is the
    # script's (tests/test_browser_design.py).
    look_back = home.split('id="archive-on-this-day-heading">On 12 September</h2>')[1].split("</section>")[0]
    assert look_back.index(">Newest<") < look_back.index(">A year ago<") < look_back.index(">Older<")
    assert "Another day" not in look_back
    assert '<a href="archive/on-this-day/09-12.html">Every story of 12 September</a>' in look_back
    day = pages["archive/on-this-day/09-12.html"].html
    assert "3 stories from 12 September, in every year of the archive, newest first." in day
    assert (
        day.index(">Newest<") < day.index(">A year ago<") < day.index(">Older<") and "Another day" not in day
    )
