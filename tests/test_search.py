"""The search index stage: words, snippets, postings and the files a browser loads."""

from __future__ import annotations

import datetime as dt
import json

from generator.model import Archive, Person, Story, StoryDate, Tag
from generator.pages import search, search_format
from generator.pages.search import (
    document_files,
    plain_text,
    snippet,
    term_files,
    term_set,
    tokens,
)


def _story(slug, title, body, day, people=(), tags=("russia",), summary=""):
    return Story(
        source_path=f"content/stories/{slug}.md",
        slug=slug,
        title=title,
        date=StoryDate(dt.date(2023, 9, day)),
        authors=(),
        tags=tags,
        people=people,
        body=body,
        summary=summary,
    )


ARCHIVE = Archive(
    stories=(  # newest first, as validation orders them
        _story("summit", "Summit in Vladivostok", "The leaders met at the summit.", 13, people=("peskov",)),
        _story(
            "grain",
            "Grain deal",
            "Talks on grain resumed; the summit was not mentioned.",
            12,
            summary="Grain exports talks",
        ),
    ),
    people={"peskov": Person("peskov", "Dmitry Peskov", aliases=("Дмитрий Песков",))},
    tags={"russia": Tag("russia", "Russia", aliases=("RF",))},
)


def _loaded(content: bytes):
    """What a shard's script hands to the page: archiveSearch.call(args...)."""
    text = content.decode("utf-8")
    call, _, rest = text.removeprefix("archiveSearch.").partition("(")
    return call, json.loads("[" + rest.rstrip().removesuffix(");") + "]")


def _postings_of(term: str) -> list[tuple[int, int]]:
    """(doc id, weight) pairs of a term, decoded as search.js decodes them."""
    files = term_files(ARCHIVE)
    manifest = _loaded(files["search/manifest.js"])[1][0]
    key = search.shard_key(term, set(manifest["split"]))
    _, (shard_key, terms) = _loaded(files[search.shard_file(key)])
    assert shard_key == key
    doc, pairs = 0, []
    for code in terms[term]:
        doc += code >> 3
        pairs.append((doc, code & 7))
    return pairs


def test_words_fold_case_and_accents_and_ideographs_stand_alone():
    assert tokens("Zoë ZOE, naïve café") == ["zoe", "zoe", "naive", "cafe"]
    assert tokens("習近平主席 met Xi") == ["習", "近", "平", "主", "席", "met", "xi"]
    assert tokens("Дмитрий Песков") == ["дмитрии", "песков"]


def test_term_set_gives_the_distinct_words_of_tokens():
    text = "The summit—and the SUMMIT's end: 習近平 (Zoë) met-up ... 2023"
    expected = set(tokens(text))  # the tokeniser itself remembers nothing
    assert term_set(text) == expected  # the first time, each chunk split and remembered
    assert term_set(text) == expected  # the second time, from what the first remembered
    assert term_set("summit's SUMMIT") == {"summit", "s"}  # remembered chunks, in another text


def test_plain_text_drops_markup_and_keeps_words():
    markdown = (
        "# Heading\n\n> quoted *emphasis* and `code`\n\n- item [link text](https://x.example/a)\n"
        "1. first<br>{: .note }"
    )
    assert plain_text(markdown) == "Heading quoted emphasis and code item link text first"


def test_snippet_is_the_start_of_the_body_as_text():
    assert snippet("**Bold** start.\n\nSecond paragraph.") == "Bold start. Second paragraph."
    assert len(snippet("word " * 1000)) == search.SNIPPET_CHARS
    # Markup that hides most of the first part makes the snippet come from the whole body.
    hidden = "<b></b>" * 300 + "Words after the tags."
    assert snippet(hidden) == "Words after the tags."


def test_a_term_keeps_the_weight_of_its_heaviest_field():
    weights = search.WEIGHTS
    assert _postings_of("summit") == [(0, weights["title"]), (1, weights["body"])]
    assert _postings_of("grain") == [(1, weights["title"])]
    assert _postings_of("exports") == [(1, weights["summary"])]


def test_people_and_tags_are_found_by_every_name_on_their_stories():
    entity = search.WEIGHTS["entity"]
    assert _postings_of("peskov") == [(0, entity)]
    assert _postings_of("песков") == [(0, entity)]
    assert _postings_of("rf") == [(0, entity), (1, entity)]


def test_documents_hold_what_a_result_shows_in_doc_id_order():
    _, (shard, docs) = _loaded(document_files(ARCHIVE)["search/d/0.js"])
    assert shard == 0
    assert docs == [
        [
            "stories/2023/summit.html",
            "Summit in Vladivostok",
            "2023-09-13",
            ["Dmitry Peskov"],
            "",
            "The leaders met at the summit.",
            None,  # no lead image, so no thumbnail
        ],
        [
            "stories/2023/grain.html",
            "Grain deal",
            "2023-09-12",
            [],
            "Grain exports talks",
            "Talks on grain resumed; the summit was not mentioned.",
            None,
        ],
    ]


def test_the_manifest_lists_every_shard_written_and_names_the_format():
    files = term_files(ARCHIVE)
    manifest = _loaded(files["search/manifest.js"])[1][0]
    assert manifest["count"] == 2 and manifest["docsPerShard"] == search.DOCS_PER_SHARD
    assert manifest["version"] == search_format.FORMAT_VERSION
    assert manifest["fields"]["document"] == [
        "url",
        "title",
        "date",
        "people",
        "summary",
        "snippet",
        "thumbnail",
    ]
    assert manifest["fields"]["entity"] == ["kind", "url", "name", "stories", "description"]
    assert manifest["paths"]["terms"] == "search/t/{key}.js"
    shards = sorted(p for p in files if p.startswith("search/t/"))
    assert shards and sorted(search.shard_file(key) for key in manifest["shards"]) == shards
    assert sorted(document_files(ARCHIVE)) == ["search/d/0.js"]


def test_people_and_tags_are_found_by_the_words_of_their_names():
    from generator.pages.index import build_indexes
    from generator.pages.search import entity_files

    files = entity_files(build_indexes(ARCHIVE))
    heads = _loaded(files["search/e/heads.js"])[1][0]
    assert heads == sorted(heads) and {"pe", "dm", "пе", "ru", "rf"} <= set(heads)
    _, (head, terms) = _loaded(files["search/e/" + "pe".encode().hex() + ".js"])
    assert head == "pe" and terms == {"peskov": [["person", "people/peskov.html", "Dmitry Peskov", 1, ""]]}
    _, (_, terms) = _loaded(files["search/e/" + "rf".encode().hex() + ".js"])
    assert terms == {"rf": [["tag", "tags/russia.html", "Russia", 2, ""]]}  # an alias finds the tag


def test_facets_say_where_each_month_starts_and_which_tags_and_people_each_story_has():
    from generator.pages.search_facets import facet_files

    files = facet_files(ARCHIVE)
    assert sorted(files) == ["search/f/0.js", "search/f/meta.js", "search/f/person-0.js", "search/f/tag-0.js"]
    assert files["search/f/meta.js"].decode("utf-8") == (
        'archiveSearch.facetMeta({"filesAtOnce":20,"firstIds":{"person":["peskov"],"tag":["russia"]},'
        '"months":[["2023-09",0]],"namesPerFile":500,"perShard":1000});\n'
    )
    # Names by id, in files of 500: a page loads the names it shows.
    assert (
        files["search/f/person-0.js"]
        == b'archiveSearch.facetNames("person",0,[["peskov","Dmitry Peskov"]]);\n'
    )
    # Per story, newest first: its tags' numbers, then its people's.
    assert files["search/f/0.js"].decode("utf-8") == "archiveSearch.facets(0,[[[0],[0]],[[0],[]]]);\n"


def test_phrases_are_found_by_the_pairs_of_neighbouring_words():
    from generator.pages import search_phrases

    files = search_phrases.phrase_files(ARCHIVE)
    _, (key, pairs) = _loaded(files[search_phrases.pair_file("su")])
    assert key == "su"
    assert pairs == {"summit in": [0], "summit was": [1]}  # "summit was not mentioned": story 1 only
    _, (_, pairs) = _loaded(files[search_phrases.pair_file("th")])
    assert pairs["the summit"] == [0, 1]  # both stories, as deltas
    assert "in summit" not in str(files)
    assert files[search_format.path("pairMeta")] == b'archiveSearch.pairMeta({"common":[],"split":[]});\n'


def test_a_large_file_of_pairs_is_split_by_the_second_words_first_letter(monkeypatch):
    from generator.pages import search_phrases

    monkeypatch.setattr(search_phrases, "SPLIT_BYTES", 10)
    files = search_phrases.phrase_files(ARCHIVE)
    _, (key, pairs) = _loaded(files[search_phrases.pair_file("su w")])
    assert (key, pairs) == ("su w", {"summit was": [1]})
    assert (
        b'"split":["ex","gr","in","le","no","on","re","su","ta","th"]'
        in files[search_format.path("pairMeta")]
    )


def test_in_a_large_archive_pairs_of_common_words_are_left_out(monkeypatch):
    from generator.pages import search_phrases

    monkeypatch.setattr(search_phrases, "COMMON_FROM", 2)
    files = search_phrases.phrase_files(ARCHIVE)
    assert '"the summit"' not in str(files)  # "the" and "summit" are in both stories
    assert '"summit was"' in str(files)  # "was" is not
    # The search asks for the words alone in a phrase of these: it cannot look their pairs up.
    assert (
        files[search_format.path("pairMeta")]
        == b'archiveSearch.pairMeta({"common":["summit","the"],"split":[]});\n'
    )
