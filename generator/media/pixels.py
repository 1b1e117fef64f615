"""What the build does to an image's pixels, in one place: the check runs the same steps on every
new image, so that an image the build could not publish is refused by `check`, not by the build.

Nothing of the original file but its pixels is published: no EXIF (camera, GPS position, date),
no XMP, no comments. The orientation the camera recorded is applied to the pixels, colours are
converted to sRGB, and the profile is then dropped.
"""

from __future__ import annotations

import io
import struct

from PIL import Image, ImageCms, ImageOps

from generator.media.plan import every_file
from generator.model import MediaFile

# The largest side each encoder writes (libwebp's WEBP_MAX_DIMENSION, libjpeg's JPEG_MAX_DIMENSION).
ENCODER_MAX_SIDE = {"WEBP": 16383, "JPEG": 65500, "PNG": 1 << 24}
# A progressive JPEG is decoded scan by scan over the whole picture: a file of thousands of tiny
# scans is valid and takes minutes. Encoders write about ten; the most careful, a few dozen.
MAX_JPEG_SCANS = 100


def upright_pixels(image: Image.Image) -> Image.Image:
    """The pixels as shown, in sRGB, as a new image: none of the file's metadata comes along.

    Any exception here (Pillow raises TypeError, struct.error and others on damaged EXIF) means
    the image cannot be published; the check reports it, the build never meets it.
    """
    upright = ImageOps.exif_transpose(image)
    alpha = has_alpha(upright)
    mode = "RGBA" if alpha else "RGB"
    profile = upright.info.get("icc_profile")
    converted = upright.convert(mode)
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = (
                ImageCms.profileToProfile(converted, source, ImageCms.createProfile("sRGB"), outputMode=mode)
                or converted
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a damaged profile: the pixels as they are
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def unencodable(media: MediaFile) -> str:
    """Why some variant the build makes of this image could not be encoded, or ""."""
    for variant in every_file(media):
        limit = ENCODER_MAX_SIDE[variant.format]
        if max(variant.width, variant.height) > limit:
            return (
                f"is {media.width:,} × {media.height:,} pixels: its {variant.width:,}-pixel-wide copy "
                f"would be {variant.height:,} pixels tall, over the {limit:,} pixels {variant.format} allows"
                "; crop it or make it less tall"
            )
    return ""


def jpeg_scans(data: bytes) -> int:
    """How many scans (SOS segments) a JPEG file holds, read from its markers without decoding.

    Stops counting past MAX_JPEG_SCANS + 1; a file whose markers cannot be followed counts what was
    found (the decoder then reports the damage).
    """
    count, at, size = 0, 2, len(data)
    try:
        while at + 4 <= size and count <= MAX_JPEG_SCANS:
            if data[at] != 0xFF:
                return count
            marker = data[at + 1]
            if marker == 0xFF:  # fill bytes before a marker
                at += 1
                continue
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                at += 2
                continue
            if marker == 0xD9:  # end of image
                return count
            (length,) = struct.unpack_from(">H", data, at + 2)
            at += 2 + length
            if marker == 0xDA:  # the scan's entropy-coded data runs to the next real marker
                count += 1
                at = _next_marker(data, at)
    except struct.error:
        return count
    return count


def _next_marker(data: bytes, at: int) -> int:
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return len(data)
        following = data[at + 1]
        if following != 0 and not 0xD0 <= following <= 0xD7 and following != 0xFF:
            return at
        at += 1
