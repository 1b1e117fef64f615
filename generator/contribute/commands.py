"""Commands for contributors: `new` writes a story skeleton, `import` converts a raw article.

Both write a new file only, and only once the story would pass `check`: an existing story
is never overwritten, and a refused one leaves nothing behind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from generator.content.load import STORIES_DIR, RawStory, decode, display_path, split_front_matter
from generator.content.mentions import NameMatcher
from generator.content.registries import Registries, load_registries, paste_ready_entry
from generator.content.schema import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY, Invalid, parse_date
from generator.content.validate import validate_story
from generator.content.yamlsrc import Located, ScalarNode, parse_yaml
from generator.contribute.rawarticle import candidate_names, find_date, parse_article
from generator.diagnostics import (
    ERROR,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Diagnostic,
    format_text,
    invocation,
)
from generator.model import StoryDate
from generator.text import slugify, yaml_string

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

    imp = sub.add_parser("import", help="turn raw articles copied from a news site into stories")
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--date", help="YYYY-MM-DD, used when the text gives no date with a year")
    imp.add_argument("--tags", default="", help="comma-separated tag ids to add to those found in the text")
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


def story_text(
    title: str,
    date: str,
    authors: list[str] | tuple[str, ...],
    tags: list[str],
    people: list[str],
    body: str,
    summary: str = "",
) -> str:
    def flow(items: list[str] | tuple[str, ...]) -> str:
        return "[" + ", ".join(yaml_string(i) if _needs_quotes(i) else i for i in items) + "]"

    lines = ["---", f"title: {yaml_string(title)}", f"date: {date}", f"authors: {flow(authors)}"]
    if summary:
        lines.append(f"summary: {yaml_string(summary)}")
    lines += [f"tags: {flow(tags)}", f"people: {flow(people)}", "---", "", body.rstrip("\n"), ""]
    return "\n".join(lines)


def _needs_quotes(value: str) -> bool:
    return not value.replace(" ", "").replace("-", "").replace(".", "").isalnum() or value != value.strip()


def _write_new(path: Path, text: str) -> bool:
    """Create path with text; False if it exists (never overwrite)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return False
    return True


def _verify(
    text: str, path: Path, content: Path, registries: Registries, placeholders: bool = False
) -> list[Diagnostic]:
    """The new story checked exactly as `check` would, before anything is written.

    A skeleton from `new` holds placeholders on purpose: those are left for `check` to refuse.
    """
    shown = display_path(path, content)
    parts = split_front_matter(text, shown)
    if isinstance(parts, Diagnostic):
        return [parts]
    yaml_text, body, body_line = parts
    node, problems = parse_yaml(yaml_text, Located(shown, 2))
    story_raw = RawStory(shown, path.parent.name, path.stem, node, body, body_line, "")
    _, found = validate_story(story_raw, registries)
    return [
        d for d in problems + found if d.severity == ERROR and (not placeholders or d.code != "placeholder")
    ]


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
    problems = _verify(text, path, args.content, registries, placeholders=True)
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
    if not _write_new(path, text):
        print(f"{shown} already exists; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {shown}:\n")
    print(text)
    print(f"Replace the two TODO lines with your own words, then run: {invocation()} check")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    registries = _registries(args.content)
    if registries is None:
        return EXIT_PROBLEMS
    importer = _Importer(args.content, registries, _parse_date_option(args.date), _split(args.tags))
    return max([importer.run(file) for file in args.files], default=EXIT_OK)


class _Importer:
    """What every file of one `import` shares: the registries, their matchers, the options."""

    def __init__(
        self, content: Path, registries: Registries, fallback: StoryDate | None, extra_tags: list[str]
    ) -> None:
        self.content = content
        self.registries = registries
        self.fallback = fallback
        self.extra_tags = extra_tags
        self.people_matcher: NameMatcher = registries.matcher
        self.tag_matcher: NameMatcher = registries.tag_matcher()

    def run(self, file: Path) -> int:
        try:
            text, problems = decode(file.read_bytes(), str(file))
        except OSError as exc:
            print(f"{file}: error: cannot read: {exc.strerror}", file=sys.stderr)
            return EXIT_PROBLEMS
        if text is None:
            sys.stderr.write(format_text(problems))
            return EXIT_PROBLEMS
        try:
            article = parse_article(text)
        except ValueError as exc:
            print(f"{file}:1:1: error[empty-file]: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
        date = self.fallback.day if self.fallback else find_date(article.text)
        if date is None:
            message = "the text gives no date with a year; give one with --date YYYY-MM-DD"
            print(f"{file}:1:1: error[no-date]: {message}", file=sys.stderr)
            return EXIT_PROBLEMS
        everything = article.title + "\n" + article.text
        people = self.people_matcher.ids(everything)
        tags = list(dict.fromkeys(self.tag_matcher.ids(everything) + self.extra_tags))
        if not tags:
            message = "no tag from content/tags.yml is named in the text; add some with --tags"
            print(f"{file}:1:1: error[no-tags]: {message}", file=sys.stderr)
            return EXIT_PROBLEMS
        path = self.content / STORIES_DIR / f"{date.year:04d}" / f"{slugify(article.title)}.md"
        shown = display_path(path, self.content)
        story = story_text(article.title, date.isoformat(), article.authors, tags, people, article.markdown())
        problems = _verify(story, path, self.content, self.registries)
        if problems:
            sys.stderr.write(format_text(problems))
            print(f"{file}: nothing was written", file=sys.stderr)
            return EXIT_PROBLEMS
        if path.exists():
            print(f"{file}: already imported as {shown}; nothing was changed", file=sys.stderr)
            return EXIT_PROBLEMS
        if not _write_new(path, story):
            print(f"{file}: {shown} appeared meanwhile; nothing was changed", file=sys.stderr)
            return EXIT_PROBLEMS
        print(path)
        self._report_unregistered(article.text, article.authors)
        return EXIT_OK

    def _report_unregistered(self, text: str, authors: tuple[str, ...]) -> None:
        def known(name: str) -> bool:
            return bool(self.people_matcher.ids(name) or self.tag_matcher.ids(name) or name in authors)

        candidates = candidate_names(text, known)
        if candidates:
            names = ", ".join(candidates)
            print(
                f"  names not in content/people.yml (add them if they are people): {names}", file=sys.stderr
            )
            print("  ready to paste into content/people.yml:", file=sys.stderr)
            for name in candidates:
                print(_indent(paste_ready_entry(name, "person"), "    "), file=sys.stderr)


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))
