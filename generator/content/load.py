"""Reading content/ from disk: the only stage besides writing that touches files."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.content.yamlsrc import Located, Node, parse_yaml
from generator.diagnostics import Diagnostic, TooLarge, error

PEOPLE_FILE = "people.yml"
TAGS_FILE = "tags.yml"
AUTHORS_FILE = "authors.yml"  # optional: bylines are plain text without it
STORIES_DIR = "stories"
MEDIA_DIR = "media"  # images stories show; published only as re-encoded variants
MEDIA_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
# A media file's name becomes part of URLs and of generated markup: plain names only.
_MEDIA_NAME = re.compile(r"^(?:[a-z0-9][a-z0-9_-]{0,79}/)?[a-z0-9][a-z0-9_-]{0,79}\.(?:jpg|jpeg|png|webp)$")


@dataclass(frozen=True)
class RawStory:
    """A story file split into its front matter (as YAML nodes) and its body."""

    path: str  # shown in diagnostics, relative to the repository: content/stories/2023/x.md
    folder: str  # the folder under stories/ it sits in (the year it claims)
    stem: str  # file name without .md
    front_matter: Node | None
    body: str
    body_line: int  # file line where the body starts
    digest: str  # hash of the file's bytes, for caching later stages


@dataclass(frozen=True)
class RawRegistry:
    path: str
    root: Node | None
    readable: bool = True  # False when the file could not be read or parsed: its problems say why


def display_path(path: Path, root: Path) -> str:
    """The path as a contributor knows it: relative to the directory above content/."""
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\0" in data:
        # Valid UTF-8, yet no text holds it: YAML refuses it, HTML drops it, and the generator
        # joins many pages with NUL-marked seams, which a NUL in a story could forge.
        at = data.index(b"\0")
        before = data[:at]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, [
            error(path, line, col, "nul-character", "the file contains a NUL character (U+0000); delete it")
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            error(
                path,
                line,
                col,
                "encoding",
                f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            )
        ]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def split_front_matter(text: str, path: str) -> tuple[str, str, int] | Diagnostic:
    """Return (yaml text, body, body's first line) or the reason there is none."""
    if not text.strip():
        return error(
            path,
            1,
            1,
            "empty-file",
            "the file is empty; a story needs front matter between '---' lines and a body",
        )
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return error(
            path,
            1,
            1,
            "missing-front-matter",
            "a story starts with a '---' line, then its YAML front matter, then another '---' line",
        )
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return yaml_text, body, index + 2
    return error(
        path,
        1,
        1,
        "unclosed-front-matter",
        "the front matter opened on line 1 is never closed by a '---' line",
    )


def parse_story(
    data: bytes, relative: str, shown: str, digest: str
) -> tuple[RawStory | None, list[Diagnostic]]:
    """A story file's bytes split and parsed.

    relative: the path under content/ (stories/2023/x.md); shown: the path in diagnostics.
    """
    text, problems = decode(data, shown)
    if text is None:
        return None, problems
    parts = split_front_matter(text, shown)
    if isinstance(parts, Diagnostic):
        return None, [parts]
    yaml_text, body, body_line = parts
    node, problems = parse_yaml(yaml_text, Located(shown, 2))
    if node is None and problems:
        return None, problems
    inside = relative.split("/")[1:]  # below stories/
    folder = inside[0] if len(inside) > 1 else ""
    stem = inside[-1][: -len(".md")]
    return RawStory(shown, folder, stem, node, body, body_line, digest), problems


def read_registry(path: Path, root: Path, optional: bool = False) -> tuple[RawRegistry, list[Diagnostic]]:
    shown = display_path(path, root)
    if optional and not path.exists() and not path.is_symlink():
        return RawRegistry(shown, None), []
    if path.is_symlink() or not path.is_file():
        return RawRegistry(shown, None, readable=False), [
            error(shown, 1, 1, "missing-registry", f"{shown} is missing or not a plain file")
        ]
    try:
        data = read_bytes(path.parent, path.name, MAX_REGISTRY_BYTES)
    except TooLarge as exc:
        return RawRegistry(shown, None, readable=False), [error(shown, 1, 1, "too-large", str(exc))]
    except OSError as exc:
        return RawRegistry(shown, None, readable=False), [
            error(shown, 1, 1, "unreadable", f"cannot read the file: {exc.strerror}")
        ]
    text, problems = decode(data, shown)
    if text is None:
        return RawRegistry(shown, None, readable=False), problems
    node, problems = parse_yaml(text, Located(shown, 1))
    return RawRegistry(shown, node, readable=node is not None or not problems), problems


def walk(root: Path) -> tuple[list[str], list[Diagnostic]]:
    """Every file below root as a relative POSIX path, in name order; links and dot-names are refused,
    not followed.

    Plain strings rather than Path objects: at 10,000 stories Path arithmetic alone cost a second;
    and the kind of each entry as the folder listing gives it, without a call per file.
    """
    found: list[str] = []
    problems: list[Diagnostic] = []
    shown_root = display_path(root, root)

    def visit(folder: str, prefix: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            return
        folders = []
        for entry in entries:
            refused = _refused_entry(entry)
            if refused:
                problems.append(error(f"{shown_root}/{prefix}{entry.name}", 1, 1, refused[0], refused[1]))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(entry)
            else:
                found.append(prefix + entry.name)
        for entry in folders:
            visit(entry.path, f"{prefix}{entry.name}/")

    visit(os.fspath(root), "")  # each folder's files, then its folders': the order os.walk gives
    return found, problems


def _refused_entry(entry: os.DirEntry[str]) -> tuple[str, str] | None:
    if entry.is_symlink():
        return "unsafe-link", "symbolic links are not allowed in content/; copy the file itself here"
    if entry.name.startswith("."):
        return "hidden-file", "hidden files and folders are not allowed in content/; delete it"
    return None


@dataclass(frozen=True)
class Listing:
    """What is under content/, before any story is read."""

    stories: tuple[str, ...]  # relative to content/: stories/2023/x.md
    media: tuple[str, ...]  # relative to content/media/: route-map.png
    diagnostics: tuple[Diagnostic, ...]


# What content/ may hold, and nothing else: everything in it reaches readers, and a file the
# check does not read (a page, a script, an SVG) would be published unchecked.
REGISTRY_FILES = (PEOPLE_FILE, TAGS_FILE, AUTHORS_FILE)
MAX_STORY_BYTES = 2_000_000
MAX_REGISTRY_BYTES = 50_000_000


def is_story_path(relative: str) -> bool:
    """stories/2023/x.md, or a .md file straight in stories/ (reported as misfiled by validation)."""
    parts = relative.split("/")
    return parts[0] == STORIES_DIR and 2 <= len(parts) <= 3 and parts[-1].endswith(".md")


def list_content(root: Path) -> Listing:
    files, problems = walk(root)
    stories, media = [], []
    shown_root = display_path(root, root)
    for relative in files:
        if is_story_path(relative):
            stories.append(relative)
        elif relative.startswith(MEDIA_DIR + "/"):
            name = relative[len(MEDIA_DIR) + 1 :]
            if _MEDIA_NAME.match(name):
                media.append(name)
            else:
                problems.append(error(f"{shown_root}/{relative}", 1, 1, "not-allowed", _bad_media_name(name)))
        elif relative not in REGISTRY_FILES:
            problems.append(error(f"{shown_root}/{relative}", 1, 1, "not-allowed", _not_allowed(relative)))
    return Listing(tuple(stories), tuple(media), tuple(problems))


def _bad_media_name(name: str) -> str:
    if not name.lower().endswith(MEDIA_EXTENSIONS):
        return "media/ holds JPEG, PNG and WebP images (.jpg, .jpeg, .png, .webp) only"
    if name.count("/") > 1:
        return "media/ holds images directly or in one level of folders, as media/<folder>/<name>.png"
    return (
        "an image's name is lowercase letters, digits, '-' and '_', then .jpg, .jpeg, .png or .webp; "
        "rename it"
    )


def _not_allowed(relative: str) -> str:
    if relative.startswith(STORIES_DIR + "/") and relative.endswith((".markdown", ".mdown", ".txt", ".MD")):
        return "a story file ends in .md; rename it"
    if relative.startswith(STORIES_DIR + "/"):
        return "only story files sit under stories/, as stories/<year>/<slug>.md"
    return (
        "content/ holds stories/<year>/<slug>.md, media/ (images), people.yml, tags.yml "
        "and authors.yml only; "
        "pages, scripts and other files are not published from it"
    )


def read_bytes(root: Path, relative: str, limit: int = MAX_STORY_BYTES) -> bytes:
    """A file's bytes, refused past `limit`: read one byte more than allowed rather than trust its size."""
    with open(os.path.join(root, relative), "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"the file is larger than {limit:,} bytes; split it or trim it")
    return data


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
