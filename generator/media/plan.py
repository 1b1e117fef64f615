"""Which files an image is published as, and their names: a pure function of what the check read.

Every variant's name carries the image's digest, so a changed image gets new addresses (no
reader's browser shows a stale copy) and a page that shows it changes with it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from generator.model import MediaFile

WIDTHS = (480, 960, 1600)  # phone, tablet or column, wide screen at twice the density
THUMBNAIL_WIDTH = WIDTHS[0]
SHARE_WIDTH = WIDTHS[-1]  # link previews (Open Graph) want a large picture


@dataclass(frozen=True)
class Variant:
    path: str  # in the site: media/route-map.3f2a9c1b0d.960.webp
    width: int
    height: int
    format: str  # Pillow's name: WEBP, JPEG or PNG

    @property
    def mime(self) -> str:
        return "image/" + self.format.lower()


def widths(media: MediaFile) -> tuple[int, ...]:
    """The standard widths below the image's own, then its own (capped): never scaled up."""
    largest = min(media.width, WIDTHS[-1])
    return tuple(w for w in WIDTHS if w < largest) + (largest,)


def fallback_format(media: MediaFile) -> str:
    """For browsers without WebP: JPEG, or PNG where the image has transparency to keep."""
    return "PNG" if media.alpha else "JPEG"


def variants(media: MediaFile) -> tuple[Variant, ...]:
    """WebP at each width, then the fallback format at each width."""
    stem = posixpath.splitext(media.name)[0]
    found = []
    for fmt, extension in (("WEBP", "webp"), (fallback_format(media), fallback_format(media).lower())):
        extension = "jpg" if extension == "jpeg" else extension
        for width in widths(media):
            height = max(1, round(media.height * width / media.width))
            found.append(Variant(f"media/{stem}.{media.digest[:10]}.{width}.{extension}", width, height, fmt))
    return tuple(found)


def original(media: MediaFile) -> Variant:
    """The image at its own name (media/route-map.png), re-encoded like the others: what a story's
    Markdown links to, so that links in the body resolve, and what the site's export shows."""
    largest = widths(media)[-1]
    height = max(1, round(media.height * largest / media.width))
    fmt = {".png": "PNG", ".webp": "WEBP"}.get(posixpath.splitext(media.name)[1], "JPEG")
    return Variant(f"media/{media.name}", largest, height, fmt)


def every_file(media: MediaFile) -> tuple[Variant, ...]:
    return (*variants(media), original(media))


def share_image(media: MediaFile) -> Variant:
    """The largest fallback variant: link previews are not sure to read WebP."""
    return [v for v in variants(media) if v.format != "WEBP"][-1]


def thumbnail(media: MediaFile, webp: bool = True) -> Variant:
    return [v for v in variants(media) if (v.format == "WEBP") == webp][0]
