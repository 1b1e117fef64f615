"""The offline search index: term shards and document shards loaded by <script> tags.

Browsers refuse fetch() and workers for file:// pages, but they do run <script src>
from the same folder. So the index is cut into small JavaScript files: a manifest,
term shards keyed by the first letters of each term, and document shards holding
what a result shows. A query loads the manifest, one shard per word and the few
document shards of its top results, never the whole index.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from .index import Indexes
from .text import fold

DOCS_PER_SHARD = 32
SHARD_SPLIT_BYTES = 48_000  # a two-letter shard larger than this is cut by a third letter
SNIPPET_CHARS = 600
# Field weights, coded 1-4 in the postings: title above people and tags above summary above body.
WEIGHTS = {"title": 4, "entity": 3, "summary": 2, "body": 1}

_TOKEN = re.compile(r"[^\W_]+")
_IDEOGRAPHS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]+>")
_MD_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+|[*_`~]+|\{:[^}]*\}", re.MULTILINE)


def tokens(text: str) -> list[str]:
    """Folded words; Chinese and Japanese script, written without spaces, one character each."""
    found = []
    for word in _TOKEN.findall(fold(text)):
        if _IDEOGRAPHS.search(word):
            found.extend(_split_ideographs(word))
        else:
            found.append(word)
    return found


def _split_ideographs(word: str) -> list[str]:
    parts, current = [], ""
    for char in word:
        if _IDEOGRAPHS.match(char):
            if current:
                parts.append(current)
                current = ""
            parts.append(char)
        else:
            current += char
    if current:
        parts.append(current)
    return parts


def plain_text(markdown: str) -> str:
    text = _MD_LINK.sub(r"\1", markdown)
    text = _HTML_TAG.sub(" ", text)
    text = _MD_MARKUP.sub("", text)
    return " ".join(text.split())


def shard_key(term: str, split: set[str]) -> str:
    head = term[:2]
    if head in split and len(term) > 2:
        return term[:3]
    return head


def shard_file(key: str) -> str:
    return "search/t/" + key.encode("utf-8").hex() + ".js"


def _postings(indexes: Indexes) -> dict[str, list[int]]:
    """term -> flat list of (doc id delta * 8 + weight) in doc id order: newest first."""
    archive = indexes.archive
    best: dict[str, dict[int, int]] = defaultdict(dict)
    for doc, story in enumerate(archive.stories):
        fields = [
            ("title", story.title),
            ("entity", " ".join(_entity_words(story, archive))),
            ("summary", story.summary),
            ("body", story.body),
        ]
        for field, text in fields:
            weight = WEIGHTS[field]
            for term in set(tokens(text)):
                seen = best[term]
                if seen.get(doc, 0) < weight:
                    seen[doc] = weight
    postings = {}
    for term, docs in best.items():
        flat, previous = [], 0
        for doc in sorted(docs):
            flat.append((doc - previous) * 8 + docs[doc])
            previous = doc
        postings[term] = flat
    return postings


def _entity_words(story, archive):
    for person_id in story.people:
        person = archive.people[person_id]
        yield person.name
        yield from person.aliases
    for tag_id in story.tags:
        tag = archive.tags[tag_id]
        yield tag.name
        yield from tag.aliases


def _js(call: str, *args) -> bytes:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":"), sort_keys=True) for a in args)
    return f"archiveSearch.{call}({body});\n".encode("utf-8")


def build_search_files(indexes: Indexes) -> dict[str, bytes]:
    archive = indexes.archive
    postings = _postings(indexes)
    by_head: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term, flat in postings.items():
        by_head[term[:2]][term] = flat
    split = set()
    for head, terms in by_head.items():
        size = sum(len(t) + 4 * len(flat) for t, flat in terms.items())
        if size > SHARD_SPLIT_BYTES:
            split.add(head)
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term, flat in postings.items():
        shards[shard_key(term, split)][term] = flat
    files = {shard_file(key): _js("terms", key, terms) for key, terms in sorted(shards.items())}
    docs = []
    for story in archive.stories:
        people = [archive.people[p].name for p in story.people]
        docs.append([
            story.page_path[:-3] + ".html",
            story.title,
            story.date.day.isoformat(),
            people,
            story.summary,
            plain_text(story.body)[:SNIPPET_CHARS],
        ])
    for start in range(0, len(docs), DOCS_PER_SHARD):
        files[f"search/d/{start // DOCS_PER_SHARD}.js"] = _js("docs", start // DOCS_PER_SHARD, docs[start:start + DOCS_PER_SHARD])
    manifest = {
        "count": len(docs),
        "docsPerShard": DOCS_PER_SHARD,
        "split": sorted(split),
        "shards": sorted(shards),
    }
    files["search/manifest.js"] = _js("manifest", manifest)
    return files



