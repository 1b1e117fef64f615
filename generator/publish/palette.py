"""The header's light/dark toggle, written once as a script instead of in every page.

Material's header carries the toggle's radio buttons and labels in each page: about 900 bytes, a
sixteenth of a story page. The theme's header (theme/partials/header.html) leaves Material's palette
form empty; theme/assets/archive/palette.js fills it from the options made here at build time from
mkdocs.yml's `theme.palette`, before Material's script reads the form (both are in the header's one
script, publish/scripts.py). A reader without
script loses nothing: the toggle works only with Material's script.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def options(palette: Any) -> list[dict[str, object]]:
    """Each option as Material's header writes it: the colour attributes with spaces made dashes, and
    the toggle's label and icon where it has one."""
    if not isinstance(palette, list):
        return []
    made: list[dict[str, object]] = []
    for option in palette:
        option = option or {}
        made_option: dict[str, object] = {
            "media": str(option.get("media") or ""),
            "scheme": str(option.get("scheme") or "default").replace(" ", "-"),
            "primary": str(option.get("primary") or "indigo").replace(" ", "-"),
            "accent": str(option.get("accent") or "indigo").replace(" ", "-"),
        }
        toggle = option.get("toggle") or {}
        if toggle:
            made_option["toggle"] = {
                "name": str(toggle.get("name") or ""),
                "icon": str(toggle.get("icon") or "").replace("/", "-"),
            }
        made.append(made_option)
    return made


def script(palette: Any) -> str:
    # Written as JSON, which the script reads as a value: nothing in it is run.
    data = json.dumps(options(palette), ensure_ascii=True, sort_keys=True)
    return f"window.__archive_palette = {data};\n"


def for_config(config: MkDocsConfig) -> str:
    return script(config.theme.get("palette"))
