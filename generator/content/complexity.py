"""Which story bodies could make Markdown slow, found in one linear pass.

Python-Markdown handles several constructs in more than linear time (measured with generated
runs of each: unmatched `[`, `[a](`, `![` and `<a`, backticks of rising length, backticks before
brackets, footnote references, nested lists), and nests too deeply for Python on others
(`1. 1. 1. ...` raised RecursionError at 2,000 characters). No estimate short of rendering covers
them all, so this one only says which bodies are worth rendering in `check`, under a time budget
(pipeline.py): a block with many markup characters for its length, or a line nested deep.
Ordinary prose is never suspicious, so `check` renders almost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MARKUP = b"[]()<>`\\^|!*_{}&#"


def _markup_count(text: str) -> int:
    data = text.encode("utf-8")
    return len(data) - len(data.translate(None, _MARKUP))  # one pass in C: bytes, not str


# A block of this many markup characters times its length is rendered in check; a story's
# blocks together, this many.
BLOCK_COST = 200_000
STORY_COST = 2_000_000
# Markers at the start of one line (`> - 1. `), or spaces before its text, that make Markdown nest.
# Each pattern starts with a newline (the body is searched with one put in front): the regex
# engine skips ahead to each, where `^` with MULTILINE tried every position.
_NESTING = re.compile(r"\n(?:[ \t]*(?:[-+*>]|\d{1,9}[.)])(?=[ \t\n])[ \t]*){8,}")
MAX_INDENT = 64
_DEEP = re.compile(r"\n[ \t]{%d}" % (MAX_INDENT + 1))


@dataclass(frozen=True)
class Suspicion:
    line: int  # the body line (from 0) of the block that looks the costliest
    reason: str


def suspicion(body: str) -> Suspicion | None:
    """Why rendering this body might be slow or fail, or None for a body that cannot be."""
    markup = _markup_count(body)
    lines = "\n" + body
    nested = _NESTING.search(lines)
    if nested:
        return Suspicion(body.count("\n", 0, nested.start()), "markers nested deep at the start of a line")
    deep = _DEEP.search(lines)
    if markup * len(body) <= BLOCK_COST and not deep:
        return None  # the usual story: settled without looking at its blocks
    if deep:
        return Suspicion(body.count("\n", 0, deep.start()), "lines indented deep")
    total, worst, worst_start, start = 0, 0, 0, 0
    for match in [*_BLANK_LINE.finditer(body), None]:
        end = match.start() if match else len(body)
        cost = _markup_count(body[start:end]) * (end - start)
        total += cost
        if cost > worst:
            worst, worst_start = cost, start
        start = match.end() if match else end
    if worst > BLOCK_COST or total > STORY_COST:
        return Suspicion(body.count("\n", 0, worst_start), "many brackets, backticks or angle brackets")
    return None
