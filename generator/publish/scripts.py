"""The theme's page scripts as one file: one request and one tag a page instead of eight.

Every page named each of mkdocs.yml's `extra_javascript` in a tag of its own at its end: eight tags,
350 bytes a page. The build joins the plain local ones (no module type, no defer or async, no
address of another site) into one classic script, in their order, and names it alone where the
first of them was. They are classic scripts sharing one global scope already, so run one after
another in one file they do what they did in eight. Built without the archive's plugin (the
export, for MkDocs or Zensical), a page names each as mkdocs.yml lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

BUNDLE = "assets/archive/scripts.js"
# The header's scripts, which must run where the header is: the palette toggle's options (made from
# mkdocs.yml, publish/palette.py), the toggle that reads them, and the search button and box.
HEADER = "assets/archive/header.js"
HEADER_PARTS = ("assets/archive/palette.js", "assets/search/dialog.js")


def bundled(scripts: Sequence[Any]) -> list[str]:
    """The entries of extra_javascript that can share the one file: plain local scripts."""
    paths = []
    for script in scripts:
        path = str(script)
        plain = not (
            getattr(script, "type", "") or getattr(script, "defer", False) or getattr(script, "async_", False)
        )
        if plain and path.endswith(".js") and "://" not in path and not path.startswith(("/", "//")):
            paths.append(path)
    return paths


def joined(paths: Sequence[str], folders: Sequence[Path]) -> str | None:
    """The scripts, each from the first folder that has it, one after another; None if one is
    missing (then nothing is joined, and MkDocs says what is missing as it would)."""
    parts = []
    for path in paths:
        found = next((folder / path for folder in folders if (folder / path).is_file()), None)
        if found is None:
            return None
        text = found.read_text(encoding="utf-8").rstrip()
        # A semicolon after each: a file ending without one must not run into the next one's "(".
        parts.append(f"/* {path} */\n{text}\n;\n")
    return "".join(parts)


def with_bundle(scripts: Sequence[Any], paths: Sequence[str]) -> list[Any]:
    """extra_javascript with the joined scripts named once, where the first of them was."""
    joined_paths = set(paths)
    made: list[Any] = []
    for script in scripts:
        if str(script) not in joined_paths:
            made.append(script)
        elif BUNDLE not in made:
            made.append(BUNDLE)
    return made


def header(palette_options: str, folders: Sequence[Path]) -> str:
    """The header's scripts as one file (HEADER): three tags in the header of every page were 110
    bytes a page. The options come first, as the toggle reads them when it runs."""
    return palette_options + (joined(HEADER_PARTS, folders) or "")
