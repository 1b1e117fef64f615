"""Finding registry names in running text: one trie-shaped regex over every name and alias.

A plain alternation of thousands of names tries each one at every position; the
trie shares prefixes, so a scan costs about the same for 10 names or 10,000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEP_VARIANTS = re.compile(r"[ \-‐‑]")


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class Mention:
    id: str
    start: int
    text: str


def _variants(name: str) -> set[str]:
    """'Kim Jong-un' is also written 'Kim Jong Un' and 'Kim Jong-Un'."""
    spaced = _SEP_VARIANTS.sub(" ", name)
    hyphened = _SEP_VARIANTS.sub("-", name)
    found = {name, spaced, hyphened}
    for variant in list(found):
        found.add(" ".join(w[:1].upper() + w[1:] for w in variant.split(" ")))
        found.add("-".join(w[:1].upper() + w[1:] for w in variant.split("-")))
    found.add(name.replace("’", "'"))
    return {v for v in found if v.strip()}


def _trie_pattern(words: list[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


class NameMatcher:
    """Finds whole-word occurrences of any registered name or alias."""

    def __init__(self, names: dict[str, str], ignore_case: bool = False):
        # names: surface form -> id; longer forms win because the regex is greedy.
        # People match as capitalised; tags ("sanctions") are common nouns and match in any case.
        self._fold = str.casefold if ignore_case else (lambda s: s)
        self._ids: dict[str, str] = {}
        for name, ident in names.items():
            for variant in _variants(name):
                self._ids.setdefault(self._fold(variant), ident)
        if self._ids:
            pattern = _trie_pattern(sorted(self._ids))
            flags = re.IGNORECASE if ignore_case else 0
            # No look-behind in front: a pattern that starts with the trie's first letters lets
            # the regex engine skip ahead by character set, four times faster on long bodies.
            self._regex = re.compile(r"(?:" + pattern + r")(?![\w])", flags)
        else:
            self._regex = None

    def find(self, text: str) -> list[Mention]:
        if self._regex is None:
            return []
        found = []
        search = self._regex.search
        match = search(text)
        while match is not None:
            start = match.start()
            if start and _word_char(text[start - 1]):
                match = search(text, start + 1)  # inside a word: not a whole-word mention
                continue
            ident = self._ids.get(self._fold(match.group()))
            if ident is not None:
                found.append(Mention(ident, start, match.group()))
            match = search(text, match.end())
        return found

    def ids(self, text: str) -> list[str]:
        """Ids in order of first mention, each once."""
        seen: dict[str, None] = {}
        for mention in self.find(text):
            seen.setdefault(mention.id)
        return list(seen)
