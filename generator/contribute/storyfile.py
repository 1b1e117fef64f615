"""A new story file: its text written from its parts, checked exactly as `check` would check it,
and created only if no file is there (a story is never overwritten)."""

from __future__ import annotations

from pathlib import Path

from generator.content.load import RawStory, display_path, split_front_matter
from generator.content.registries import Registries
from generator.content.validate import validate_story
from generator.content.yamlsrc import Located, parse_yaml
from generator.diagnostics import ERROR, Diagnostic
from generator.text import yaml_string


def story_text(
    title: str,
    date: str,
    authors: list[str] | tuple[str, ...],
    tags: list[str],
    people: list[str],
    body: str,
    summary: str = "",
    *,
    draft: bool = False,
    updated: str = "",
    source: dict[str, str] | None = None,
) -> str:
    """The story file: front matter in the order CONTRIBUTING lists the fields, then the body."""

    def flow(items: list[str] | tuple[str, ...]) -> str:
        return "[" + ", ".join(yaml_string(i) if _needs_quotes(i) else i for i in items) + "]"

    lines = ["---", f"title: {yaml_string(title)}", f"date: {date}", f"authors: {flow(authors)}"]
    if summary:
        lines.append(f"summary: {yaml_string(summary)}")
    lines += [f"tags: {flow(tags)}", f"people: {flow(people)}"]
    if updated:
        lines.append(f"updated: {updated}")
    if source:
        lines.append("source:")
        for key, value in source.items():  # dates bare (YAML reads them as dates), the rest quoted
            lines.append(f"  {key}: {value if key in ('published', 'accessed') else yaml_string(value)}")
    if draft:
        lines.append("draft: true")
    lines += ["---", "", body.rstrip("\n"), ""]
    return "\n".join(lines)


def _needs_quotes(value: str) -> bool:
    return not value.replace(" ", "").replace("-", "").replace(".", "").isalnum() or value != value.strip()


def write_new(path: Path, text: str) -> bool:
    """Create path with text; False if it exists (never overwrite)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return False
    return True


def verify_story(
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
