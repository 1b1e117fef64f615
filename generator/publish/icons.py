"""The header's icons drawn once, by a stylesheet, instead of in every page.

Material writes each icon's SVG into every page: the header's eight came to a tenth of a story
page. The theme's header (theme/partials/header.html, and the search box its script builds,
theme/assets/search/dialog.js) and its "Back to top" button (theme/partials/top.html) write an
empty <svg> of class `archive-icon--<name>` where the icon goes, so Material's rules for its
icons (size, place, which one shows when) still apply to it; this stylesheet, made at build time
from the theme's own icon files, paints each one as a mask in the text's colour. A data: address,
not a file: a mask from another file is fetched with CORS, which a page opened from disk cannot do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

STYLESHEET = "assets/archive/icons.css"
# The icons the header and the search box name as they are; the logo and the palette's come from mkdocs.yml.
CHROME = ("material/menu", "material/magnify", "material/arrow-left", "material/close")
DEFAULT_LOGO = "material/library"  # Material's, when mkdocs.yml names none
DEFAULT_TOP = "material/arrow-up"  # theme/partials/top.html's, likewise
_NAME = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")


def icon_names(theme: Any) -> list[str]:
    """Every icon the header shows with this theme configuration (mkdocs.yml's `theme:`)."""
    names = []
    if not theme.get("logo"):
        names.append((theme.get("icon") or {}).get("logo") or DEFAULT_LOGO)
    names.extend(CHROME)
    names.append((theme.get("icon") or {}).get("top") or DEFAULT_TOP)  # the "Back to top" button's
    palette = theme.get("palette")
    if isinstance(palette, list):
        toggles = [(option or {}).get("toggle") or {} for option in palette]
        names.extend(toggle["icon"] for toggle in toggles if toggle.get("icon"))
    return list(dict.fromkeys(names))


def icon_folders(config: MkDocsConfig) -> list[Path]:
    """Where the theme's icons are: its own folders' .icons, a custom_dir's first."""
    return [Path(folder) / ".icons" for folder in config.theme.dirs]


def stylesheet(names: Iterable[str], folders: Sequence[Path]) -> str:
    """One rule per icon: its SVG, as a data: address, in a custom property the shared rule masks
    with. A name that is not an icon of the set is left out (the header shows nothing there)."""
    rules = [
        ".archive-icon{background-color:currentcolor;"
        "-webkit-mask:var(--archive-icon) center/contain no-repeat;"
        "mask:var(--archive-icon) center/contain no-repeat}"
    ]
    for name in names:
        svg = _icon_svg(name, folders)
        if svg is not None:
            address = "data:image/svg+xml," + quote(svg, safe=" /:=-.,")
            rules.append(f'.archive-icon--{name.replace("/", "-")}{{--archive-icon:url("{address}")}}')
    return "\n".join(rules) + "\n"


def for_config(config: MkDocsConfig) -> str:
    return stylesheet(icon_names(config.theme), icon_folders(config))


def _icon_svg(name: str, folders: Sequence[Path]) -> str | None:
    if not _NAME.fullmatch(name):  # mkdocs.yml's word, kept to the icon set's names: no path tricks
        return None
    for folder in folders:
        path = folder / f"{name}.svg"
        if path.is_file():
            return re.sub(r"\s+", " ", path.read_text(encoding="utf-8")).strip()
    return None
