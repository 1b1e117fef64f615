"""The site's stylesheets as one file: one request and one tag a page instead of four.

Every page linked Material's two stylesheets, the header's icons (publish/icons.py) and each of
mkdocs.yml's `extra_css`: four tags, 250 bytes a page. The build joins them, in the order the
page named them, so the cascade is the one it was, into SHEET, and names that one file alone as
the only `extra_css` (the theme's `styles` block leaves Material's out when it is there). Only
plain local sheets join; another site's stays a tag of its own, after. Material's sheets hold no
address but data: ones, so moving them to another folder changes nothing they draw. Built without
the archive's plugin (the export, for MkDocs or Zensical), a page links each as it always did.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

SHEET = "assets/archive/site.css"
# The sheets Material's base template links, by their fingerprinted names (palette: only with a palette).
_MATERIAL = re.compile(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css")


def material_sheets(folders: Sequence[Path], palette: bool) -> list[str] | None:
    """The stylesheets Material's pages link, in their order; None where its template names
    other ones than this module knows (then nothing is joined)."""
    for folder in folders:
        base = folder / "base.html"
        if base.is_file():
            found = {m.group(1): m.group(0) for m in _MATERIAL.finditer(base.read_text(encoding="utf-8"))}
            if set(found) != {"main", "palette"}:
                return None
            return [found["main"], found["palette"]] if palette else [found["main"]]
    return None


def plain(sheets: Sequence[Any]) -> list[str]:
    """The entries of extra_css that can share the one file: local sheets."""
    paths = [str(sheet) for sheet in sheets]
    return [p for p in paths if p.endswith(".css") and "://" not in p and not p.startswith(("/", "//"))]


def joined(paths: Sequence[str], folders: Sequence[Path], made: Mapping[str, str]) -> str | None:
    """The sheets one after another, each made by the build (`made`) or from the first folder that
    has it; None if one is missing (then nothing is joined, and MkDocs says what is missing)."""
    parts = []
    for path in paths:
        if path in made:
            text = made[path]
        else:
            found = next((folder / path for folder in folders if (folder / path).is_file()), None)
            if found is None:
                return None
            text = found.read_text(encoding="utf-8")
        # Material's main sheet opens with @charset, which counts only as a file's first bytes: the
        # joined sheet is UTF-8 like the pages, whose encoding a sheet without @charset is read in.
        # A source map comment names a file beside the original, which the joined sheet is not.
        text = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", text.removeprefix('@charset "UTF-8";'))
        parts.append(f"/* {path} */\n{text.strip()}\n")
    return "".join(parts)


def with_sheet(sheets: Sequence[Any], paths: Sequence[str]) -> list[Any]:
    """extra_css with the joined sheet first, where Material's were, and what did not join after."""
    joined_paths = set(paths)
    return [SHEET, *(sheet for sheet in sheets if str(sheet) not in joined_paths)]
