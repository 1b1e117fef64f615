"""Commands for contributors: `new` writes a story skeleton, `import` converts a raw article.

Both write a new file only: an existing story is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from generator import diagnostics
from generator.content.load import (
    PEOPLE_FILE,
    STORIES_DIR,
    TAGS_FILE,
    RawStory,
    decode,
    read_registry,
    split_front_matter,
)
from generator.content.mentions import NameMatcher
from generator.content.schema import PERSON_FIELDS, TAG_FIELDS, Invalid, parse_date
from generator.content.validate import _person, _tag, validate_registry, validate_story
from generator.content.yamlsrc import Located, ScalarNode, parse_yaml
from generator.contribute.rawarticle import candidate_names, find_date, parse_article
from generator.model import StoryDate
from generator.text import slugify, yaml_string

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_commands(sub) -> None:
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


def _registries(content: Path):
    """The validated people and tag registries, or None after printing why they cannot be used.

    Only the two registry files are read: a new story needs them, not the whole archive.
    """
    people_raw, read_people = read_registry(content / PEOPLE_FILE, content)
    tags_raw, read_tags = read_registry(content / TAGS_FILE, content)
    people, checked_people = validate_registry(people_raw, "person", PERSON_FIELDS, _person)
    tags, checked_tags = validate_registry(tags_raw, "tag", TAG_FIELDS, _tag)
    problems = [
        d for d in read_people + read_tags + checked_people + checked_tags if d.severity == diagnostics.ERROR
    ]
    if problems:
        sys.stderr.write(diagnostics.format_text(problems))
        return None
    return people, tags


def _display(path: Path) -> str:
    return (Path(path.parent.name) / path.name).as_posix() if path.parent.name else path.as_posix()


def _parse_date_option(value: str | None):
    if value is None:
        return None
    try:
        return parse_date(ScalarNode("tag:yaml.org,2002:str", value), "--date")
    except Invalid as exc:
        raise SystemExit(_usage(exc.message.replace("write --date:", "write --date"))) from None


def _usage(message: str) -> int:
    print(f"python -m generator: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _split(values: str) -> list[str]:
    return [v.strip() for v in values.split(",") if v.strip()]


def story_text(title: str, date: str, authors, tags, people, body: str, summary: str = "") -> str:
    def flow(items) -> str:
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


def _verify(text: str, path: Path, content: Path, people, tags) -> list:
    """The new story checked exactly as `check` would, before anything is written."""
    shown = _display(content) + "/" + path.relative_to(content).as_posix()
    yaml_text, body, body_line = split_front_matter(text, shown)
    node, problems = parse_yaml(yaml_text, Located(shown, 2))
    story_raw = RawStory(shown, path.parent.name, path.stem, node, body, body_line, "")
    _, found = validate_story(story_raw, people, tags)
    return [d for d in problems + found if d.severity == diagnostics.ERROR]


def run_new(args) -> int:
    loaded = _registries(args.content)
    if loaded is None:
        return EXIT_PROBLEMS
    people, tags_registry = loaded
    date = _parse_date_option(args.date) or _today()
    tag_values, people_values = _split(args.tags), _split(args.people)
    if not tag_values:
        return _usage(
            "give at least one tag with --tags (ids from content/tags.yml: "
            + ", ".join(sorted(tags_registry.entries)[:8])
            + ", ...)"
        )
    slug = slugify(args.title)
    path = args.content / STORIES_DIR / f"{date.day.year:04d}" / f"{slug}.md"
    body = "Write the story here, in your own words. Use `##` for section headings.\n"
    text = story_text(args.title, date.iso, [], tag_values, people_values, body)
    problems = _verify(text, path, args.content, people, tags_registry)
    if problems:
        sys.stderr.write(
            diagnostics.format_text(problems).replace(_display(args.content) + "/stories", "new story")
        )
        return EXIT_PROBLEMS
    if not _write_new(path, text):
        print(f"{path} already exists; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    print(path)
    return EXIT_OK


def _today():
    return StoryDate(dt.date.today())


def run_import(args) -> int:
    loaded = _registries(args.content)
    if loaded is None:
        return EXIT_PROBLEMS
    people, tags = loaded
    fallback = _parse_date_option(args.date)
    people_matcher = NameMatcher({s: p.id for p in people.entries.values() for s in (p.name, *p.aliases)})
    tag_matcher = NameMatcher(
        {s: t.id for t in tags.entries.values() for s in (t.name, *t.aliases)}, ignore_case=True
    )
    extra_tags = _split(args.tags)
    status = EXIT_OK
    for file in args.files:
        status = max(
            status,
            _import_one(file, args.content, fallback, extra_tags, people_matcher, tag_matcher, people, tags),
        )
    return status


def _import_one(
    file: Path,
    content: Path,
    fallback,
    extra_tags,
    people_matcher,
    tag_matcher,
    people_registry,
    tags_registry,
) -> int:
    try:
        text, problems = _read(file)
    except OSError as exc:
        print(f"{file}: error: cannot read: {exc.strerror}", file=sys.stderr)
        return EXIT_PROBLEMS
    if text is None:
        sys.stderr.write(diagnostics.format_text(problems))
        return EXIT_PROBLEMS
    try:
        article = parse_article(text)
    except ValueError as exc:
        print(f"{file}:1:1: error[empty-file]: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    written_date = find_date(article.text)
    date = fallback.day if fallback else written_date
    if date is None:
        print(
            f"{file}:1:1: error[no-date]: the text gives no date with a year; "
            "give one with --date YYYY-MM-DD",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    everything = article.title + "\n" + article.text
    people = people_matcher.ids(everything)
    tags = list(dict.fromkeys(tag_matcher.ids(everything) + extra_tags))
    if not tags:
        print(
            f"{file}:1:1: error[no-tags]: no tag from content/tags.yml is named in the text; add some with "
            f"--tags",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    slug = slugify(article.title)
    path = content / STORIES_DIR / f"{date.year:04d}" / f"{slug}.md"
    story = story_text(article.title, date.isoformat(), article.authors, tags, people, article.markdown())
    problems = _verify(story, path, content, people_registry, tags_registry)
    if problems:
        sys.stderr.write(diagnostics.format_text(problems))
        return EXIT_PROBLEMS
    if path.exists():
        print(f"{file}: already imported as {path}; nothing was changed", file=sys.stderr)
        return EXIT_PROBLEMS
    if not _write_new(path, story):
        print(f"{file}: {path} appeared meanwhile; nothing was changed", file=sys.stderr)
        return EXIT_PROBLEMS
    print(path)

    def known(name: str) -> bool:
        return bool(people_matcher.ids(name) or tag_matcher.ids(name) or name in article.authors)

    candidates = candidate_names(article.text, known)
    if candidates:
        print(
            f"  names not in content/people.yml (add them if they are people): {', '.join(candidates)}",
            file=sys.stderr,
        )
    return EXIT_OK


def _read(file: Path):
    return decode(file.read_bytes(), str(file))
