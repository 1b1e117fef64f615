"""Commands for contributors: `new` writes a story skeleton, `import` brings stories in from the web.

Both write a new file only, and only once the story would pass `check`: an existing story
is never overwritten, and a refused one leaves nothing behind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from generator.content.load import STORIES_DIR, display_path
from generator.content.registries import Registries, load_registries
from generator.content.schema import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY, Invalid, parse_date
from generator.content.yamlsrc import ScalarNode
from generator.contribute.storyfile import story_text, verify_story, write_new
from generator.diagnostics import (
    ERROR,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    format_text,
    invocation,
)
from generator.model import StoryDate
from generator.text import slugify

# The skeleton's fields and the command-line option each comes from, to say which option is wrong.
_OPTION_OF_FIELD = {"title": "the title", "date": "--date", "tags": "--tags", "people": "--people"}


def add_commands(sub: Any) -> None:  # argparse's subparsers action has no public type
    new = sub.add_parser("new", help="write a story skeleton at the right path")
    new.add_argument("title")
    new.add_argument("--date", help="YYYY-MM-DD (default: today)")
    new.add_argument("--tags", default="", help="comma-separated tag ids, e.g. russia,diplomacy")
    new.add_argument("--people", default="", help="comma-separated person ids, names or aliases")
    new.add_argument("--content", type=Path, default=Path("content"))
    new.set_defaults(handler=run_new)

    imp = sub.add_parser(
        "import",
        help="turn a web page, a saved page, a feed's items or a raw text into draft stories",
        description=(
            "Each SOURCE is an http(s) address, a saved HTML page or a raw article copied as text. "
            "With --feed, list the feed's items not yet in the archive; give their numbers, or --all, "
            "to import them."
        ),
    )
    imp.add_argument("sources", nargs="*", metavar="SOURCE", help="a URL, a saved .html page or a .txt file")
    imp.add_argument(
        "--feed", metavar="URL_OR_FILE", help="an RSS or Atom feed: list (or import) its new items"
    )
    imp.add_argument(
        "--all", action="store_true", help="with --feed: import every item not yet in the archive"
    )
    imp.add_argument("--date", help="YYYY-MM-DD, used when the source gives no date with a year")
    imp.add_argument("--tags", default="", help="comma-separated tag ids to add to those found in the text")
    imp.add_argument("--publish", action="store_true", help="write the story without `draft: true`")
    imp.add_argument(
        "--archive",
        action="store_true",
        help="ask the Wayback Machine for a snapshot of the source (network)",
    )
    imp.add_argument("--content", type=Path, default=Path("content"))
    imp.set_defaults(handler=run_import)


def _registries(content: Path) -> Registries | None:
    """The validated registries, or None after printing why they cannot be used.

    Only the two registry files are read: a new story needs them, not the whole archive.
    """
    registries, problems = load_registries(content)
    errors = [d for d in problems if d.severity == ERROR]
    if errors:
        sys.stderr.write(format_text(errors))
        return None
    return registries


def _parse_date_option(value: str | None) -> StoryDate | None:
    if value is None:
        return None
    try:
        return parse_date(ScalarNode("tag:yaml.org,2002:str", value), "--date")
    except Invalid as exc:
        raise SystemExit(_usage(exc.message.replace("write --date:", "write --date"))) from None


def _usage(message: str) -> int:
    print(f"{invocation()}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _split(values: str) -> list[str]:
    return [v.strip() for v in values.split(",") if v.strip()]


def run_new(args: argparse.Namespace) -> int:
    registries = _registries(args.content)
    if registries is None:
        return EXIT_PROBLEMS
    date = _parse_date_option(args.date) or StoryDate(dt.date.today())
    tag_values, people_values = _split(args.tags), _split(args.people)
    if not tag_values:
        known = ", ".join(sorted(registries.tags.entries)[:8])
        return _usage(f"give at least one tag with --tags (ids from content/tags.yml: {known}, ...)")
    path = args.content / STORIES_DIR / f"{date.day.year:04d}" / f"{slugify(args.title)}.md"
    shown = display_path(path, args.content)
    text = story_text(
        args.title, date.iso, [], tag_values, people_values, PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY
    )
    problems = verify_story(text, path, args.content, registries, placeholders=True)
    if problems:
        skeleton_lines = text.split("\n")
        for problem in problems:  # said of the option it came from: the file does not exist
            field = (
                skeleton_lines[problem.line - 1].split(":", 1)[0]
                if problem.line <= len(skeleton_lines)
                else ""
            )
            option = _OPTION_OF_FIELD.get(field, "the story")
            print(f"new: {option}: {problem.severity}[{problem.code}]: {problem.message}", file=sys.stderr)
            if problem.hint:
                print(problem.hint_text(), file=sys.stderr)
        print(f"nothing was written; {shown} does not exist yet", file=sys.stderr)
        return EXIT_PROBLEMS
    if not write_new(path, text):
        print(f"{shown} already exists; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {shown}:\n")
    print(text)
    print(f"Replace the two TODO lines with your own words, then run: {invocation()} check")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from generator.contribute.importer import Importer, ImportOptions

    if not args.sources and not args.feed:
        return _usage("give a URL, a saved page or a text file to import, or --feed URL")
    registries = _registries(args.content)
    if registries is None:
        return EXIT_PROBLEMS
    options = ImportOptions(
        fallback_date=_parse_date_option(args.date),
        extra_tags=tuple(_split(args.tags)),
        draft=not args.publish,
        archive=args.archive,
    )
    importer = Importer(args.content, registries, options)
    if args.feed:
        numbers = [int(source) for source in args.sources if source.isdigit()]
        others = [source for source in args.sources if not source.isdigit()]
        if others:
            return _usage(f"with --feed, give the numbers of the items to import, not {others[0]!r}")
        return importer.run_feed(args.feed, numbers, args.all)
    return max([importer.run(source) for source in args.sources], default=EXIT_OK)
