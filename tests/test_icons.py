"""The header's icons as one stylesheet: every icon the theme configuration shows, and nothing else."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from generator.publish import icons


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / ".icons"
    (folder / "material").mkdir(parents=True)
    (folder / "material" / "moon.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">\n  <path d="M1 1h2"/>"\n</svg>\n',
        encoding="utf-8",
    )
    (tmp_path / "secret.svg").write_text("<svg>secret</svg>", encoding="utf-8")
    return folder


def test_the_logo_chrome_and_palette_icons_are_named_once_each():
    theme = {
        "icon": {"logo": "material/moon"},
        "palette": [{"toggle": {"icon": "material/magnify"}}, {"toggle": {"icon": "material/sun"}}, {}],
    }
    assert icons.icon_names(theme) == ["material/moon", *icons.CHROME, "material/arrow-up", "material/sun"]
    top = {"icon": {"top": "material/sun"}, "palette": [{"toggle": {"icon": "material/sun"}}]}
    assert icons.icon_names(top)[-2:] == ["material/close", "material/sun"]
    assert icons.icon_names({"logo": "images/logo.png"})[0] == "material/menu"  # an image logo: no icon


def test_each_icon_is_a_data_address_that_cannot_leave_its_rule(tmp_path):
    css = icons.stylesheet(
        ["material/moon", "material/missing", "../secret", "material/moon}x"], [_folder(tmp_path)]
    )
    lines = css.splitlines()
    assert len(lines) == 2 and lines[0].startswith(".archive-icon{")
    rule = lines[1]
    assert rule.startswith('.archive-icon--material-moon{--archive-icon:url("data:image/svg+xml,')
    address = rule.split('url("', 1)[1].rsplit('")}', 1)[0]
    assert '"' not in address and ")" not in address and "\n" not in address
    assert unquote(address.split(",", 1)[1]) == (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"> <path d="M1 1h2"/>" </svg>'
    )
    assert "secret" not in css
