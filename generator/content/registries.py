"""The people, tag and author registries: read, validated and made searchable by one function that
`check`, `build`, `new` and `import` all call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from generator.content.load import AUTHORS_FILE, PEOPLE_FILE, TAGS_FILE, RawRegistry, read_registry
from generator.content.mentions import NameMatcher
from generator.content.schema import AUTHOR_FIELDS, PERSON_FIELDS, TAG_FIELDS, Field, read_mapping
from generator.content.yamlsrc import Located, MappingNode, Node, ScalarNode, field_node, pos
from generator.diagnostics import Diagnostic, warning
from generator.model import Author, Person, Tag
from generator.text import did_you_mean, is_slug, name_key, slugify, transliteration_key, yaml_string

# Ids become page names beside pages the generator writes itself (tags/index.md).
RESERVED_IDS = frozenset({"index"})
MAX_ID_CHARS = 80

Entry = TypeVar("Entry", bound="Person | Tag | Author")


@dataclass(frozen=True)
class Registry(Generic[Entry]):
    """People or tags, with every spelling that resolves to an id."""

    path: str
    kind: str  # "person" or "tag", as diagnostics name an entry
    entries: dict[str, Entry]
    keys: dict[str, str]  # name_key(name or alias) -> id
    lines: dict[str, int]  # id -> line in the registry file
    renamed: dict[str, str] = field(default_factory=dict)  # an earlier id (`formerly:`) -> the id now
    # False when the file could not be read or parsed: that one error is reported, and nothing
    # that depends on the registry is, since every story would seem to name unknown entries.
    readable: bool = True

    def resolve(self, value: str) -> str | None:
        if value in self.entries:
            return value
        if is_slug(value):  # written as an id, it must be one exactly: no 'dmitri-peskov' for 'dmitry-peskov'
            return None
        return self.keys.get(name_key(value))

    def suggest(self, value: str) -> str | None:
        if value in self.renamed:
            return self.renamed[value]
        spellings = list(self.entries)
        for entry in self.entries.values():
            spellings.append(entry.name)
            spellings.extend(entry.aliases)
        hint = did_you_mean(value, spellings)
        if hint is None:
            return None
        return hint if hint in self.entries else self.resolve(hint)

    def spellings(self) -> dict[str, str]:
        """Every name and alias -> its id: what a NameMatcher finds in running text."""
        return {
            spelling: ident
            for ident, entry in self.entries.items()
            for spelling in (entry.name, *entry.aliases)
        }


@dataclass(frozen=True)
class Registries:
    """Both registries validated, and the matcher that finds their people in running text."""

    people: Registry[Person]
    tags: Registry[Tag]
    matcher: NameMatcher  # people's names and aliases, as written (capitalised)
    authors: Registry[Author] = field(
        default_factory=lambda: Registry("content/authors.yml", "author", {}, {}, {})
    )

    @property
    def readable(self) -> bool:
        return self.people.readable and self.tags.readable and self.authors.readable

    def tag_matcher(self) -> NameMatcher:
        """Tags' names and aliases in any case: they are common nouns ("sanctions")."""
        return NameMatcher(self.tags.spellings(), ignore_case=True)


def load_registries(content_dir: Path) -> tuple[Registries, list[Diagnostic]]:
    """Both registry files read and validated; every problem is returned, none raised."""
    people_raw, problems = read_registry(content_dir / PEOPLE_FILE, content_dir)
    tags_raw, found = read_registry(content_dir / TAGS_FILE, content_dir)
    authors_raw, more = read_registry(content_dir / AUTHORS_FILE, content_dir, optional=True)
    registries, checked = validate_registries(people_raw, tags_raw, authors_raw)
    return registries, problems + found + more + checked


def validate_registries(
    people_raw: RawRegistry, tags_raw: RawRegistry, authors_raw: RawRegistry | None = None
) -> tuple[Registries, list[Diagnostic]]:
    people, problems = validate_registry(people_raw, "person", PERSON_FIELDS, _person)
    tags, found = validate_registry(tags_raw, "tag", TAG_FIELDS, _tag)
    authors, more = validate_registry(
        authors_raw or RawRegistry("content/authors.yml", None), "author", AUTHOR_FIELDS, _author
    )
    return Registries(people, tags, NameMatcher(people.spellings()), authors), problems + found + more


def validate_registry(
    raw: RawRegistry, kind: str, fields: dict[str, Field], make: Callable[[str, dict[str, Any]], Entry]
) -> tuple[Registry[Entry], list[Diagnostic]]:
    where = Located(raw.path, 1)
    problems: list[Diagnostic] = []
    entries: dict[str, Entry] = {}
    keys: dict[str, str] = {}
    lines: dict[str, int] = {}
    root = raw.root
    if not raw.readable:
        return Registry(raw.path, kind, entries, keys, lines, readable=False), problems
    if root is None or (isinstance(root, ScalarNode) and root.value == ""):
        return Registry(raw.path, kind, entries, keys, lines), problems
    if not isinstance(root, MappingNode):
        message = f"{raw.path} must map each {kind} id to its entry"
        return Registry(raw.path, kind, entries, keys, lines), [where.at(root, "wrong-type", message)]
    earlier: list[tuple[str, str, Node]] = []  # (earlier id, id now, where it is written)
    for key, value in root.value:
        refused = _refused_id(key, kind)
        if refused:
            problems.append(where.at(key, *refused))
            continue
        ident = key.value
        values: dict[str, Any]
        values, found = read_mapping(value, fields, where, f"{kind} '{ident}'")
        problems.extend(found)
        if found and not values.get("name"):
            continue
        earlier.extend((old, ident, node) for old, node in values.get("formerly", ()))
        entry: Entry = make(ident, values)
        entries[ident] = entry
        lines[ident] = pos(key, 1)[0]
        for spelling, node in [(entry.name, field_node(value, "name")), *values["aliases"]]:
            folded = name_key(spelling)
            owner = keys.get(folded)
            if owner is not None and owner != ident:
                message = f"'{spelling}' is claimed by both '{owner}' (line {lines[owner]}) and '{ident}'"
                problems.append(where.at(node or key, "alias-conflict", message))
                continue
            keys[folded] = ident
    renamed, found = _renames(earlier, entries, kind, where)
    problems.extend(found)
    problems.extend(_near_duplicates(entries, lines, raw.path, kind))
    return Registry(raw.path, kind, entries, keys, lines, renamed), problems


def _renames(
    earlier: list[tuple[str, str, Node]], entries: dict[str, Any], kind: str, where: Located
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Earlier id -> id now: each a valid id that no entry has now and no other entry had."""
    renamed: dict[str, str] = {}
    problems = []
    for old, ident, node in earlier:
        refused = _refused_id(ScalarNode("tag:yaml.org,2002:str", old), kind)
        if refused:
            problems.append(where.at(node, *refused))
        elif old in entries:
            message = f"'{old}' is still a {kind} id; an earlier id cannot be one in use"
            problems.append(where.at(node, "rename-conflict", message))
        elif renamed.get(old, ident) != ident:
            message = f"'{old}' is named as an earlier id of both '{renamed[old]}' and '{ident}'"
            problems.append(where.at(node, "rename-conflict", message))
        else:
            renamed[old] = ident
    return renamed, problems


def _refused_id(key: Node, kind: str) -> tuple[str, str] | None:
    """(code, message) when a registry key cannot be an id."""
    if not isinstance(key, ScalarNode):
        return "wrong-type", f"a {kind} id must be a plain word"
    ident = key.value
    if not is_slug(ident):
        example = slugify(ident, kind)
        return (
            "bad-id",
            f"'{ident}' is not a valid {kind} id; use lowercase a-z, 0-9 and hyphens, e.g. '{example}'",
        )
    if len(ident) > MAX_ID_CHARS:
        return "too-long", f"the {kind} id has {len(ident)} characters; at most {MAX_ID_CHARS} are allowed"
    if ident in RESERVED_IDS:
        return "reserved-id", f"'{ident}' is the name of a page the archive makes; choose another {kind} id"
    return None


def paste_ready_entry(name: str, kind: str) -> str:
    """A registry entry for a name, as a contributor would add it."""
    about = {"person": "who they are, in a few words", "author": "their beat, in a few words"}.get(
        kind, "what the tag covers"
    )
    return f'{slugify(name, kind)}:\n  name: {yaml_string(name)}\n  description: ""  # optional: {about}'


def _near_duplicates(
    entries: dict[str, Entry], lines: dict[str, int], path: str, kind: str
) -> list[Diagnostic]:
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
                message = (
                    f"{kind} '{ident}' ('{spelling}') looks like '{other}' on line {lines[other]}; "
                    "merge them or make one an alias"
                )
                problems.append(warning(path, lines[ident], 1, "possible-duplicate", message))
                break
            seen.setdefault(key, ident)
    return problems


def _texts(values: dict[str, Any], name: str) -> tuple[str, ...]:
    return tuple(text for text, _ in values[name])


def _person(ident: str, values: dict[str, Any]) -> Person:
    return Person(
        ident,
        values["name"],
        _texts(values, "aliases"),
        values["description"],
        values["wikidata"],
        values["links"],
        _texts(values, "formerly"),
    )


def _author(ident: str, values: dict[str, Any]) -> Author:
    return Author(
        ident,
        values["name"],
        _texts(values, "aliases"),
        values["description"],
        values["links"],
        _texts(values, "formerly"),
    )


def _tag(ident: str, values: dict[str, Any]) -> Tag:
    return Tag(
        ident,
        values["name"],
        values["description"],
        _texts(values, "aliases"),
        _texts(values, "formerly"),
        values["wikidata"],
    )
