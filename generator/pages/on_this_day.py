"""The index the home page's "On this day" reads in the reader's browser, to show the stories of the
reader's own day in earlier years: which calendar days have stories (a file of a few kilobytes), and
each month's stories by day (a file a month, loaded only for the month shown).

Without script, or before it runs, the section shows the newest story's day (pages/plan.py), so the
page is the same for the same input whatever the day it is built or read on.
"""

from __future__ import annotations

from collections import defaultdict

from generator import urls
from generator.pages.index import Indexes
from generator.pages.search_format import js_call

RECEIVER = "archiveOnThisDay"  # theme/assets/archive/on-this-day.js


def day_files(indexes: Indexes) -> dict[str, bytes]:
    by_month: dict[int, dict[str, list[list[object]]]] = defaultdict(dict)
    for (month, day), stories in indexes.stories_by_day.items():
        by_month[month][f"{day:02d}"] = [[story.year, urls.story(story), story.title] for story in stories]
    days = sorted(f"{month:02d}-{day:02d}" for month, day in indexes.stories_by_day)
    files = {urls.days_index(): js_call("days", days, receiver=RECEIVER)}
    for month, stories_by_day in sorted(by_month.items()):
        files[urls.days_of_month(month)] = js_call("month", month, stories_by_day, receiver=RECEIVER)
    return files
