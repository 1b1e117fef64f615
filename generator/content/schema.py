"""What a story and a registry entry may contain, one field per line.

Each field type turns a YAML node into a value or a diagnostic. Parsing (yamlsrc)
and checking (here) are separate, so a story with five problems shows all five.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from generator.content.yamlsrc import Located, MappingNode, Node, ScalarNode, SequenceNode, field_node, pos
from generator.diagnostics import Diagnostic
from generator.model import Correction, LeadImage, Link, Source, StoryDate
from generator.text import CONTROL_CHARACTERS, did_you_mean, is_slug

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_DATE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[Tt ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_QID = re.compile(r"^Q[1-9][0-9]*$")


class Invalid(Exception):
    """Raised by a field type; carries the node at fault and the message."""

    def __init__(self, node: Node | None, code: str, message: str) -> None:
        super().__init__(message)
        self.node, self.code, self.message = node, code, message


@dataclass(frozen=True)
class Field:
    required: bool = False
    default: object = None

    def convert(self, node: Node, where: Located, name: str) -> Any:
        raise NotImplementedError


def _scalar(node: Node, name: str, kind: str) -> ScalarNode:
    if not isinstance(node, ScalarNode):
        raise Invalid(
            node,
            "wrong-type",
            f"'{name}' must be {kind}, not a {'list' if isinstance(node, SequenceNode) else 'mapping'}",
        )
    return node


# What `new` writes where the contributor's own words go. `check` refuses a story that still
# holds either, so an unedited skeleton can never be published.
PLACEHOLDER_SUMMARY = "TODO: one or two sentences for listings and search results"
PLACEHOLDER_BODY = "TODO: write the story here, in your own words. Use `##` for section headings."

# Upper bounds on what one value may hold: far above any real story, far below what could
# slow a build or a reader's page. A story file's own size is bounded in load.
MAX_LINE_CHARS = 300  # titles, names, aliases, bylines, source names
MAX_TEXT_CHARS = 3_000  # summaries, descriptions
MAX_URL_CHARS = 2_000
MAX_SLUG_CHARS = 80
MAX_ITEMS = 100  # tags, people or authors of one story, aliases of one entry


def checked_text(node: ScalarNode, name: str, max_chars: int) -> str:
    """A scalar's text as written, refused when it holds control characters or is too long."""
    # The text as written: YAML 1.1 would turn `title: yes` into True and `1984` into an int.
    value = node.value.strip()
    bad = CONTROL_CHARACTERS.search(value)
    if bad:
        raise Invalid(
            node,
            "control-character",
            f"'{name}' contains the control character U+{ord(bad.group()):04X}; delete it",
        )
    if len(value) > max_chars:
        raise Invalid(
            node, "too-long", f"'{name}' has {len(value):,} characters; at most {max_chars:,} are allowed"
        )
    return value


@dataclass(frozen=True)
class Text(Field):
    default: object = ""
    max_chars: int = MAX_LINE_CHARS

    def convert(self, node: Node, where: Located, name: str) -> str:
        node = _scalar(node, name, "text")
        if node.tag == _NULL or not node.value.strip():
            if self.required:
                raise Invalid(node, "empty-field", f"'{name}' is empty")
            return ""
        return checked_text(node, name, self.max_chars)


@dataclass(frozen=True)
class Bool(Field):
    default: object = False

    def convert(self, node: Node, where: Located, name: str) -> bool:
        node = _scalar(node, name, "true or false")
        if node.tag != _BOOL:
            raise Invalid(node, "wrong-type", f"'{name}' must be true or false, not '{node.value}'")
        return node.value.lower() in ("true", "yes", "on", "y")


@dataclass(frozen=True)
class TextList(Field):
    default: object = ()
    min_items: int = 0

    def convert(self, node: Node, where: Located, name: str) -> tuple[tuple[str, Node], ...]:
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            items = []
        elif not isinstance(node, SequenceNode):
            raise Invalid(node, "wrong-type", f"'{name}' must be a list, e.g. {name}: [first, second]")
        else:
            items = node.value
        if len(items) < self.min_items:
            raise Invalid(
                node,
                "empty-field",
                f"'{name}' needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}",
            )
        if len(items) > MAX_ITEMS:
            raise Invalid(
                node, "too-long", f"'{name}' has {len(items)} items; at most {MAX_ITEMS} are allowed"
            )
        values = []
        for item in items:
            item = _scalar(item, f"{name}' item '", "text")
            if item.tag == _NULL or not item.value.strip():
                raise Invalid(item, "empty-field", f"an item of '{name}' is empty")
            values.append((checked_text(item, f"an item of '{name}'", MAX_LINE_CHARS), item))
        return tuple(values)  # (value, node) pairs: later checks point at the item


def parse_date(node: ScalarNode, name: str) -> StoryDate:
    match = _DATE.match(node.value.strip())
    if not match:
        raise Invalid(
            node,
            "bad-date",
            f"'{node.value}' is not a date; write {name}: 2023-09-12 or 2024-06-19T14:00:00+09:00",
        )
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if year < 1:
        raise Invalid(node, "bad-date", f"'{node.value}' is not a date: years start at 0001")
    if not 1 <= month <= 12:
        raise Invalid(node, "bad-date", f"'{node.value}' is not a date: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise Invalid(
            node,
            "bad-date",
            f"'{node.value}' is not a date: {calendar.month_name[month]} {year} has {days} days",
        )
    if match["H"] is None:
        return StoryDate(dt.date(year, month, day))
    hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise Invalid(node, "bad-date", f"'{node.value}' is not a time of day")
    tz = match["tz"]
    if tz is None:
        raise Invalid(
            node,
            "bad-date",
            f"'{node.value}' has a time but no UTC offset; write e.g. {node.value.strip()}+00:00",
        )
    if tz != "Z" and ":" not in tz:
        tz = tz[:3] + ":" + tz[3:]
    if tz != "Z" and (int(tz[1:3]) > 14 or int(tz[4:6]) > 59):
        raise Invalid(node, "bad-date", f"'{tz}' is not a UTC offset")
    time = f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if match["S"] else "")
    return StoryDate(dt.date(year, month, day), time, "+00:00" if tz == "Z" else tz)


@dataclass(frozen=True)
class Date(Field):
    def convert(self, node: Node, where: Located, name: str) -> StoryDate:
        return parse_date(_scalar(node, name, "a date"), name)


@dataclass(frozen=True)
class Slug(Field):
    default: object = ""

    def convert(self, node: Node, where: Located, name: str) -> str:
        value = Text().convert(node, where, name)
        if not is_slug(value):
            raise Invalid(
                node,
                "unsafe-slug",
                f"'{value}' is not a valid slug: use lowercase a-z, 0-9 and single hyphens",
            )
        if len(value) > MAX_SLUG_CHARS:
            raise Invalid(
                node,
                "too-long",
                f"the slug has {len(value)} characters; at most {MAX_SLUG_CHARS} are allowed",
            )
        return value


def check_url(node: Node, value: str) -> str:
    if len(value) > MAX_URL_CHARS:
        raise Invalid(
            node,
            "too-long",
            f"the address has {len(value):,} characters; at most {MAX_URL_CHARS:,} are allowed",
        )
    parts = urlsplit(value)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() or ord(c) < 32 for c in value)
    ):
        raise Invalid(node, "bad-url", f"'{value}' is not an http or https address")
    return value


@dataclass(frozen=True)
class Url(Field):
    default: object = ""

    def convert(self, node: Node, where: Located, name: str) -> str:
        return check_url(node, Text(max_chars=MAX_URL_CHARS).convert(node, where, name))


@dataclass(frozen=True)
class WikidataId(Field):
    default: object = ""

    def convert(self, node: Node, where: Located, name: str) -> str:
        value = Text().convert(node, where, name)
        if value and not _QID.match(value):
            raise Invalid(node, "bad-wikidata", f"'{value}' is not a Wikidata id; it looks like Q7747")
        return value


@dataclass(frozen=True)
class SourceField(Field):
    def convert(self, node: Node, where: Located, name: str) -> Source:
        if not isinstance(node, MappingNode):
            raise Invalid(
                node,
                "wrong-type",
                "'source' must be a mapping with name, url, published, archived and accessed",
            )
        values, problems = read_mapping(node, SOURCE_FIELDS, where, "source")
        if problems:
            raise _Many(problems)
        day = {key: values[key].day if values[key] else None for key in ("published", "accessed")}
        return Source(values["name"], values["url"], day["published"], values["archived"], day["accessed"])


@dataclass(frozen=True)
class PlacedImage:
    """A lead image as written, with where its `file:` stands: the file is looked up by validation."""

    image: LeadImage
    line: int
    col: int


@dataclass(frozen=True)
class ImageField(Field):
    """`image: {file, alt, caption, credit, decorative}`: alt text is required unless decorative."""

    def convert(self, node: Node, where: Located, name: str) -> PlacedImage:
        if not isinstance(node, MappingNode):
            raise Invalid(
                node, "wrong-type", "'image' must be a mapping: file, alt, and optionally caption and credit"
            )
        values, problems = read_mapping(node, IMAGE_FIELDS, where, "image")
        alt_node = field_node(node, "alt")
        if values["decorative"] and values["alt"]:
            problems.append(
                where.at(alt_node, "bad-alt", 'a decorative image has empty alt text; write alt: ""')
            )
        elif not values["decorative"] and not values["alt"] and not problems:
            message = (
                "the image needs alt text: say what it shows for readers who cannot see it "
                '(or, for an image that adds nothing to the story, alt: "" and decorative: true)'
            )
            problems.append(where.at(alt_node or node, "missing-alt", message))
        if problems:
            raise _Many(problems)
        line, col = pos(field_node(node, "file") or node, where.first_line)
        image = LeadImage(values["file"], values["alt"], values["caption"], values["credit"])
        return PlacedImage(image, line, col)


@dataclass(frozen=True)
class Corrections(Field):
    """A list of {date, text}: each a dated correction, in the order the story gives them."""

    default: object = ()

    def convert(self, node: Node, where: Located, name: str) -> tuple[Correction, ...]:
        if not isinstance(node, SequenceNode):
            raise Invalid(node, "wrong-type", "'corrections' must be a list of {date: ..., text: ...}")
        if len(node.value) > MAX_ITEMS:
            raise Invalid(
                node,
                "too-long",
                f"'corrections' has {len(node.value)} items; at most {MAX_ITEMS} are allowed",
            )
        corrections, problems = [], []
        for item in node.value:
            values, found = read_mapping(item, CORRECTION_FIELDS, where, "correction")
            problems.extend(found)
            if not found:
                line, col = pos(field_node(item, "date") or item, where.first_line)
                corrections.append(Correction(values["date"], values["text"], line, col))
        if problems:  # the valid ones are still checked against the story's date
            raise _Partial(tuple(corrections), problems)
        return tuple(corrections)


@dataclass(frozen=True)
class Links(Field):
    default: object = ()

    def convert(self, node: Node, where: Located, name: str) -> tuple[Link, ...]:
        if not isinstance(node, SequenceNode):
            raise Invalid(node, "wrong-type", "'links' must be a list of {title, url} or of addresses")
        links = []
        for item in node.value:
            if isinstance(item, ScalarNode):
                url = check_url(item, checked_text(item, "links", MAX_URL_CHARS))
                links.append(Link(url, url))
                continue
            values, problems = read_mapping(item, LINK_FIELDS, where, "link")
            if problems:
                raise _Many(problems)
            links.append(Link(values["title"] or values["url"], values["url"]))
        return tuple(links)


class _Partial(Exception):
    """A value with problems in some of its items: the rest is kept, so later checks still see it."""

    def __init__(self, value: object, diagnostics: list[Diagnostic]) -> None:
        super().__init__("some items have problems")
        self.value, self.diagnostics = value, diagnostics


class _Many(Exception):
    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("several problems")
        self.diagnostics = diagnostics


STORY_FIELDS: dict[str, Field] = {
    "title": Text(required=True),
    "date": Date(required=True),
    "authors": TextList(),
    "summary": Text(max_chars=MAX_TEXT_CHARS),
    "tags": TextList(required=True, min_items=1),
    "people": TextList(),
    "source": SourceField(),
    "slug": Slug(),
    "draft": Bool(),
    "updated": Date(),
    "corrections": Corrections(),
    "image": ImageField(),
}
IMAGE_FIELDS: dict[str, Field] = {
    "file": Text(required=True),
    "alt": Text(max_chars=MAX_TEXT_CHARS),
    "caption": Text(max_chars=MAX_TEXT_CHARS),
    "credit": Text(),
    "decorative": Bool(),
}
CORRECTION_FIELDS: dict[str, Field] = {
    "date": Date(required=True),
    "text": Text(required=True, max_chars=MAX_TEXT_CHARS),
}
SOURCE_FIELDS: dict[str, Field] = {
    "name": Text(),
    "url": Url(),
    "published": Date(),
    "archived": Url(),  # an archived copy's address
    "accessed": Date(),  # when the source was read: not in the future
}
LINK_FIELDS: dict[str, Field] = {"title": Text(), "url": Url(required=True)}
PERSON_FIELDS: dict[str, Field] = {
    "name": Text(required=True),
    "aliases": TextList(),
    "description": Text(max_chars=MAX_TEXT_CHARS),
    "wikidata": WikidataId(),
    "links": Links(),
    "formerly": TextList(),
}
AUTHOR_FIELDS: dict[str, Field] = {
    "name": Text(required=True),
    "aliases": TextList(),
    "description": Text(max_chars=MAX_TEXT_CHARS),
    "links": Links(),
    "formerly": TextList(),
}
TAG_FIELDS: dict[str, Field] = {
    "name": Text(required=True),
    "description": Text(max_chars=MAX_TEXT_CHARS),
    "aliases": TextList(),
    "wikidata": WikidataId(),  # a place, an organisation or a topic: Q423 is North Korea
    "formerly": TextList(),
}


def read_mapping(
    node: Node | None, fields: dict[str, Field], where: Located, what: str
) -> tuple[dict, list[Diagnostic]]:
    """Convert a mapping node field by field; every problem found is returned, none raised."""
    values = {name: spec.default for name, spec in fields.items()}
    problems: list[Diagnostic] = []
    if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL):
        missing = [name for name, spec in fields.items() if spec.required]
        if missing:
            problems.append(
                where.at(
                    node,
                    "missing-field",
                    f"the {what} is empty; it needs {', '.join(repr(m) for m in missing)}",
                )
            )
        return values, problems
    if not isinstance(node, MappingNode):
        problems.append(where.at(node, "wrong-type", f"the {what} must be a mapping of 'key: value' lines"))
        return values, problems
    present = set()
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            problems.append(where.at(key, "wrong-type", f"keys of the {what} must be plain words"))
            continue
        spec = fields.get(key.value)
        if spec is None:
            hint = did_you_mean(key.value, fields)
            message = f"unknown field '{key.value}' in the {what}"
            message += f"; did you mean '{hint}'?" if hint else f"; allowed: {', '.join(fields)}"
            problems.append(where.at(key, "unknown-field", message))
            continue
        present.add(key.value)
        try:
            values[key.value] = spec.convert(value, where, key.value)
        except Invalid as exc:
            problems.append(where.at(exc.node, exc.code, exc.message))
        except _Many as exc:
            problems.extend(exc.diagnostics)
        except _Partial as exc:
            values[key.value] = exc.value
            problems.extend(exc.diagnostics)
    for name, spec in fields.items():
        if spec.required and name not in present:
            problems.append(where.at(node, "missing-field", f"the {what} has no '{name}'"))
    return values, problems
