"""Making an image's variants with Pillow, kept in the cache folder by the image's digest:
an unchanged image is never encoded again. The pixels are prepared by pixels.upright_pixels,
the step the check has already run on the same bytes.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path

from PIL import Image

from generator.diagnostics import StoryFailed, error
from generator.media.pixels import upright_pixels
from generator.media.plan import Variant, every_file
from generator.media.probe import MEDIA_DIR
from generator.model import MediaFile

ENCODER_VERSION = "1"  # part of every cached file's name: a change of settings encodes again
_SETTINGS: dict[str, dict[str, int | bool]] = {
    "WEBP": {"quality": 80, "method": 4},
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
}


def cached_name(media: MediaFile, variant: Variant) -> str:
    return f"{media.digest}.v{ENCODER_VERSION}.{variant.width}.{variant.format.lower()}"


def make_variants(media: Iterable[MediaFile], content_dir: Path, cache_dir: Path) -> dict[str, Path]:
    """Site path -> the file to publish there, for every variant of every image (encoded when missing).

    Raises StoryFailed, naming the image, when one cannot be encoded (changed since the check).
    """
    published: dict[str, Path] = {}
    for item in media:
        wanted = {variant: cache_dir / cached_name(item, variant) for variant in every_file(item)}
        missing = [variant for variant, path in wanted.items() if not path.is_file()]
        if missing:
            try:
                _encode(content_dir / MEDIA_DIR / item.name, missing, wanted)
            except Exception as exc:  # noqa: BLE001 - the image is named, never a traceback
                message = f"the image could not be encoded ({type(exc).__name__}: {exc}); save it again"
                raise StoryFailed(
                    error(f"content/{MEDIA_DIR}/{item.name}", 1, 1, "encode-failed", message)
                ) from exc
        published.update({variant.path: path for variant, path in wanted.items()})
    return published


def _encode(source: Path, missing: list[Variant], wanted: dict[Variant, Path]) -> None:
    with Image.open(source) as opened:
        pixels = upright_pixels(opened)
    for variant in missing:
        resized = pixels.resize((variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        data = encode_variant(resized, variant.format)
        path = wanted[variant]
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)  # a build stopped half-way never leaves half a file


def encode_variant(image: Image.Image, fmt: str) -> bytes:
    """One variant's bytes; JPEG has no transparency, so it is laid on white."""
    if fmt == "JPEG" and image.mode != "RGB":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A") if "A" in image.mode else None)
        image = flat
    out = io.BytesIO()
    image.save(out, fmt, **_SETTINGS[fmt])
    return out.getvalue()
