"""A raw article as copied from a news site, turned into a story's parts. Pure functions.

The raw format: the title on the first line, the byline on the next, then
paragraphs separated by blank lines. A paragraph that is one short line with no
closing punctuation is a section heading. The site's trailing furniture
("Read also: ...", "Related articles...", "Latest news" and its headlines,
"Sign up now ...") is dropped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

HEADING_MAX_CHARS = 90
_END_PUNCTUATION = tuple('.!?:;,"”’»)…')
# A line that starts one of these ends the article: what follows is the site's, not the story's.
_TAIL_MARKERS = re.compile(
    r"^(related articles|latest news|sign up now|subscribe to|most read|you may also like)\b", re.I
)
# A line that starts one of these is a cross-link inside the article: dropped on its own.
_ASIDE_MARKERS = re.compile(r"^(read also|read more|see also|also read)\s*:", re.I)
_BYLINE_PREFIX = re.compile(r"^(by|from|written by)\s+", re.I)
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9  # the abbreviation news style uses
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = [
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), ("mn", "d", "y")),
    (re.compile(rf"\b(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})\b", re.I), ("d", "mn", "y")),
]


@dataclass(frozen=True)
class Article:
    title: str
    authors: tuple[str, ...]
    blocks: tuple[tuple[str, str], ...]  # ("heading" | "paragraph", text)

    dateline: str = ""  # the line that gave the date, when one did

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.blocks)

    def markdown(self) -> str:
        parts = [("## " + text) if kind == "heading" else text for kind, text in self.blocks]
        return "\n\n".join(parts) + "\n"


def parse_article(raw: str) -> Article:
    lines = [line.strip() for line in raw.replace("\r\n", "\n").split("\n")]
    content = list(lines)
    while content and not content[0]:
        content.pop(0)
    if not content:
        raise ValueError("the file is empty")
    title = content.pop(0)
    while content and not content[0]:
        content.pop(0)
    authors: tuple[str, ...] = ()
    if content and _looks_like_byline(content[0]):
        authors = split_byline(content.pop(0))
    blocks = []
    dateline = ""
    for line in content:
        if not dateline and is_dateline(line):
            dateline = line
        if _TAIL_MARKERS.match(line):
            break
        if not line or _ASIDE_MARKERS.match(line) or is_dateline(line):
            continue  # a dateline is the story's date (find_date reads it), not a section
        kind = "heading" if _looks_like_heading(line) else "paragraph"
        blocks.append((kind, line))
    while blocks and blocks[-1][0] == "heading":  # a trailing bare line is furniture, not a section
        blocks.pop()
    return Article(title, authors, tuple(blocks), dateline)


def _looks_like_byline(line: str) -> bool:
    words = _BYLINE_PREFIX.sub("", line).split()
    return 0 < len(words) <= 8 and not line.endswith(_END_PUNCTUATION)


# Words of a byline that describe the writer rather than name them: "By Jane Doe, staff writer".
_ROLE_WORDS = frozenset(
    "staff writer correspondent reporter editor contributor columnist bureau chief desk team photographer "
    "analyst senior special foreign political economics news agency wire reuters afp tass interfax".split()
)
_WHERE = re.compile(r"\s+in\s+[A-Z].*$")  # "Jane Doe in Moscow"


def split_byline(line: str) -> tuple[str, ...]:
    """The names in a byline; roles, places and agencies that share the line are left out."""
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", _BYLINE_PREFIX.sub("", line))
    names = []
    for part in (_WHERE.sub("", p.strip()) for p in parts):
        words = part.split()
        if not words or not part[0].isupper():
            continue
        if any(word.lower().strip(".") in _ROLE_WORDS for word in words):
            continue
        names.append(part)
    return tuple(names)


def _looks_like_heading(line: str) -> bool:
    return len(line) <= HEADING_MAX_CHARS and not line.endswith(_END_PUNCTUATION) and len(line.split()) <= 12


_DATELINE_WORDS = re.compile(
    r"\b(updated|published|posted|last|modified|on|at|am|pm|gmt|utc|bst|cet|est|edt|pst|kst|msk|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\b|"
    r"\d{1,2}[:.]\d{2}|[^\w]",
    re.IGNORECASE,
)


def is_dateline(line: str) -> bool:
    """A line that is a date and nothing more ("June 12, 2018", "Updated: Tue 12 June 2018 10:30
    GMT"): the story's date, never a heading or a paragraph of its body."""
    line = line.strip()
    if not line or len(line) > 80:
        return False
    for pattern, _ in _DATES:
        match = pattern.search(line)
        if match:
            rest = line[: match.start()] + " " + line[match.end() :]
            return not _DATELINE_WORDS.sub("", rest).strip()
    return False


def find_date(text: str) -> dt.date | None:
    """The first full date (with a year) written in the text."""
    found = []
    for pattern, order in _DATES:
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = _MONTHS[parts["mn"].lower().rstrip(".")] if "mn" in parts else int(parts["m"])
            try:
                found.append((match.start(), dt.date(int(parts["y"]), month, int(parts["d"]))))
            except ValueError:
                continue
    return min(found)[1] if found else None


_CAPITALISED_RUN = re.compile(r"\b([A-Z][a-z'’\-]+(?:[ \t]+[A-Z][a-z'’\-]+){1,4})\b")  # titles and a name
_NOT_NAMES = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "in",
    "on",
    "at",
    "for",
    "with",
    "after",
    "before",
    "during",
    "president",
    "prime",
    "minister",
    "kremlin",
    "spokesman",
    "leader",
    "read",
    "related",
    "latest",
    "sign",
    "according",
    "among",
    "regarding",
    "when",
    "who",
    "both",
    "of",
    "thus",
    "there",
    "if",
    "we",
}
_PLACE_WORDS = {
    "river",
    "region",
    "forum",
    "ministry",
    "council",
    "house",
    "government",
    "agency",
    "media",
    "news",
    "today",
    "union",
    "nations",
    "cosmodrome",
    "economic",
    "defense",
    "defence",
    "security",
    "state",
    "states",
    "party",
    "republic",
    "city",
    "square",
    "fleet",
    "army",
    "korean",
    "russian",
    "american",
}


# Titles that stand before a name in running text: "Secretary of State Mike Pompeo".
_TITLES = frozenset(
    "secretary state foreign defence defense minister president vice deputy general senator governor "
    "ambassador chancellor premier chairman chairwoman commander admiral colonel major captain envoy "
    "spokesman spokeswoman king queen prince princess pope sheikh mr mrs ms dr sir lord lady".split()
)


def _bare(word: str) -> str:
    return word.lower().removesuffix("’s").removesuffix("'s")


@dataclass(frozen=True)
class Candidate:
    """A name in the text that looks like a person's and is in no registry: a guess, with its evidence."""

    name: str
    mentions: int
    titled: bool  # written after a title at least once ("President Moon Jae In")


def candidate_names(
    text: str, known: Callable[[str], bool], place_words: frozenset[str] = frozenset()
) -> list[str]:
    """Capitalised two- or three-word runs that look like a person's name and are not in the registry."""
    return [candidate.name for candidate in candidates(text, known, place_words)]


def candidates(
    text: str, known: Callable[[str], bool], place_words: frozenset[str] = frozenset()
) -> list[Candidate]:
    """Names that look like people's, most mentioned first. A run with a word of a place or an
    organisation (the tag registry's names are places and topics) is not offered, and neither is
    anything a registry already knows."""
    counts: dict[str, int] = {}
    titled: set[str] = set()
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group(1).split()
        had_title = False
        while words and (_bare(words[0]) in _NOT_NAMES or _bare(words[0]) in _TITLES):
            had_title = had_title or _bare(words[0]) in _TITLES
            words.pop(0)
        before = text[max(0, match.start() - 40) : match.start()].split()
        had_title = had_title or bool(before and _bare(before[-1].strip(",.")) in _TITLES)
        if not 2 <= len(words) <= 3 or any(
            _bare(w) in _PLACE_WORDS or _bare(w) in place_words for w in words
        ):
            continue
        name = " ".join(words).removesuffix("’s").removesuffix("'s")
        if known(name):
            continue
        counts[name] = counts.get(name, 0) + 1
        if had_title:
            titled.add(name)
    order = list(counts)
    ranked = sorted(order, key=lambda name: (-counts[name], order.index(name)))
    return [Candidate(name, counts[name], name in titled) for name in ranked]
