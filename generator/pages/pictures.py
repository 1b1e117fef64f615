"""Images of content/media/ on pages, as responsive `<picture>` elements of their variants.

One shape for every image: a story's lead, a picture in its body and a thumbnail in a listing
differ only in the sizes they are shown at and whether they load at once or when scrolled to.
The generator draws leads and thumbnails itself (picture_html); a body's `<img>` becomes one
once the body is rendered and sanitised (expand_images).
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass

import jinja2

from generator.media.plan import Variant, variants
from generator.model import MediaFile
from generator.pages.contexts import Html

TEMPLATE = "picture.html.j2"


@dataclass(frozen=True)
class Role:
    css_class: str
    sizes: str  # how wide the image is shown, for the browser to pick a variant
    lazy: bool  # below the fold: fetched when scrolled near


LEAD = Role("archive-lead", "(min-width: 76.25em) 760px, 100vw", lazy=False)
THUMBNAIL = Role("archive-thumb", "120px", lazy=True)
BODY = Role("", "(min-width: 76.25em) 760px, 100vw", lazy=True)
_ROLES = {LEAD.css_class: LEAD, THUMBNAIL.css_class: THUMBNAIL}


_IMG = re.compile(r"<img\s[^>]*>")
_ATTRIBUTE = re.compile(r'([a-z][a-z0-9-]*)="([^"]*)"')


def expand_images(page_html: str, page_uri: str, media: Mapping[str, MediaFile]) -> str:
    """Each `<img>` of a content/media/ image in sanitised HTML as its `<picture>`; any other `<img>`
    (a path to no image of the archive: check warned of it) is left out, not shown broken."""
    if "<img" not in page_html:
        return page_html
    folder = posixpath.dirname(page_uri)
    root = "../" * page_uri.count("/")

    def expand(match: re.Match[str]) -> str:
        attributes = dict(_ATTRIBUTE.findall(match.group()))
        target = posixpath.normpath(posixpath.join(folder, html.unescape(attributes.get("src", ""))))
        found = media.get(target[len("media/") :]) if target.startswith("media/") else None
        if found is None:
            return ""
        role = _ROLES.get(attributes.get("class", ""), BODY)
        return picture_html(found, html.unescape(attributes.get("alt", "")), role, root)

    return _IMG.sub(expand, page_html)


def picture_html(media: MediaFile, alt: str, role: Role, root: str) -> Html:
    every = variants(media)
    webp = [v for v in every if v.format == "WEBP"]
    fallback = [v for v in every if v.format != "WEBP"]
    shown = fallback[-1]  # its width and height give the shape; the browser picks from srcset
    return Html(
        _template().render(
            root=root,
            role=role,
            alt=alt,
            webp_srcset=_srcset(webp, root),
            fallback_srcset=_srcset(fallback, root),
            fallback=shown,
            fallback_src=root
            + (fallback[0] if role is THUMBNAIL else fallback[min(1, len(fallback) - 1)]).path,
        )
    )


def _srcset(found: list[Variant], root: str) -> str:
    return ", ".join(f"{root}{variant.path} {variant.width}w" for variant in found)


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    from generator.pages.render import TEMPLATES  # one folder of templates for every page part

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return env.get_template(TEMPLATE)
