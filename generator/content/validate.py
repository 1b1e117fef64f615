"""Raw stories in, a valid Archive and every problem out. Nothing here touches the disk."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from generator.content.images import Media, story_images, story_links
from generator.content.load import MEDIA_DIR, RawStory
from generator.content.mentions import NameMatcher
from generator.content.registries import MAX_ID_CHARS, Registries, Registry, paste_ready_entry
from generator.content.schema import (
    PLACEHOLDER_BODY,
    PLACEHOLDER_SUMMARY,
    STORY_FIELDS,
    Invalid,
    read_mapping,
)
from generator.content.yamlsrc import Located, MappingNode, Node, ScalarNode, field_node, pos
from generator.diagnostics import Diagnostic, error, has_errors, info, warning
from generator.model import Archive, Correction, MediaFile, Source, Story, StoryDate
from generator.text import did_you_mean, is_slug, slugify

# The story fields whose items are looked up in a registry: a misspelt key (`peple:`) is an
# unknown field, and its items are still looked up, so that one run reports them all.
_REGISTRY_FIELDS = ("tags", "people")


def validate_story(
    raw: RawStory, registries: Registries, today: dt.date | None = None, media: Media | None = None
) -> tuple[Story | None, list[Diagnostic]]:
    today = today or dt.date.today()
    where = Located(raw.path, 2)
    values, problems = read_mapping(raw.front_matter, STORY_FIELDS, where, "front matter")
    tag_ids = _resolve(values["tags"], registries.tags, where, problems)
    person_ids = _resolve(values["people"], registries.people, where, problems)
    authors, author_ids = _bylines(values["authors"], registries.authors, where, problems)
    for field, items in _misspelt_registry_fields(raw.front_matter, where):
        registry: Registry[Any] = registries.people if field == "people" else registries.tags
        ids = _resolve(items, registry, where, problems)
        person_ids = person_ids + ids if field == "people" else person_ids
    slug = values["slug"] or raw.stem
    if not values["slug"] and (not is_slug(raw.stem) or len(raw.stem) > MAX_ID_CHARS):
        better = slugify(raw.stem)
        message = f"'{raw.stem}.md' is not a valid story file name; rename it '{better}.md' or set 'slug:'"
        problems.append(error(raw.path, 1, 1, "bad-filename", message))
    date = values["date"]
    if date is not None and raw.folder != f"{date.day.year:04d}":
        line, col = pos(field_node(raw.front_matter, "date"), 2)
        message = (
            f"the story is dated {date.day.year} but sits in stories/{raw.folder or ''}; "
            f"move it to content/stories/{date.day.year:04d}/"
        )
        problems.append(error(raw.path, line, col, "misfiled", message))
    problems.extend(_placeholders(raw, values["summary"], where))
    problems.extend(_update_dates(raw, date, values["updated"], values["corrections"], today))
    problems.extend(_accessed_date(raw, values["source"], today))
    problems.extend(body_characters(raw.body, raw.path, raw.body_line))
    image, media_names, found = story_images(raw, values["image"], media or {})
    problems.extend(found)
    # Warnings are worked out even when there are errors: a contributor fixes everything in one go.
    problems.extend(unlisted_mentions(raw.body, set(person_ids), registries.matcher, raw.path, raw.body_line))
    if has_errors(problems):
        return None, problems
    story = Story(
        source_path=raw.path,
        slug=slug,
        title=values["title"],
        date=date,
        authors=authors,
        author_ids=author_ids,
        tags=tag_ids,
        people=person_ids,
        body=raw.body,
        summary=values["summary"],
        source=values["source"],
        draft=values["draft"],
        updated=values["updated"],
        corrections=values["corrections"],
        image=image,
        media=media_names,
        links=story_links(raw),
    )
    return story, problems


def _update_dates(
    raw: RawStory,
    date: StoryDate | None,
    updated: StoryDate | None,
    corrections: tuple[Correction, ...],
    today: dt.date,
) -> list[Diagnostic]:
    """An update or a correction is dated between the story's own date and today."""
    found = []
    if updated is not None:
        line, col = pos(field_node(raw.front_matter, "updated"), 2)
        found.extend(_dated(raw.path, line, col, "the update", updated, date, today))
    for correction in corrections:
        found.extend(
            _dated(raw.path, correction.line, correction.col, "the correction", correction.date, date, today)
        )
    return found


def _accessed_date(raw: RawStory, source: Source | None, today: dt.date) -> list[Diagnostic]:
    """A source is read on a day that has come (it may be read long after it was published)."""
    if source is None or source.accessed is None or source.accessed <= today:
        return []
    line, col = pos(field_node(field_node(raw.front_matter, "source"), "accessed"), 2)
    return [
        error(raw.path, line, col, "bad-date", f"the source was accessed {source.accessed}, in the future")
    ]


def _dated(
    path: str, line: int, col: int, what: str, when: StoryDate, story_date: StoryDate | None, today: dt.date
) -> list[Diagnostic]:
    if story_date is not None and when.day < story_date.day:
        message = f"{what} is dated {when.iso}, before the story itself ({story_date.iso})"
        return [error(path, line, col, "bad-date", message)]
    if when.day > today:
        return [error(path, line, col, "bad-date", f"{what} is dated {when.iso}, in the future")]
    return []


def _misspelt_registry_fields(
    front_matter: Node | None, where: Located
) -> list[tuple[str, list[tuple[str, Node]]]]:
    """(field, items) of each unknown key meant as `tags` or `people` when that field itself is missing."""
    if not isinstance(front_matter, MappingNode):
        return []
    keys = {key.value for key, _ in front_matter.value if isinstance(key, ScalarNode)}
    found = []
    for key, value in front_matter.value:
        if not isinstance(key, ScalarNode) or key.value in STORY_FIELDS:
            continue
        meant = did_you_mean(key.value, STORY_FIELDS)
        if meant in _REGISTRY_FIELDS and meant not in keys:
            try:
                items = STORY_FIELDS[meant].convert(value, where, key.value)
            except (Invalid, ValueError):
                continue  # the unknown field is reported already; its shape is not worth a second line
            found.append((meant, list(items)))
    return found


def _placeholders(raw: RawStory, summary: str, where: Located) -> list[Diagnostic]:
    """The texts `new` writes where the contributor's own words go: never published."""
    found = []
    if summary == PLACEHOLDER_SUMMARY:
        node = field_node(raw.front_matter, "summary")
        found.append(
            where.at(
                node, "placeholder", "replace the placeholder summary with one or two sentences of your own"
            )
        )
    at = raw.body.find(PLACEHOLDER_BODY)
    if at >= 0:
        line = raw.body_line + raw.body.count("\n", 0, at)
        found.append(
            error(raw.path, line, 1, "placeholder", "replace the placeholder text with the story itself")
        )
    return found


# Characters a page, a feed or a terminal cannot carry (XML 1.0 forbids them: one would make
# the archive's feed unreadable for every subscriber), written as they are or as `&#1;`.
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _forbidden(code: int) -> bool:
    return (
        code < 0x20
        and code not in (0x09, 0x0A, 0x0D)
        or code == 0x7F
        or 0xD800 <= code <= 0xDFFF
        or (code & 0xFFFE) == 0xFFFE
        or code > 0x10FFFF
    )


# The same characters, found in the body's UTF-8 by bytes operations that run several times faster
# than the pattern over a whole body: the pattern then runs only on a body that holds one.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_OTHER_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_U_FFFE, _U_FFFF = "\ufffe".encode(), "\uffff".encode()


def _may_hold_forbidden(body: str) -> bool:
    data = body.encode("utf-8", "surrogatepass")
    return bool(data.translate(None, _OTHER_BYTES)) or _U_FFFE in data or _U_FFFF in data


def body_characters(body: str, path: str, body_line: int) -> list[Diagnostic]:
    """An error at each control character or non-character in the body, raw or as `&#...;`."""
    found = []
    for match in _FORBIDDEN_CHARACTER.finditer(body) if _may_hold_forbidden(body) else ():
        line, col = _place(body, match.start(), body_line)
        message = f"the body contains the control character U+{ord(match.group()):04X}; delete it"
        found.append(error(path, line, col, "control-character", message))
    if "&#" in body:
        for match in _NUMERIC_REFERENCE.finditer(body):
            code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
            if _forbidden(code):
                line, col = _place(body, match.start(), body_line)
                message = f"'{match.group()}' stands for a character no page or feed may hold; delete it"
                found.append(error(path, line, col, "control-character", message))
    return found[:20]  # a file of them needs one message to be understood, not thousands


def _place(text: str, at: int, first_line: int) -> tuple[int, int]:
    return first_line + text.count("\n", 0, at), at - (text.rfind("\n", 0, at) + 1) + 1


def _resolve(
    items: Iterable[tuple[str, Node]], registry: Registry[Any], where: Located, problems: list[Diagnostic]
) -> tuple[str, ...]:
    kind = registry.kind
    ids: dict[str, None] = {}
    for value, node in items:
        ident = registry.resolve(value)
        if ident is None and not registry.readable:
            continue  # the registry's own error is the one to fix first
        if ident is None and value in registry.renamed:
            now = registry.renamed[value]
            message = f"'{value}' is now '{now}' ({registry.path} lists it under formerly:); write '{now}'"
            problems.append(where.at(node, f"unknown-{kind}", message))
        elif ident is None:
            hint = registry.suggest(value)
            if hint:
                message = f"'{value}' is not in {registry.path}; did you mean '{hint}'?"
                problems.append(where.at(node, f"unknown-{kind}", message))
            else:
                name = value.replace("-", " ").title() if is_slug(value) else value
                message = f"'{value}' is not in {registry.path}; add it there first, for example:"
                problems.append(where.at(node, f"unknown-{kind}", message, paste_ready_entry(name, kind)))
        elif ident in ids:
            line, col = pos(node, where.first_line)
            problems.append(
                warning(
                    where.path,
                    line,
                    col,
                    f"repeated-{kind}",
                    f"'{value}' names '{ident}', which is already listed",
                )
            )
        else:
            ids[ident] = None
    return tuple(ids)


def _bylines(
    items: Iterable[tuple[str, Node]], registry: Registry[Any], where: Located, problems: list[Diagnostic]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(names as shown, ids): a registered author by id, name or alias; anyone else as written.

    A byline is printed as written unless content/authors.yml registers it, so a name that is not
    there is a note (with the entry to add, or the registered name it is close to), never a failure:
    a first author added to the registry does not change any other story's result. Written as an
    id (lowercase with hyphens), it is meant as a reference, and one that is not there is an error.
    """
    names, ids = [], []
    for value, node in items:
        ident = registry.resolve(value) if registry.entries else None
        if ident is not None:
            names.append(registry.entries[ident].name)
            ids.append(ident)
            continue
        names.append(value)
        ids.append("")
        if not registry.entries or not registry.readable:
            continue
        hint = registry.suggest(value)
        if is_slug(value):
            message = f"'{value}' is not in {registry.path}" + (f"; did you mean '{hint}'?" if hint else "")
            problems.append(where.at(node, "unknown-author", message))
        else:
            line, col = pos(node, where.first_line)
            message = f"'{value}' is not in {registry.path}, so it shows as plain text" + (
                f"; did you mean '{hint}'?" if hint else "; to give it a page, add it there:"
            )
            entry = "" if hint else paste_ready_entry(value, "author")
            problems.append(info(where.path, line, col, "unregistered-author", message, entry))
    return tuple(names), tuple(ids)


def unlisted_mentions(
    body: str, listed: set[str], matcher: NameMatcher, path: str, body_line: int
) -> list[Diagnostic]:
    """Warn where the body names a registry person the story does not list."""
    problems, warned = [], set(listed)
    for mention in matcher.find(body):
        if mention.id in warned:
            continue
        warned.add(mention.id)
        line = body_line + body.count("\n", 0, mention.start)
        col = mention.start - (body.rfind("\n", 0, mention.start) + 1) + 1
        message = f"the body mentions '{mention.text}' ({mention.id}) but 'people:' does not list them"
        problems.append(warning(path, line, col, "unlisted-person", message))
    return problems


def validate_stories(
    raws: Iterable[RawStory], registries: Registries, today: dt.date | None = None, media: Media | None = None
) -> list[tuple[Story | None, list[Diagnostic]]]:
    """Each raw story validated on its own: its result depends on its file, the registries and the day."""
    return [validate_story(story_raw, registries, today, media) for story_raw in raws]


def assemble(
    stories: list[Story],
    registries: Registries,
    include_drafts: bool = False,
    every_story_valid: bool = True,
    media: Media | None = None,
) -> tuple[Archive, list[Diagnostic]]:
    """The checks across stories, and the archive of what is published, newest first.

    Entries no story lists are noted only when every story could be read: a story with errors
    may well list the entry a contributor just added for it.
    """
    people, tags = registries.people, registries.tags
    problems = _duplicate_slugs(stories)
    published = [s for s in stories if include_drafts or not s.draft]
    problems.extend(_broken_links(published, every_story_valid))
    if every_story_valid:
        problems.extend(_unused(stories, people, "person", lambda s: s.people))
        problems.extend(_unused(stories, tags, "tag", lambda s: s.tags))
        problems.extend(_unused(stories, registries.authors, "author", lambda s: s.author_ids))
        problems.extend(_unused_media(stories, media or {}))
    published.sort(key=lambda s: s.order_key, reverse=True)
    shown = {
        name: found
        for story in published
        for name in story.media
        if isinstance(found := (media or {}).get(name), MediaFile)
    }
    archive = Archive(
        tuple(published),
        people.entries,
        tags.entries,
        registries.authors.entries,
        dict(sorted(shown.items())),
    )
    return archive, problems


def _broken_links(published: list[Story], every_story_valid: bool) -> list[Diagnostic]:
    """A published story's link to a story that is not published (missing, or a draft) would lead
    readers nowhere. While some story has errors, its target may be that story: not said then."""
    pages = {f"stories/{s.year:04d}/{s.slug}.md" for s in published}  # a story's page, by its own name
    found = []
    for story in published:
        for link in story.links:
            if link.target in pages or not every_story_valid:
                continue
            message = (
                f"'{link.written}' links to {link.target}, which is not a published story; "
                "check the path from this story (../2023/<slug>.md) or remove the link"
            )
            found.append(error(story.source_path, link.line, link.col, "broken-link", message))
    return found


def _unused_media(stories: list[Story], media: Media) -> list[Diagnostic]:
    """Only images a story shows are published: one that none shows is probably a forgotten link."""
    used = {name for story in stories for name in story.media}
    return [
        info(
            f"content/{MEDIA_DIR}/{name}",
            1,
            1,
            "unused-media",
            "no story shows this image; it is not published",
        )
        for name in media
        if name not in used
    ]


def _duplicate_slugs(stories: list[Story]) -> list[Diagnostic]:
    by_slug: dict[str, list[Story]] = {}
    for story in stories:
        by_slug.setdefault(story.slug, []).append(story)
    problems = []
    for slug, owners in by_slug.items():
        if len(owners) > 1:
            for story in owners:
                others = ", ".join(o.source_path for o in owners if o is not story)
                problems.append(
                    error(
                        story.source_path, 1, 1, "duplicate-slug", f"slug '{slug}' is also used by {others}"
                    )
                )
    return problems


def _unused(
    stories: list[Story], registry: Registry[Any], kind: str, ids_of: Callable[[Story], tuple[str, ...]]
) -> list[Diagnostic]:
    used = {ident for story in stories for ident in ids_of(story)}
    return [
        info(
            registry.path,
            registry.lines[ident],
            1,
            f"unused-{kind}",
            f"{kind} '{ident}' is not listed by any story",
        )
        for ident in registry.entries
        if ident not in used
    ]
