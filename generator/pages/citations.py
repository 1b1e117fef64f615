"""How to cite a story: one Citation per story, written out as a sentence for readers, as the
`citation_*` meta tags reference managers read from a page, and as BibTeX, RIS and CSL-JSON to
download from the story's page.

The page holds the sentence and the meta tags; the reader's browser makes the three files from the
tags, the summary in the page's JSON-LD and the citation's key (theme/assets/archive/cite.js), as
`bibtex`, `ris` and `csl_json` here specify. A file per story and format was three fifths of a large
site's files; the CSL-JSON in the page, as a data: address, a twentieth of a story page.

Every value comes from contributors, so each format escapes what it must: BibTeX's specials (an
unbalanced brace would break the whole file), RIS's line structure, JSON by its encoder.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass

from generator import urls
from generator.model import Story, StoryDate
from generator.settings import Settings
from generator.text import long_date

_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_ESCAPE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIALS))


@dataclass(frozen=True)
class Citation:
    key: str  # archive-2023-putin-kim-summit-vostochny
    title: str
    authors: tuple[str, ...]  # bylines as printed: names are not split into given and family
    site: str  # the archive's name: where the story is published
    issued: StoryDate
    updated: StoryDate | None
    url: str  # the page's address under site_url; "" when the site has none
    path: str  # the page, from the site's root
    language: str
    summary: str


def citation(story: Story, settings: Settings) -> Citation:
    path = urls.story(story)
    return Citation(
        key=f"archive-{story.year}-{story.slug}",
        title=_one_line(story.title),
        authors=tuple(_one_line(name) for name in story.authors),
        site=_one_line(settings.site_name),
        issued=story.date,
        updated=story.updated,
        url=urls.absolute(settings.site_url, path),
        path=path,
        language=settings.language,
        summary=_one_line(story.summary),
    )


def readable(item: Citation) -> str:
    """The citation as a sentence (plain text; the template escapes it): authors, "title", the
    archive, the date, the address."""
    parts = []
    if item.authors:
        parts.append(_names(item.authors) + ".")
    ends = "" if item.title.endswith((".", "?", "!")) else "."
    parts.append(f"\u201c{item.title}{ends}\u201d")
    dated = f"{item.site}, {long_date(item.issued.day)}."
    if item.updated is not None:
        dated += f" Updated {long_date(item.updated.day)}."
    parts.append(dated)
    if item.url:
        parts.append(item.url)
    return " ".join(parts)


def meta_tags(item: Citation) -> tuple[tuple[str, str], ...]:
    """The `citation_*` tags Google Scholar, Zotero and other reference managers read."""
    tags = [("citation_title", item.title)]
    tags += [("citation_author", name) for name in item.authors]
    tags += [
        ("citation_publication_date", item.issued.day.strftime("%Y/%m/%d")),
        ("citation_publisher", item.site),
        ("citation_language", item.language),
    ]
    if item.updated is not None:
        tags.append(("citation_online_date", item.updated.day.strftime("%Y/%m/%d")))
    if item.url:
        tags.append(("citation_public_url", item.url))
    return tuple(tags)


def bibtex(item: Citation) -> str:
    fields = [
        ("title", "{" + _bibtex_text(item.title) + "}"),  # the inner braces keep its capitals
        ("author", " and ".join("{" + _bibtex_text(name) + "}" for name in item.authors)),
        ("organization", _bibtex_text(item.site)),
        ("date", item.issued.day.isoformat()),
        ("year", str(item.issued.day.year)),
        ("month", calendar.month_abbr[item.issued.day.month].lower()),
        ("url", _bibtex_text(item.url)),
        ("langid", _bibtex_text(item.language)),
        ("abstract", _bibtex_text(item.summary)),
    ]
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
        if value
    )
    return f"@online{{{item.key},\n{body}\n}}\n"


def ris(item: Citation) -> str:
    lines = [("TY", "ELEC"), ("TI", item.title)]
    lines += [("AU", name) for name in item.authors]
    lines += [
        ("PY", str(item.issued.day.year)),
        ("DA", item.issued.day.strftime("%Y/%m/%d")),
        ("T2", item.site),
        ("PB", item.site),
        ("LA", item.language),
    ]
    if item.url:
        lines.append(("UR", item.url))
    if item.summary:
        lines.append(("AB", item.summary))
    lines.append(("ID", item.key))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines) + "ER  - \r\n"


def csl(item: Citation) -> dict[str, object]:
    """The story as a CSL-JSON item (the format citation processors and Zotero read)."""
    data: dict[str, object] = {
        "id": item.key,
        "type": "article-newspaper",
        "title": item.title,
        "container-title": item.site,
        "publisher": item.site,
        "issued": {"date-parts": [_date_parts(item.issued)]},
        "language": item.language,
    }
    if item.authors:
        data["author"] = [{"literal": name} for name in item.authors]
    if item.url:
        data["URL"] = item.url
    if item.summary:
        data["abstract"] = item.summary
    return data


def csl_json(item: Citation) -> str:
    """CSL-JSON as citation processors read it: a list of items, here the one."""
    # No indent: json's C encoder writes only unindented JSON, four times faster here; and no spaces,
    # which a page holding it in an address pays for on every story.
    return json.dumps([csl(item)], ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip()


def _names(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _date_parts(date: StoryDate) -> list[int]:
    return [date.day.year, date.day.month, date.day.day]


def _bibtex_text(text: str) -> str:
    return _BIBTEX_ESCAPE.sub(lambda match: _BIBTEX_SPECIALS[match.group()], text)
