"""Small content folders written for one test each."""

from __future__ import annotations

import contextlib
import os
import shutil
import textwrap
from html.parser import HTMLParser
from pathlib import Path

from generator import pipeline
from generator.cli import main
from generator.publish.minify import minified
from generator.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# The archive the tests build: a copy of content/ as it was, kept apart so that adding or
# removing a story in content/ never changes what a test sees.
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "archive" / "content"

PEOPLE = """\
dmitry-peskov:
  name: Dmitry Peskov
  aliases: [Peskov, Дмитрий Песков]
kim-jong-un:
  name: Kim Jong-un
  aliases: [Kim Jong Un]
zoe-durand:
  name: Zoë Durand
"""
TAGS = """\
russia:
  name: Russia
north-korea:
  name: North Korea
  aliases: [DPRK]
"""


def written(markup: str) -> str:
    """Markup as a built page holds it: pages are written minified (quotes dropped where HTML allows,
    attributes in the minifier's order), so a test states the markup it expects and compares it in
    that form."""
    return minified(markup)


def story(
    title="A story", date="2023-09-12", tags="[russia]", people="[dmitry-peskov]", body="Body text.", extra=""
) -> str:
    lines = ["---", f"title: {title}", f"date: {date}", f"tags: {tags}"]
    if people is not None:
        lines.append(f"people: {people}")
    if extra:
        lines.append(textwrap.dedent(extra).strip("\n"))
    lines += ["---", body, ""]
    return "\n".join(lines)


def make_content(root: Path, stories: dict[str, str], people: str = PEOPLE, tags: str = TAGS) -> Path:
    content = root / "content"
    (content / "stories").mkdir(parents=True)
    (content / "people.yml").write_text(people, encoding="utf-8")
    (content / "tags.yml").write_text(tags, encoding="utf-8")
    for relative, text in stories.items():
        path = content / "stories" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return content


@contextlib.contextmanager
def working_folder(folder: Path):
    """Commands run as a contributor runs them: from the project folder, with relative paths."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(before)


def run_check(tmp_path: Path, stories: dict, *args: str, **registries: str) -> int:
    make_content(tmp_path, stories, **registries)
    with working_folder(tmp_path):
        return main(["check", *args])


def output_lines(capsys) -> list[str]:
    """Errors and warnings printed; the unused-entry information lines are tested on their own."""
    return [line for line in capsys.readouterr().out.splitlines() if ": info[" not in line]


def check_content(content: Path, **options) -> pipeline.Checked:
    """content/ checked as `check` does, with the default settings (no mkdocs.yml read)."""
    return pipeline.check(Settings(content_dir=content), pipeline.CheckOptions(**options))


def generate_content(content: Path, **settings) -> pipeline.Generated:
    """Every page and file of content/'s site, made in memory: pages' content HTML by path."""
    chosen = Settings(content_dir=content, **settings)
    checked = pipeline.check(chosen)
    assert checked.ok, [d.format() for d in checked.diagnostics if d.severity == "error"]
    return pipeline.generate(checked, chosen)


def copy_project(tmp_path: Path, content: Path = FIXTURE_CONTENT) -> Path:
    """A scratch project: the repository's mkdocs.yml and theme, with the fixture archive as content/."""
    target = tmp_path / "project"
    target.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", target / "theme")
    shutil.copytree(content, target / "content")
    return target


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


# The only data: addresses a page may hold: a story's citation, saved as a file, never shown.
_CITATION_TYPES = (
    "data:application/x-bibtex;",
    "data:application/x-research-info-systems;",
    "data:application/vnd.citationstyles.csl+json;",
)


def _citation_download(tag: str, attributes: dict) -> bool:
    address = attributes.get("href") or ""
    return tag == "a" and bool(attributes.get("download")) and address.startswith(_CITATION_TYPES)


def unsafe_markup(html: str) -> list[str]:
    """What in an HTML fragment could run script or reach the network (text that only looks so is fine)."""
    parser = _Elements()
    parser.feed(html)
    found = []
    for tag, attributes in parser.found:
        if tag in {
            "script",
            "iframe",
            "object",
            "embed",
            "form",
            "input",
            "base",
            "link",
            "meta",
            "svg",
            "style",
        }:
            found.append(f"<{tag}>")
        found += [f"{tag} {name}" for name in attributes if name.startswith("on") or name == "style"]
        for name in ("href", "src"):
            address = (attributes.get(name) or "").strip().lower()
            if address.startswith(("javascript:", "data:")) and not _citation_download(tag, attributes):
                found.append(f"{tag} {name}={attributes[name]}")
        if tag == "img" and "//" in (attributes.get("src") or ""):
            found.append(f"img src={attributes['src']}")
        if (attributes.get("id") or "").startswith("__") or "mermaid" in (attributes.get("class") or ""):
            found.append(f"{tag} id/class {attributes}")
    return found
