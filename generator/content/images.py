"""The images a story shows, checked against what the media check read. Nothing here touches the disk.

A lead image names its file under content/media/ (`file: route-map.png`); an image in the body
is written as a path from the story file (`![A map](../../media/route-map.png)`), so that editors
and code hosts preview it. Either way the file must be one of content/media/'s readable images.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

from generator.content.load import MEDIA_DIR, RawStory
from generator.content.schema import PlacedImage
from generator.diagnostics import Diagnostic, error, warning
from generator.markup.sanitize import local_image
from generator.model import LeadImage, MediaFile, StoryLink

# `![alt](src "title")` and `<img ... src="...">`, bounded so that no line can make them slow.
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]\n]{0,1000})\]\(\s*<?([^\s)>]{1,2000})>?")
_HTML_IMAGE = re.compile(r"<img\b[^>\n]{0,2000}?\bsrc\s*=\s*[\"']?([^\"'\s>]{1,2000})", re.IGNORECASE)

Media = Mapping[str, "MediaFile | str"]


def story_images(
    raw: RawStory, placed: PlacedImage | None, media: Media
) -> tuple[LeadImage | None, tuple[str, ...], list[Diagnostic]]:
    """The lead image, the names of every media file the story shows, and the problems found."""
    problems: list[Diagnostic] = []
    names: list[str] = []
    lead = None
    if placed is not None:
        name = placed.image.file.strip()
        problem = _unusable(name, media, f"{MEDIA_DIR}/{name}")
        if problem:
            problems.append(error(raw.path, placed.line, placed.col, *problem))
        else:
            lead = placed.image
            names.append(name)
    for line, col, alt, src in _body_images(raw):
        if not local_image(src):
            problems.append(_not_local(raw.path, line, col, src, markdown=alt is not None))
            continue
        target = posixpath.normpath(posixpath.join(f"stories/{raw.folder}", src.split("#")[0].split("?")[0]))
        if not target.startswith(MEDIA_DIR + "/"):
            # Not shown: the page leaves it out. Written in Markdown, an error; as raw HTML, a warning.
            report = error if alt is not None else warning
            message = (
                f"'{src}' is not in content/media/; put the image there and write "
                f"../../{MEDIA_DIR}/<name> from the story"
            )
            problems.append(report(raw.path, line, col, "image-outside-media", message))
            continue
        name = target[len(MEDIA_DIR) + 1 :]
        problem = _unusable(name, media, src)
        if problem:
            problems.append(error(raw.path, line, col, *problem))
            continue
        if alt is not None and not alt.strip():
            message = "the image needs alt text: write what it shows between the brackets, ![like this](...)"
            problems.append(error(raw.path, line, col, "missing-alt", message))
        if name not in names:
            names.append(name)
    return lead, tuple(names), problems


def _not_local(path: str, line: int, col: int, src: str, markdown: bool) -> Diagnostic:
    """An image that is not a file of the site: the sanitiser removes it, so it is never shown.

    Written in Markdown it is an error (the contributor meant an image); written as raw HTML,
    a warning (the sanitiser's business, as for the rest of raw HTML), which --strict refuses.
    """
    report = error if markdown else warning
    if src.startswith("/") and not src.startswith("//"):
        name = src.lstrip("/").removeprefix(f"{MEDIA_DIR}/")
        message = (
            f"'{src}' starts at the site's root, which is not where the site is published from disk; "
            f"write the path from the story: ../../{MEDIA_DIR}/{name}"
        )
        return report(path, line, col, "image-outside-media", message)
    message = (
        f"'{src[:200]}' is not a file of the site, and the site loads nothing from elsewhere; "
        f"save the image in content/{MEDIA_DIR}/ and write ../../{MEDIA_DIR}/<name>"
    )
    return report(path, line, col, "remote-image", message)


def _unusable(name: str, media: Media, shown: str) -> tuple[str, str] | None:
    found = media.get(name)
    if isinstance(found, MediaFile):
        return None
    if isinstance(found, str):
        return "bad-image", f"content/{MEDIA_DIR}/{name} {found}"
    if ".." in name.split("/") or name.startswith("/"):
        return "image-outside-media", f"'{shown}' leaves content/media/; images are files in content/media/"
    return "missing-image", f"'{shown}': there is no content/{MEDIA_DIR}/{name}; add the image there"


# `[text](target)` and `<a ... href="target">`, bounded like the image patterns above.
_MARKDOWN_LINK = re.compile(r"(?<!!)\[[^\]\n]{0,1000}\]\(\s*<?([^\s)>]{1,2000})>?")
_HTML_LINK = re.compile(r"<a\b[^>\n]{0,2000}?\bhref\s*=\s*[\"']?([^\"'\s>]{1,2000})", re.IGNORECASE)


def story_links(raw: RawStory) -> tuple[StoryLink, ...]:
    """The body's relative links to Markdown files: stories, which must exist when published."""
    if ".md" not in raw.body:
        return ()
    found = []
    for number, text in enumerate(raw.body.split("\n")):
        if ".md" not in text:
            continue
        for pattern in (_MARKDOWN_LINK, _HTML_LINK):
            for match in pattern.finditer(text):
                written = match.group(1)
                path = written.split("#")[0].split("?")[0]
                if not path.endswith(".md") or "://" in path or path.startswith(("/", "mailto:")):
                    continue
                target = posixpath.normpath(posixpath.join(f"stories/{raw.folder}", path))
                found.append(StoryLink(target, raw.body_line + number, match.start() + 1, written))
    return tuple(found)


def _body_images(raw: RawStory) -> list[tuple[int, int, str | None, str]]:
    """(line, column, alt or None for HTML, source) of each image written in the body."""
    found: list[tuple[int, int, str | None, str]] = []
    if "![" not in raw.body and ("<" not in raw.body or "<img" not in raw.body.lower()):
        return found
    for number, text in enumerate(raw.body.split("\n")):
        if "![" not in text and "<img" not in text.lower():
            continue
        for match in _MARKDOWN_IMAGE.finditer(text):
            found.append((raw.body_line + number, match.start() + 1, match.group(1), match.group(2)))
        for match in _HTML_IMAGE.finditer(text):
            found.append((raw.body_line + number, match.start() + 1, None, match.group(1)))
    return found
