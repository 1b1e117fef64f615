"""The offline search index: term shards and document shards loaded by <script> tags.

Browsers refuse fetch() and workers for file:// pages, but they do run <script src>
from the same folder. So the index is cut into small JavaScript files: a manifest,
term shards keyed by the first letters of each term, and document shards holding
what a result shows. A query loads the manifest, one shard per word and the few
document shards of its top results, never the whole index.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from generator import urls
from generator.media.plan import thumbnail
from generator.model import Archive, Author, Person, Tag
from generator.pages.index import Indexes
from generator.pages.search_format import MANIFEST, DocumentRecord, EntityRecord, js_call, manifest, path, row
from generator.text import fold

DOCS_PER_SHARD = 8  # a result list of 20 fetches at most 20 small files, not 20 large ones
SHARD_SPLIT_BYTES = 48_000  # a two-letter shard larger than this is cut by a third letter
# The body's opening the index keeps for results to quote: a result shows 220 characters from 60
# before the first word matched (assets/search/results.js), so a match in the opening paragraph
# is quoted in its words; past it, the result quotes the summary. 600 were a tenth of the index.
SNIPPET_CHARS = 360
# Field weights, coded 1-4 in the postings: title above people and tags above summary above body.
WEIGHTS = {"title": 4, "entity": 3, "summary": 2, "body": 1}


def _mark_ranges() -> str:
    """Every combining mark (categories Mn, Mc, Me) as a regex class body: Python's \\w has no
    marks, while a word of Hindi or Thai is not whole without them (search/fold.js: \\p{M})."""
    ranges, start = [], None
    for code in range(0x300, 0x20000):
        is_mark = unicodedata.category(chr(code))[0] == "M"
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append((start, code - 1))
            start = None
    ranges.append((0xE0100, 0xE01EF))  # variation selectors
    return "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)


# A word: letters, digits and the marks folding keeps (spec in generator/text.py).
_TOKEN = re.compile(f"(?:[^\\W_]|[{_mark_ranges()}])+")
_IDEOGRAPHS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Each pattern stops at the next opening mark as well as at its own closing one, so every
# attempt ends where the next one starts: linear time, where `\[[^\]]*\]` on a body of
# unclosed brackets tried every bracket against the whole rest of the text.
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_HTML_TAG = re.compile(r"<[^<>]+>")
# Markdown block markers at a line's start: headings, quotes, list bullets and numbers.
_LINE_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{:[^{}]*\}")
_LINE_MARKERS = frozenset("#>-*+")


def tokens(text: str) -> list[str]:
    """Folded words; Chinese and Japanese script, written without spaces, one character each."""
    found = []
    for word in _TOKEN.findall(fold(text)):
        if _IDEOGRAPHS.search(word):
            found.extend(_split_ideographs(word))
        else:
            found.append(word)
    return found


# What each white-space-separated chunk of text gave, remembered: the same words recur across
# the archive. Most chunks ("Summit", "talks,") give one term, so those have a map of their own.
_CHUNK_TERM: dict[str, str] = {}
_CHUNK_TERMS: dict[str, tuple[str, ...]] = {}  # chunks that give no term, or more than one
_REMEMBERED = 1_000_000


def term_set(text: str) -> set[str]:
    """The distinct tokens of a text, as tokens() gives them, much faster on long bodies.

    Folding works character by character and never turns white space into a letter, so
    each chunk between white space folds and splits on its own. The common case, a chunk
    seen before that gives one term, is all set and dict operations, without a Python loop.
    """
    single = _CHUNK_TERM
    chunks = set(text.split())
    found_single = set(map(single.get, chunks))
    found_single.discard(None)
    terms: set[str] = found_single  # type: ignore[assignment]  # None was just removed
    for chunk in chunks.difference(single):
        found = _CHUNK_TERMS.get(chunk)
        if found is None:
            found = tuple(tokens(chunk))
            if len(found) == 1 and len(single) < _REMEMBERED:
                single[chunk] = found[0]
            elif len(_CHUNK_TERMS) < _REMEMBERED:
                _CHUNK_TERMS[chunk] = found
        terms.update(found)
    return terms


def term_sequence(text: str) -> list[str]:
    """The tokens of a text in order, as tokens() gives them. Most chunks between white space
    give one term that term_set() has already remembered: those are looked up all at once."""
    chunks = text.split()
    found = list(map(_CHUNK_TERM.get, chunks))
    if None not in found:
        return found  # type: ignore[return-value]  # no None: every chunk was known
    sequence: list[str] = []
    for chunk, term in zip(chunks, found, strict=True):
        if term is not None:
            sequence.append(term)
        else:
            term_set(chunk)  # remembers the chunk's terms, for this and later texts
            known = _CHUNK_TERM.get(chunk)
            sequence.extend((known,) if known is not None else _CHUNK_TERMS.get(chunk) or tokens(chunk))
    return sequence


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


def snippet(markdown: str) -> str:
    """The start of a body as plain text; only a prefix is cleaned, unless markup ate most of it."""
    prefix = markdown[: SNIPPET_CHARS * 2]
    text = plain_text(prefix)
    if len(text) < SNIPPET_CHARS and len(prefix) < len(markdown):
        text = plain_text(markdown)
    return text[:SNIPPET_CHARS]


def plain_text(markdown: str) -> str:
    # Each step runs only where what it removes can occur: most bodies are plain prose.
    text = _MD_LINK.sub(r"\1", markdown) if "[" in markdown else markdown
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if any(line.lstrip()[:1] in _LINE_MARKERS or line.lstrip()[:1].isdigit() for line in text.split("\n")):
        text = _LINE_MARKUP.sub("", text)
    if "{:" in text:
        text = _ATTR_LIST.sub("", text)
    for mark in "*_`~":  # emphasis and code marks; str.replace is many times faster than a regex
        if mark in text:
            text = text.replace(mark, "")
    return " ".join(text.split())


def shard_key(term: str, split: set[str]) -> str:
    head = term[:2]
    if head in split and len(term) > 2:
        return term[:3]
    return head


def shard_file(key: str) -> str:
    return path("terms", key=key)


def _postings(archive: Archive) -> dict[str, list[int]]:
    """term -> flat list of (doc id delta * 8 + weight) in doc id order: newest first."""
    postings: dict[str, list[int]] = defaultdict(list)
    title, entity, summary, body = (WEIGHTS[f] for f in ("title", "entity", "summary", "body"))
    # A person's or tag's words, names and aliases, are the same on each of their stories.
    entity_terms = {
        **{
            ("person", key): term_set(" ".join([person.name, *person.aliases]))
            for key, person in archive.people.items()
        },
        **{("tag", key): term_set(" ".join([tag.name, *tag.aliases])) for key, tag in archive.tags.items()},
    }
    for doc, story in enumerate(archive.stories):
        # A term keeps the weight of the heaviest field it appears in: each field's terms
        # less those of heavier fields, by set operations, then one code for each group.
        heavier = term_set(story.title)
        groups = [(heavier, title)]
        people_and_tags = set().union(
            *[entity_terms["person", key] for key in story.people],
            *[entity_terms["tag", key] for key in story.tags],
        )
        groups.append((people_and_tags - heavier, entity))
        heavier = heavier | people_and_tags
        if story.summary:
            terms = term_set(story.summary)
            groups.append((terms - heavier, summary))
            heavier |= terms
        groups.append((term_set(story.body) - heavier, body))
        base = doc * 8
        for terms, weight in groups:
            code = base + weight
            for term in terms:
                postings[term].append(code)
    # Absolute codes become gaps: code - (previous code with its weight bits cleared).
    return {
        term: [codes[0], *(b - (a & -8) for a, b in zip(codes, codes[1:], strict=False))]
        for term, codes in postings.items()
    }


def term_files(archive: Archive) -> dict[str, bytes]:
    """The term shards, and the manifest that says which exist."""
    postings = _postings(archive)
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
    files = {shard_file(key): js_call("terms", key, terms) for key, terms in sorted(shards.items())}
    index = {"docsPerShard": DOCS_PER_SHARD, "split": sorted(split), "shards": sorted(shards)}
    files[MANIFEST] = js_call("manifest", manifest(len(archive.stories), **index))
    return files


def document_files(archive: Archive) -> dict[str, bytes]:
    """What a result shows (search_format.DocumentRecord): DOCS_PER_SHARD stories a file, by doc id."""
    docs = []
    for story in archive.stories:
        image = story.image and archive.media.get(story.image.file)
        small = thumbnail(image) if image else None
        record = DocumentRecord(
            url=urls.story(story),
            title=story.title,
            date=story.date.day.isoformat(),
            people=tuple(archive.people[p].name for p in story.people),
            summary=story.summary,
            snippet=snippet(story.body),
            thumbnail=(small.path, small.width, small.height) if small else None,
        )
        docs.append(row(record))
    return {
        path("documents", shard=start // DOCS_PER_SHARD): js_call(
            "docs", start // DOCS_PER_SHARD, docs[start : start + DOCS_PER_SHARD]
        )
        for start in range(0, len(docs), DOCS_PER_SHARD)
    }


# People, tags and authors as answers: a query that names one shows its page above the stories.
ENTITY_DESCRIPTION_CHARS = 160
_ENTITY_KINDS = (("person", "people"), ("tag", "tags"), ("author", "authors"))


def entity_files(indexes: Indexes) -> dict[str, bytes]:
    """Every person, tag and author, found by the words of their names and aliases.

    Shards are keyed by a term's first two letters, as term shards are, and hold the records
    themselves (search_format.EntityRecord): a query that names someone loads one small file per
    word. The `entityHeads` file lists the shards, loaded at the first query.
    """
    archive = indexes.archive
    groups = {
        "people": indexes.stories_by_person,
        "tags": indexes.stories_by_tag,
        "authors": indexes.stories_by_author,
    }
    entries: dict[str, dict[str, Person | Tag | Author]] = {
        "people": dict(archive.people),
        "tags": dict(archive.tags),
        "authors": dict(archive.authors),
    }
    shards: dict[str, dict[str, list[list[object]]]] = defaultdict(lambda: defaultdict(list))
    for kind, folder in _ENTITY_KINDS:
        for ident, entry in entries[folder].items():
            description = " ".join(entry.description.split())
            if len(description) > ENTITY_DESCRIPTION_CHARS:
                description = description[:ENTITY_DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"
            record = EntityRecord(
                kind, urls.entity(kind, ident), entry.name, len(groups[folder].get(ident, ())), description
            )
            for term in sorted(term_set(" ".join([entry.name, *entry.aliases]))):
                shards[term[:2]][term].append(row(record))
    files = {
        path("entities", key=head): js_call("entities", head, {t: r for t, r in sorted(terms.items())})
        for head, terms in sorted(shards.items())
    }
    files[path("entityHeads")] = js_call("entityHeads", sorted(shards))
    return files
