"""The header's light/dark toggle as one shared script: Material's options from mkdocs.yml, as data."""

from __future__ import annotations

import json

from generator.publish import palette


def test_each_option_is_written_as_materials_header_writes_it():
    assert palette.options(
        [
            {
                "media": "(prefers-color-scheme: light)",
                "primary": "deep purple",
                "toggle": {"icon": "material/weather-night", "name": "Dark"},
            },
            {"scheme": "slate", "accent": "light blue"},
            None,
        ]
    ) == [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "deep-purple",
            "accent": "indigo",
            "toggle": {"name": "Dark", "icon": "material-weather-night"},
        },
        {"media": "", "scheme": "slate", "primary": "indigo", "accent": "light-blue"},
        {"media": "", "scheme": "default", "primary": "indigo", "accent": "indigo"},
    ]
    assert palette.options({"scheme": "slate"}) == []  # one palette: Material shows no toggle


def test_the_script_holds_the_options_as_data_and_nothing_else():
    hostile = '"];alert(1);//</script><script>alert(2)</script>\u2028'
    script = palette.script([{"toggle": {"name": hostile, "icon": "x"}}])
    prefix, suffix = "window.__archive_palette = ", ";\n"
    assert script.startswith(prefix) and script.endswith(suffix)
    data = script[len(prefix) : -len(suffix)]
    assert json.loads(data)[0]["toggle"]["name"] == hostile
    assert data.isascii() and "\u2028" not in data
