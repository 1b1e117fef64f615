"""YAML parsed into nodes that remember where they stand, with the risky parts refused.

Anchors and aliases are refused outright (an alias bomb expands a few lines into
gigabytes), duplicate keys are reported instead of silently overwritten, and every
node keeps its line and column so a diagnostic can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.diagnostics import Diagnostic, error

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:  # the C loader where libyaml is there: several times faster
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAGS: dict[tuple[type, str | None, tuple[bool, bool]], str] = {}


class _Loader(_BaseLoader):
    """The safe loader with tag resolution remembered: the same few keys and ids recur in every file."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        key = (kind, value, implicit)
        tag = _TAGS.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_TAGS) < 200_000:  # bounded: a hostile archive cannot grow it without limit
                _TAGS[key] = tag
        return tag


__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode", "Located", "field_node", "parse_yaml", "pos"]


class Marked(Protocol):
    """A YAML node or parser event: both know where they start."""

    @property
    def start_mark(self) -> Any: ...  # yaml.Mark, or the C loader's own mark type


@dataclass(frozen=True)
class Located:
    """Where a YAML document sits in its file, to turn node marks into file positions."""

    path: str
    first_line: int  # the file line of the document's first line

    def at(self, node: Marked | None, code: str, message: str, hint: str = "") -> Diagnostic:
        line, col = pos(node, self.first_line)
        return error(self.path, line, col, code, message, hint)


def pos(node: Marked | None, first_line: int) -> tuple[int, int]:
    if node is None:
        return (first_line, 1)
    return (node.start_mark.line + first_line, node.start_mark.column + 1)


def parse_yaml(text: str, where: Located) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document; on failure return None and the diagnostics."""
    if "&" in text or "*" in text:
        refused = _anchors(text, where)
        if refused:
            return None, refused
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_error(text, exc, where)]
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark
        return None, [error(where.path, where.first_line, 1, "yaml-syntax", f"YAML syntax error: {exc}")]
    if node is None:
        return None, []
    return node, _duplicate_keys(node, where)


# PyYAML's words for the usual mistakes, said plainly: (words in its message, the plain words, whether
# the place to show is where the construct opened rather than where the parser gave up).
_PLAIN_WORDS = (
    (
        "mapping values are not allowed",
        "a second ': ' on this line; put a value that holds ': ' in quotes",
        False,
    ),
    ("could not find expected ':'", "this line has no ':'; every line of an entry is `key: value`", False),
    ("but found '<block mapping start>'", "this line is indented more than the lines before it", False),
    ("did not find expected key", "this line is indented differently from the lines of its entry", False),
    ("but found '?'", "this line is indented less than the list it continues", False),
    ("expected ',' or ']'", "a list opened with '[' is not closed with ']'", True),
    ("expected ',' or '}'", "a mapping opened with '{' is not closed with '}'", True),
    ("while scanning a quoted scalar", "a quote opened here is not closed", True),
)


def syntax_error(text: str, exc: yaml.MarkedYAMLError, where: Located) -> Diagnostic:
    """One error in plain words at the place to fix: a tab in an indentation is named as such."""
    failed_at = exc.problem_mark.line if exc.problem_mark else len(text)
    for number, text_line in enumerate(text.split("\n")[: failed_at + 1]):  # a tab at or before the failure
        indent = text_line[: len(text_line) - len(text_line.lstrip(" \t"))]
        if "\t" in indent:
            message = (
                "a tab character in the indentation; YAML indents with spaces only: replace it with spaces"
            )
            return error(
                where.path, number + where.first_line, indent.index("\t") + 1, "yaml-syntax", message
            )
    words = f"{exc.problem or ''} {exc.context or ''}"
    lines = text.split("\n")
    mark = exc.problem_mark
    if "mapping values are not allowed" in words and mark and 0 < mark.line < len(lines):
        if lines[mark.line].count(":") == 1:  # this line is fine: the one before has no ':'
            before = lines[mark.line - 1]
            message = "YAML syntax error: this line has no ':'; every line of an entry is `key: value`"
            col = len(before) - len(before.lstrip()) + 1
            return error(where.path, mark.line - 1 + where.first_line, col, "yaml-syntax", message)
    for found, plain, at_opening in _PLAIN_WORDS:
        if found in words:
            mark = (exc.context_mark if at_opening else None) or exc.problem_mark or exc.context_mark
            message = f"YAML syntax error: {plain}"
            break
    else:
        mark = exc.problem_mark or exc.context_mark
        message = f"YAML syntax error: {exc.problem or exc.context or 'invalid YAML'}"
    line = (mark.line if mark else 0) + where.first_line
    col = (mark.column if mark else 0) + 1
    return error(where.path, line, col, "yaml-syntax", message)


def _anchors(text: str, where: Located) -> list[Diagnostic]:
    found = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                found.append(where.at(event, "yaml-alias", f"YAML aliases (*{event.anchor}) are not allowed"))
            elif isinstance(event, yaml.NodeEvent) and event.anchor:
                found.append(
                    where.at(event, "yaml-anchor", f"YAML anchors (&{event.anchor}) are not allowed")
                )
    except yaml.YAMLError:
        return []  # the syntax error is reported by the full parse
    return found


def _duplicate_keys(root: Node, where: Located) -> list[Diagnostic]:
    if isinstance(root, MappingNode) and all(isinstance(k, ScalarNode) and _flat(v) for k, v in root.value):
        if len({k.value for k, _ in root.value}) == len(root.value):
            return []  # the usual front matter: no nested mapping and no repeated key
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            seen: dict[str, Node] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if key.value in seen:
                        first = pos(seen[key.value], where.first_line)[0]
                        found.append(
                            where.at(
                                key,
                                "duplicate-key",
                                f"key '{key.value}' appears twice (first on line {first})",
                            )
                        )
                    else:
                        seen[key.value] = key
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return found


def _flat(node: Node) -> bool:
    return isinstance(node, ScalarNode) or (
        isinstance(node, SequenceNode) and all(isinstance(i, ScalarNode) for i in node.value)
    )


def field_node(mapping: Node | None, field: str) -> Node | None:
    """The value node of one field of a mapping, to point a diagnostic at it."""
    if isinstance(mapping, MappingNode):
        for key, node in mapping.value:
            if isinstance(key, ScalarNode) and key.value == field:
                return node
    return None
