"""The theme's page scripts joined into one file, named once by every page."""

from __future__ import annotations

from mkdocs.config.config_options import ExtraScriptValue

from generator.publish import scripts
from tests.helpers import ROOT


def _module(path: str) -> ExtraScriptValue:
    script = ExtraScriptValue(path)
    script.type = "module"
    return script


def test_only_plain_local_scripts_are_joined_and_the_one_file_takes_the_first_ones_place():
    listed = [
        "https://example.org/a.js",
        "assets/one.js",
        _module("assets/module.js"),
        "assets/two.js",
        "//cdn.example/x.js",
        "assets/style.css",
    ]
    paths = scripts.bundled(listed)
    assert paths == ["assets/one.js", "assets/two.js"]
    made = scripts.with_bundle(listed, paths)
    assert [str(script) for script in made] == [
        "https://example.org/a.js",
        scripts.BUNDLE,
        "assets/module.js",
        "//cdn.example/x.js",
        "assets/style.css",
    ]


def test_each_script_is_read_from_the_first_folder_that_has_it_and_ends_its_statement(tmp_path):
    first, second = tmp_path / "custom", tmp_path / "theme"
    for folder, name, text in [
        (first, "a.js", "var a = 1"),
        (second, "a.js", "var a = 2;"),
        (second, "b.js", "(function () { a += 1; })();\n\n"),
    ]:
        (folder / "assets").mkdir(parents=True, exist_ok=True)
        (folder / "assets" / name).write_text(text, encoding="utf-8")
    text = scripts.joined(["assets/a.js", "assets/b.js"], [first, second])
    assert text == "/* assets/a.js */\nvar a = 1\n;\n/* assets/b.js */\n(function () { a += 1; })();\n;\n"
    assert scripts.joined(["assets/a.js", "assets/missing.js"], [first, second]) is None


def test_the_archives_scripts_are_all_joined(built_site):
    page = (built_site / "stories" / "2023" / "putin-kim-summit-vostochny.html").read_text(encoding="utf-8")
    assert page.count("<script src=../../assets/archive/scripts.js></script>") == 1
    assert "assets/search/fold.js" not in page and "assets/archive/cite.js" not in page
    joined = (built_site / scripts.BUNDLE).read_text(encoding="utf-8")
    for path in ("assets/search/fold.js", "assets/search/page.js", "assets/archive/cite.js"):
        assert (ROOT / "theme" / path).read_text(encoding="utf-8").rstrip() in joined
