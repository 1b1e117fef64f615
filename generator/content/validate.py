"""Raw content in, a valid Archive and every problem out. Nothing here touches the disk."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.content.load import RawRegistry, RawStory
from generator.content.mentions import NameMatcher
from generator.content.schema import PERSON_FIELDS, STORY_FIELDS, TAG_FIELDS, read_mapping
from generator.content.yamlsrc import Located, MappingNode, Node, ScalarNode, pos
from generator.diagnostics import Diagnostic, error, has_errors, info, warning
from generator.model import Archive, Person, Story, Tag
from generator.text import did_you_mean, is_slug, name_key, slugify, transliteration_key

# Ids become page names beside pages the generator writes itself (tags/index.md).
RESERVED_IDS = frozenset({"index"})
MAX_ID_CHARS = 80


@dataclass(frozen=True)
class Registry:
    """People or tags, with every spelling that resolves to an id."""

    path: str
    entries: dict  # id -> Person | Tag
    keys: dict[str, str]  # name_key(name or alias) -> id
    lines: dict[str, int]  # id -> line in the registry file

    def resolve(self, value: str) -> str | None:
        if value in self.entries:
            return value
        if is_slug(
            value
        ):  # written as an id: it must be one exactly (no 'dmitri-peskov' for 'dmitry-peskov')
            return None
        return self.keys.get(name_key(value))

    def suggest(self, value: str) -> str | None:
        spellings = list(self.entries)
        for entry in self.entries.values():
            spellings.append(entry.name)
            spellings.extend(entry.aliases)
        hint = did_you_mean(value, spellings)
        if hint is None:
            return None
        return hint if hint in self.entries else self.resolve(hint)


def validate_registry(raw: RawRegistry, kind: str, fields, make) -> tuple[Registry, list[Diagnostic]]:
    where = Located(raw.path, 1)
    problems: list[Diagnostic] = []
    entries, keys, lines, key_nodes = {}, {}, {}, {}
    root = raw.root
    if root is None or (isinstance(root, ScalarNode) and root.value == ""):
        return Registry(raw.path, {}, {}, {}), problems
    if not isinstance(root, MappingNode):
        return Registry(raw.path, {}, {}, {}), [
            where.at(root, "wrong-type", f"{raw.path} must map each {kind} id to its entry")
        ]
    for key, value in root.value:
        if not isinstance(key, ScalarNode):
            problems.append(where.at(key, "wrong-type", f"a {kind} id must be a plain word"))
            continue
        ident = key.value
        if not is_slug(ident):
            problems.append(
                where.at(
                    key,
                    "bad-id",
                    f"'{ident}' is not a valid {kind} id; use lowercase a-z, 0-9 and hyphens, e.g. "
                    f"'{slugify(ident, kind)}'",
                )
            )
            continue
        if len(ident) > MAX_ID_CHARS:
            problems.append(
                where.at(
                    key,
                    "too-long",
                    f"the {kind} id has {len(ident)} characters; at most {MAX_ID_CHARS} are allowed",
                )
            )
            continue
        if ident in RESERVED_IDS:
            problems.append(
                where.at(
                    key,
                    "reserved-id",
                    f"'{ident}' is the name of a page the archive makes; choose another {kind} id",
                )
            )
            continue
        values, found = read_mapping(value, fields, where, f"{kind} '{ident}'")
        problems.extend(found)
        if found and not values.get("name"):
            continue
        entry = make(ident, values)
        entries[ident] = entry
        lines[ident] = pos(key, 1)[0]
        spellings = [(entry.name, _name_node(value, "name"))] + list(_alias_nodes(value, values))
        for spelling, node in spellings:
            folded = name_key(spelling)
            owner = keys.get(folded)
            if owner is not None and owner != ident:
                problems.append(
                    where.at(
                        node or key,
                        "alias-conflict",
                        f"'{spelling}' is claimed by both '{owner}' (line {lines[owner]}) and '{ident}'",
                    )
                )
                continue
            keys[folded] = ident
            key_nodes.setdefault(ident, key)
    problems.extend(_near_duplicates(entries, lines, raw.path, kind))
    return Registry(raw.path, entries, keys, lines), problems


def _name_node(value: Node, field: str) -> Node | None:
    if isinstance(value, MappingNode):
        for key, node in value.value:
            if isinstance(key, ScalarNode) and key.value == field:
                return node
    return None


def _alias_nodes(value: Node, values: dict):
    for alias, node in values.get("aliases") or ():
        yield alias, node


def _near_duplicates(entries: dict, lines: dict, path: str, kind: str) -> list[Diagnostic]:
    """Two entries whose names differ only by a transliteration (Dmitri/Dmitry, Cyrillic/Latin)."""
    seen: dict[str, str] = {}
    exact: dict[str, str] = {}
    problems = []
    for ident, entry in entries.items():
        for spelling in (entry.name, *entry.aliases):
            if exact.setdefault(name_key(spelling), ident) != ident:
                continue  # the same spelling twice is an alias conflict, reported as an error
            key = transliteration_key(spelling)
            other = seen.get(key)
            if other is not None and other != ident:
                problems.append(
                    warning(
                        path,
                        lines[ident],
                        1,
                        "possible-duplicate",
                        f"{kind} '{ident}' ('{spelling}') looks like '{other}' on line {lines[other]}; "
                        f"merge them or make one an alias",
                    )
                )
                break
            seen.setdefault(key, ident)
    return problems


def _person(ident: str, values: dict) -> Person:
    return Person(
        ident,
        values["name"],
        tuple(a for a, _ in values["aliases"]),
        values["description"],
        values["wikidata"],
        values["links"],
    )


def _tag(ident: str, values: dict) -> Tag:
    return Tag(ident, values["name"], values["description"], tuple(a for a, _ in values["aliases"]))


def validate_story(raw: RawStory, people: Registry, tags: Registry) -> tuple[Story | None, list[Diagnostic]]:
    where = Located(raw.path, 2)
    values, problems = read_mapping(raw.front_matter, STORY_FIELDS, where, "front matter")
    tag_ids = _resolve(values["tags"], tags, where, "tag", problems)
    person_ids = _resolve(values["people"], people, where, "person", problems)
    slug = values["slug"] or raw.stem
    if not values["slug"] and (not is_slug(raw.stem) or len(raw.stem) > MAX_ID_CHARS):
        problems.append(
            error(
                raw.path,
                1,
                1,
                "bad-filename",
                f"'{raw.stem}.md' is not a valid story file name; rename it '{slugify(raw.stem)}.md' or set "
                f"'slug:'",
            )
        )
    date = values["date"]
    if date is not None and raw.folder != f"{date.day.year:04d}":
        node = _name_node(raw.front_matter, "date")
        line, col = pos(node, 2)
        problems.append(
            error(
                raw.path,
                line,
                col,
                "misfiled",
                f"the story is dated {date.day.year} but sits in stories/{raw.folder or ''}; move it to "
                f"content/stories/{date.day.year:04d}/",
            )
        )
    problems.extend(markup_cost(raw.body, raw.path, raw.body_line))
    if has_errors(problems):
        return None, problems
    story = Story(
        source_path=raw.path,
        slug=slug,
        title=values["title"],
        date=date,
        authors=tuple(a for a, _ in values["authors"]),
        tags=tag_ids,
        people=person_ids,
        body=raw.body,
        summary=values["summary"],
        source=values["source"],
        draft=values["draft"],
    )
    return story, problems


# Markdown looks for the end of a link from every '[' (and of a tag from every '<') to the
# end of the block: a block of unmatched brackets costs the square of its length (300 KB of
# '[' took hours). A story's blocks may cost this many character steps in all, about two
# seconds of rendering; an ordinary story costs a few thousand.
MAX_MARKUP_COST = 30_000_000
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def markup_cost(body: str, path: str, body_line: int) -> list[Diagnostic]:
    """An error when rendering the body could take Markdown unreasonably long."""
    if body.count("[") + body.count("<") < 1000:  # the usual story: too few to matter
        return []
    total, worst, worst_start = 0, 0, 0
    start = 0
    for match in [*_BLANK_LINE.finditer(body), None]:
        end = match.start() if match else len(body)
        block_cost = (body.count("[", start, end) + body.count("<", start, end)) * (end - start)
        total += block_cost
        if block_cost > worst:
            worst, worst_start = block_cost, start
        start = match.end() if match else end
    if total <= MAX_MARKUP_COST:
        return []
    line = body_line + body.count("\n", 0, worst_start)
    return [
        error(
            path,
            line,
            1,
            "too-complex",
            "this block has so many '[' or '<' that rendering it would take minutes; "
            "split it into shorter paragraphs or remove the unmatched brackets",
        )
    ]


def _resolve(items, registry: Registry, where: Located, kind: str, problems: list) -> tuple[str, ...]:
    ids: dict[str, None] = {}
    for value, node in items:
        ident = registry.resolve(value)
        if ident is None:
            hint = registry.suggest(value)
            message = f"'{value}' is not in {registry.path}"
            message += f"; did you mean '{hint}'?" if hint else "; add it there first"
            problems.append(where.at(node, f"unknown-{kind}", message))
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


def unlisted_mentions(story: Story, matcher: NameMatcher, body_line: int) -> list[Diagnostic]:
    """Warn where the body names a registry person the story does not list."""
    problems, warned = [], set(story.people)
    for mention in matcher.find(story.body):
        if mention.id in warned:
            continue
        warned.add(mention.id)
        line = body_line + story.body.count("\n", 0, mention.start)
        col = mention.start - (story.body.rfind("\n", 0, mention.start) + 1) + 1
        problems.append(
            warning(
                story.source_path,
                line,
                col,
                "unlisted-person",
                f"the body mentions '{mention.text}' ({mention.id}) but 'people:' does not list them",
            )
        )
    return problems


@dataclass(frozen=True)
class Registries:
    """Both registries validated, and the matcher that finds their people in running text."""

    people: Registry
    tags: Registry
    matcher: NameMatcher


def validate_registries(
    people_raw: RawRegistry, tags_raw: RawRegistry
) -> tuple[Registries, list[Diagnostic]]:
    people, problems = validate_registry(people_raw, "person", PERSON_FIELDS, _person)
    tags, found = validate_registry(tags_raw, "tag", TAG_FIELDS, _tag)
    matcher = NameMatcher(
        {spelling: ident for ident, p in people.entries.items() for spelling in (p.name, *p.aliases)}
    )
    return Registries(people, tags, matcher), problems + found


def validate_stories(raws, registries: Registries) -> list[tuple[Story | None, list[Diagnostic]]]:
    """Each raw story validated on its own: its result depends on that file and the registries only."""
    results = []
    for story_raw in raws:
        story, problems = validate_story(story_raw, registries.people, registries.tags)
        if story is not None:
            problems.extend(unlisted_mentions(story, registries.matcher, story_raw.body_line))
        results.append((story, problems))
    return results


def assemble(
    stories: list[Story], registries: Registries, include_drafts: bool = False
) -> tuple[Archive, list[Diagnostic]]:
    """The checks across stories, and the archive of what is published, newest first."""
    people, tags = registries.people, registries.tags
    problems = _duplicate_slugs(stories)
    problems.extend(_unused(stories, people, "person", lambda s: s.people))
    problems.extend(_unused(stories, tags, "tag", lambda s: s.tags))
    published = [s for s in stories if include_drafts or not s.draft]
    published.sort(key=lambda s: s.order_key, reverse=True)
    return Archive(tuple(published), people.entries, tags.entries), problems


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


def _unused(stories: list[Story], registry: Registry, kind: str, ids_of) -> list[Diagnostic]:
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
