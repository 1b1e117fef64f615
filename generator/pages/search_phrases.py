"""Quoted phrases: which stories have two words side by side.

The term index says which stories hold a word, not where. For `"Kim Jong Un"` each pair of
neighbouring words of the phrase ("kim jong", "jong un") is looked up here; a story has the
phrase when it has every pair. (It could have each pair in a different place and not the
phrase itself; with names and set phrases that is rare, and it costs a tenth of positions.)

Pairs are filed by the first two letters of their first word, as terms are, and a file grown
past SPLIT_BYTES by the first letter of the second word too: a phrase of three words loads two
small files, and a large archive does not become thousands of tiny ones. In a large archive,
pairs of two words nearly every story has ("of the") are left out: no one finds a story by them.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from generator.model import Archive
from generator.pages.search import term_sequence
from generator.pages.search_format import js_call, path

# A word in this share of the stories is common; a pair of two common words is not indexed,
# in archives of COMMON_FROM stories or more (in a small one, every word is in most stories).
COMMON_SHARE = 0.8
COMMON_FROM = 1000
SPLIT_BYTES = 48_000


def pair_key(first: str, second: str, split: set[str]) -> str:
    head = first[:2]
    return f"{head} {second[:1]}" if head in split else head


def pair_file(key: str) -> str:
    return path("pairs", key=key)


def phrase_files(archive: Archive) -> dict[str, bytes]:
    """Pair -> stories (doc id deltas, newest first), one file per pair key."""
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    frequency: Counter[str] = Counter()
    for doc, story in enumerate(archive.stories):
        pairs: set[tuple[str, str]] = set()
        for text in (story.title, story.summary, story.body):
            sequence = term_sequence(text)
            pairs.update(zip(sequence, sequence[1:], strict=False))
        frequency.update({first for first, _ in pairs})
        for pair in pairs:
            postings[pair].append(doc)
    stories = len(archive.stories)
    common = (
        {term for term, count in frequency.items() if count >= COMMON_SHARE * stories}
        if stories >= COMMON_FROM
        else set()
    )
    kept: dict[tuple[str, str], list[int]] = {}
    size_of_head: Counter[str] = Counter()
    for (first, second), docs in postings.items():
        if first in common and second in common:
            continue
        kept[first, second] = [docs[0], *(b - a for a, b in zip(docs, docs[1:], strict=False))]
        size_of_head[first[:2]] += len(first) + len(second) + 4 * len(docs)
    split = {head for head, size in size_of_head.items() if size > SPLIT_BYTES}
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for (first, second), deltas in kept.items():
        shards[pair_key(first, second, split)][f"{first} {second}"] = deltas
    files = {pair_file(key): js_call("pairs", key, pairs) for key, pairs in sorted(shards.items())}
    # The words whose pairs are left out: a phrase of them alone ("of the") asks for its words only.
    files[path("pairMeta")] = js_call("pairMeta", {"common": sorted(common), "split": sorted(split)})
    return files
