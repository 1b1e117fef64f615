"""Citations, the archive as data, and sources that survive, read back as their users' tools read
them: a citation processor, a BibTeX parser, a reference manager's reading of meta tags, a JSON
Schema validator, a spreadsheet's reading of CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import bibtexparser
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import StoryDate
from generator.pages import citations
from generator.pages.citations import Citation
from tests.helpers import ROOT, make_content, output_lines, run_check, story

CITE_SCRIPT = ROOT / "theme" / "assets" / "archive" / "cite.js"

AUTHORS = "elizabeth-smith:\n  name: Elizabeth Smith\n"
CITED = story(
    title="Kim and Putin {meet} at 100% & more_",
    date="2023-09-12",
    extra="""
    authors: [Elizabeth Smith, Li Wei]
    summary: A summit in the Far East.
    updated: 2023-09-14
    source:
      name: Kremlin
      url: "http://en.kremlin.ru/events/president/news/72259"
      published: 2023-09-12
      archived: "https://web.archive.org/web/20230913101500/http://en.kremlin.ru/events/president/news/72259"
      accessed: 2023-09-13
    """,
)


@pytest.fixture
def generated(tmp_path):
    from tests.helpers import generate_content

    content = make_content(tmp_path, {"2023/summit.md": CITED, "2023/other.md": story(title="=HYPERLINK(1)")})
    (content / "authors.yml").write_text(AUTHORS, encoding="utf-8")
    return generate_content(content, site_url="https://news.example/")


def _fields(tags, summary: str, key: str) -> dict:
    """What the story page's script reads to make the citation's files: the `citation_*` meta tags,
    the summary (the JSON-LD's description) and the key of its "Cite this story" box."""

    def first(name: str) -> str:
        return next((value for tag, value in tags if tag == name), "")

    return {
        "key": key,
        "title": first("citation_title"),
        "authors": [value for tag, value in tags if tag == "citation_author"],
        "date": first("citation_publication_date"),
        "publisher": first("citation_publisher"),
        "language": first("citation_language"),
        "url": first("citation_public_url"),
        "abstract": summary,
    }


def made_by_the_page_script(fields: list[dict]) -> list[list[list[str]]]:
    """Each story's files as its page's script makes them, run in Node: [name, link text, media
    type, contents] a file."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js runs the page's citation script here: install nodejs")
    program = (
        "require(process.argv[1]);"
        "const fields = JSON.parse(require('fs').readFileSync(0, 'utf-8'));"
        "process.stdout.write(JSON.stringify(fields.map(globalThis.archive.cite.files)));"
    )
    run = subprocess.run(
        [node, "-e", program, str(CITE_SCRIPT)],
        input=json.dumps(fields),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def _files(generated) -> dict[str, tuple[str, str]]:
    """The summit's files as its page offers them: file name -> (media type, contents)."""
    page = generated.pages["stories/2023/summit.html"]
    [key] = re.findall(r'<details class="story-cite" data-key="([^"]+)">', page.html)
    summary = json.loads(page.head.jsonld).get("description", "")
    [files] = made_by_the_page_script([_fields(page.head.citation, summary, key)])
    return {name: (media_type, text) for name, _, media_type, text in files}


def _downloaded(generated, name: str) -> str:
    return _files(generated)[name][1]


class _Meta(HTMLParser):
    """The `citation_*` meta tags of a page, read as Zotero's embedded-metadata reader reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or "").startswith("citation_"):
            self.found.append((values["name"], values.get("content") or ""))


def test_bibtex_parses_back_with_every_field(generated):
    text = _downloaded(generated, "summit.bib")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    [entry] = library.entries
    assert entry.entry_type == "online" and entry.key == "archive-2023-summit"
    fields = {field.key: field.value for field in entry.fields}
    assert (
        fields["title"] == r"{Kim and Putin \{meet\} at 100\% \& more\_}"
    )  # specials escaped, braces balanced
    assert fields["author"] == "{Elizabeth Smith} and {Li Wei}"
    assert fields["date"] == "2023-09-12" and fields["year"] == "2023" and fields["month"] == "sep"
    assert fields["url"] == "https://news.example/stories/2023/summit.html"
    assert fields["organization"] == "Story Archive"


def test_ris_is_one_tag_a_line_and_ends_the_record(generated):
    text = _downloaded(generated, "summit.ris")
    lines = text.split("\r\n")
    assert lines[0] == "TY  - ELEC" and lines[-2] == "ER  - " and lines[-1] == ""
    tags = [(line[:2], line[6:]) for line in lines[:-2]]
    assert all(line[2:6] == "  - " for line in lines[:-1])
    assert ("TI", "Kim and Putin {meet} at 100% & more_") in tags
    assert [value for tag, value in tags if tag == "AU"] == ["Elizabeth Smith", "Li Wei"]
    assert ("DA", "2023/09/12") in tags and ("UR", "https://news.example/stories/2023/summit.html") in tags


def test_csl_json_renders_with_a_citation_processor(generated):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(_downloaded(generated, "summit.csl.json"))
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem("archive-2023-summit")]))
    [rendered] = [str(entry) for entry in bibliography.bibliography()]
    assert "Kim and Putin {meet} at 100% & more_" in rendered
    assert "Elizabeth Smith" in rendered and "2023" in rendered
    assert "https://news.example/stories/2023/summit.html" in rendered


def test_the_story_page_offers_the_citation_and_its_files(generated):
    page = generated.pages["stories/2023/summit.html"].html
    assert "<summary>Cite this story</summary>" in page
    assert (
        '<p class="story-cite__text">Elizabeth Smith and Li Wei. “Kim and Putin {meet} at 100% &amp; more_.” '
        "Story Archive, 12 September 2023. Updated 14 September 2023. "
        "https://news.example/stories/2023/summit.html</p>"
    ) in page
    # The files are the page script's, made from what the page says: the box holds their key alone.
    assert '<details class="story-cite" data-key="archive-2023-summit">' in page
    assert {name: media_type for name, (media_type, _) in _files(generated).items()} == {
        "summit.bib": "application/x-bibtex",
        "summit.ris": "application/x-research-info-systems",
        "summit.csl.json": "application/vnd.citationstyles.csl+json",
    }
    summit = next(s for s in generated.site.archive.stories if s.slug == "summit")
    assert _downloaded(generated, "summit.csl.json") == citations.csl_json(
        citations.citation(summit, generated.site.settings)
    )
    # In the page's script, not beside it: no file per story and format.
    assert not [path for path in generated.files if path.endswith((".bib", ".ris", ".csl.json"))]


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["", "{", "}}", "\\", "100% & more_ #1 $x^2~", "Łódź — 東京 “x”", "</script>", "a\u2028b"]
)
_CITATIONS = st.builds(
    Citation,
    key=st.from_regex(r"archive-[0-9]{4}-[a-z0-9-]{1,20}", fullmatch=True),
    title=_TEXT,
    authors=st.lists(_TEXT, max_size=3).map(tuple),
    site=_TEXT,
    issued=st.dates(min_value=dt.date(1000, 1, 1)).map(StoryDate),
    updated=st.none(),
    url=_TEXT,
    path=st.just("stories/2023/x.html"),
    language=st.sampled_from(["en", "ru", "zh-Hans", ""]),
    summary=_TEXT,
)


@settings(max_examples=15, deadline=None)
@given(st.lists(_CITATIONS, min_size=1, max_size=40))
def test_the_page_script_writes_each_file_as_the_specification_does(items):
    made = made_by_the_page_script(
        [_fields(citations.meta_tags(item), item.summary, item.key) for item in items]
    )
    for item, files in zip(items, made, strict=True):
        slug = item.key.split("-", 2)[2]
        assert [(name, text) for name, _, _, text in files] == [
            (slug + ".bib", citations.bibtex(item)),
            (slug + ".ris", citations.ris(item)),
            (slug + ".csl.json", citations.csl_json(item)),
        ]


def test_meta_tags_as_a_reference_manager_reads_them(generated):
    head = generated.pages["stories/2023/summit.html"].head
    page = "".join(f'<meta name="{name}" content="{value}">' for name, value in head.citation)
    reader = _Meta()
    reader.feed(page)
    assert reader.found == [
        ("citation_title", "Kim and Putin {meet} at 100% & more_"),
        ("citation_author", "Elizabeth Smith"),
        ("citation_author", "Li Wei"),
        ("citation_publication_date", "2023/09/12"),
        ("citation_publisher", "Story Archive"),
        ("citation_language", "en"),
        ("citation_online_date", "2023/09/14"),
        ("citation_public_url", "https://news.example/stories/2023/summit.html"),
    ]


def test_every_story_page_of_the_built_site_carries_its_citation_tags(built_site):
    pages = sorted((built_site / "stories").rglob("*.html"))
    assert len(pages) == 6
    for page in pages:
        reader = _Meta()
        reader.feed(page.read_text(encoding="utf-8"))
        names = [name for name, _ in reader.found]
        assert {"citation_title", "citation_publication_date", "citation_publisher"} <= set(names), page
        title = dict(reader.found)["citation_title"]
        assert f"<h1>{title}</h1>" in page.read_text(encoding="utf-8").replace("&#39;", "'"), page


def test_the_source_shows_its_archived_copy_with_robust_links(generated):
    page = generated.pages["stories/2023/summit.html"].html
    original = "http://en.kremlin.ru/events/president/news/72259"
    archived = f"https://web.archive.org/web/20230913101500/{original}"
    assert (
        f'<a href="{original}" rel="external" data-versionurl="{archived}" '
        'data-versiondate="2023-09-13">Kremlin</a>'
    ) in page
    assert (
        f'(<a href="{archived}" rel="external" data-originalurl="{original}" data-versiondate="2023-09-13">'
        "archived copy</a>); accessed 13 September 2023"
    ) in page


def test_bad_archived_and_accessed_values_are_located_errors(tmp_path, capsys):
    extra = """
    source:
      name: Kremlin
      url: "https://kremlin.example/a"
      archived: "ftp://archive.example/a"
      accessed: 2999-01-01
    """
    assert run_check(tmp_path, {"2023/a.md": story(extra=extra)}) == 1
    assert output_lines(capsys) == [
        "content/stories/2023/a.md:9:13: error[bad-url]: "
        "'ftp://archive.example/a' is not an http or https address",
    ]
    extra = extra.replace("ftp://", "https://")
    (tmp_path / "content/stories/2023/a.md").write_text(story(extra=extra), encoding="utf-8")
    from generator.cli import main
    from tests.helpers import working_folder

    with working_folder(tmp_path):
        assert main(["check"]) == 1
    assert output_lines(capsys) == [
        "content/stories/2023/a.md:10:13: error[bad-date]: the source was accessed 2999-01-01, in the future",
    ]


def test_the_data_files_validate_against_their_schemas(built_site):
    for name, count in (("stories", 6), ("people", 7), ("tags", 8), ("authors", 1)):
        document = json.loads((built_site / "data" / f"{name}.json").read_text(encoding="utf-8"))
        schema = json.loads((built_site / "data" / f"{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        assert list(validator.iter_errors(document)) == [], name
        assert document["version"] == 1 and len(document[name]) == count
        # one record a line, compact: the file reads and diffs record by record
        lines = (built_site / "data" / f"{name}.json").read_text(encoding="utf-8").splitlines()
        assert lines[0] == f'{{"version":1,"archive":"Story Archive","{name}":[' and lines[-1] == "]}"
        assert [json.loads(line.removesuffix(",")) for line in lines[1:-1]] == document[name]
    stories = json.loads((built_site / "data" / "stories.json").read_text(encoding="utf-8"))["stories"]
    summit = next(s for s in stories if s["id"] == "putin-kim-summit-vostochny")
    assert summit["source"]["archived"].startswith("https://web.archive.org/web/20230914083000/")
    assert summit["url"] == "stories/2023/putin-kim-summit-vostochny.html"
    people = json.loads((built_site / "data" / "people.json").read_text(encoding="utf-8"))["people"]
    assert {"id": "kim-jong-un", "wikidata": "Q56226", "stories": 6}.items() <= next(
        p for p in people if p["id"] == "kim-jong-un"
    ).items()
    # The data page lists every file and field, and every page's footer links to it.
    data_page = (built_site / "data.html").read_text(encoding="utf-8")
    assert "<a href=data/stories.json>Stories</a> (6 records, JSON)" in data_page
    assert "<dt><code>author_ids</code>" in data_page
    assert "href=./data.html>The archive as data</a>" in (built_site / "index.html").read_text(
        encoding="utf-8"
    )


def test_the_csv_has_a_row_per_story_and_no_cell_a_spreadsheet_would_run(generated):
    rows = list(csv.DictReader(io.StringIO(generated.files["data/stories.csv"].decode("utf-8"))))
    assert len(rows) == 2
    formula = next(row for row in rows if row["id"] == "other")
    assert formula["title"] == "'=HYPERLINK(1)"
    summit = next(row for row in rows if row["id"] == "summit")
    assert summit["authors"] == "Elizabeth Smith; Li Wei" and summit["author_ids"] == "elizabeth-smith; "
    assert summit["source_accessed"] == "2023-09-13" and summit["corrections"] == "0"
