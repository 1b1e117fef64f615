"""The built site as one ZIM file, the format Kiwix reads on every platform (desktop, Android, iOS,
kiwix-serve): one file a phone can open, with its own title and full-text indexes.

Every file of the site goes in under its site path; the home page is the main entry. The same site
gives the same entries, metadata and content; what the format stamps by itself differs from run to
run: a random UUID in the header, one in each of the two Xapian indexes (titles and full text), and
the checksum over the whole file (64 bytes in all).
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import mimetypes
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from libzim.writer import Creator, Hint, Item, StringProvider  # type: ignore[import-untyped]

from generator.settings import Settings

# ISO 639-1 (mkdocs.yml's theme.language) to the ISO 639-3 codes ZIM metadata and indexing take.
_LANGUAGES = {
    "ar": "ara", "de": "deu", "en": "eng", "es": "spa", "fr": "fra", "it": "ita", "ja": "jpn", "ko": "kor",
    "nl": "nld", "pl": "pol", "pt": "por", "ru": "rus", "tr": "tur", "uk": "ukr", "zh": "zho",
}  # fmt: skip
_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "application/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
}
_COMPRESSED = ("image/png", "image/jpeg", "image/webp", "application/zip")
_TITLE = re.compile(rb"<title>(.*?)</title>", re.DOTALL)
_REFRESH = re.compile(rb'<meta http-equiv="refresh"', re.IGNORECASE)


@dataclass(frozen=True)
class ZimReport:
    entries: int
    articles: int  # pages readers see in Kiwix's lists and search
    bytes: int


class _SiteItem(Item):
    def __init__(self, path: str, title: str, mimetype: str, content: bytes, front: bool) -> None:
        super().__init__()
        self.path, self.title, self.mimetype, self.content, self.front = path, title, mimetype, content, front

    def get_path(self) -> str:
        return self.path

    def get_title(self) -> str:
        return self.title

    def get_mimetype(self) -> str:
        return self.mimetype

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self.content)

    def get_hints(self) -> dict[Hint, bool]:
        return {Hint.FRONT_ARTICLE: self.front, Hint.COMPRESS: self.mimetype not in _COMPRESSED}


def write_zim(site: Path, target: Path, settings: Settings) -> ZimReport:
    """Every file of `site` into the ZIM `target` (written whole, then moved in place)."""
    files = sorted(
        (path for path in site.rglob("*") if path.is_file()), key=lambda p: p.relative_to(site).as_posix()
    )
    language = _LANGUAGES.get(settings.language.split("-")[0].lower(), "eng")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    articles = 0
    # One worker: with two, the full-text index comes out in another order each run (the file
    # would differ in thousands of bytes, not only in what the format stamps), for half the time.
    creator = Creator(str(partial)).config_verbose(False).config_indexing(True, language).config_nbworkers(1)
    with _libzim_output_silenced(), creator:
        creator.set_mainpath("index.html")
        for key, value in _metadata(site, settings, language).items():
            creator.add_metadata(key, value)
        creator.add_illustration(48, illustration())
        for path in files:
            name = path.relative_to(site).as_posix()
            content = path.read_bytes()
            mimetype = _mimetype(name)
            title, front = name, False
            if mimetype == "text/html" and name != "404.html" and not _REFRESH.search(content):
                title, front = _page_title(content, settings.site_name) or name, True
                articles += 1
            creator.add_item(_SiteItem(name, title, mimetype, content, front))
    os.replace(partial, target)
    return ZimReport(entries=len(files), articles=articles, bytes=target.stat().st_size)


@contextlib.contextmanager
def _libzim_output_silenced() -> Iterator[None]:
    """libzim's writer prints its progress ("Adding checksum...") to standard output from C++,
    whatever its verbosity: the command's own report is the line it prints after."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _metadata(site: Path, settings: Settings, language: str) -> dict[str, str]:
    """What Kiwix's library shows of the file. Its date is the newest story's (from data/), so the
    same archive gives the same metadata whatever the day it is written."""
    stories_file = site / "data" / "stories.json"
    stories = json.loads(stories_file.read_bytes())["stories"] if stories_file.is_file() else []
    date = stories[0]["date"][:10] if stories else "1970-01-01"
    description = settings.site_description or f"The stories of {settings.site_name}, offline."
    name = re.sub(r"[^a-z0-9]+", "-", settings.site_name.lower()).strip("-") or "archive"
    return {
        "Name": f"{name}_{language}_all",
        "Title": settings.site_name[:30],
        "Description": description[:80],
        "LongDescription": description[:4000],
        "Language": language,
        "Creator": settings.site_name,
        "Publisher": settings.site_name,
        "Date": date,
        "Tags": "_category:news;_pictures:yes;_videos:no;_details:yes;_ftindex:yes",
        "Scraper": "story-archive generator",
        **({"Source": settings.site_url} if settings.site_url else {}),
    }


def _mimetype(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in _TYPES:
        return "application/atom+xml" if suffix == ".xml" and name.startswith("feeds/") else _TYPES[suffix]
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _page_title(content: bytes, site_name: str) -> str:
    found = _TITLE.search(content)
    if not found:
        return ""
    title = html.unescape(found.group(1).decode("utf-8", "replace")).strip()
    return title.removesuffix(f" - {site_name}").strip()


def illustration() -> bytes:
    """The archive's 48×48 icon for Kiwix's library: a page of news on the theme's indigo."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (48, 48), (63, 81, 181))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 8, 38, 40), fill=(255, 255, 255))
    draw.rectangle((14, 12, 34, 18), fill=(63, 81, 181))
    for y in (22, 26, 30, 34):
        draw.line((14, y, 34, y), fill=(120, 130, 190), width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
