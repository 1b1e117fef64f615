"""Image files written to make the build fail or hang: each is valid enough to pass a naive check."""

from __future__ import annotations

import io
import struct

from PIL import Image


def tall_png(width: int = 1000, height: int = 17000) -> bytes:
    """A valid PNG taller than WebP can encode at any of the widths the build makes."""
    out = io.BytesIO()
    Image.new("1", (width, height), 1).save(out, "PNG")
    return out.getvalue()


def damaged_exif_jpeg() -> bytes:
    """A JPEG whose EXIF asks for a quarter turn and holds a resolution written as text: Pillow
    reads it, then fails with a TypeError when it turns the picture and writes the EXIF back."""
    ifd = struct.pack("<2sHI", b"II", 42, 8) + struct.pack("<H", 2)
    ifd += struct.pack("<HHI", 0x0112, 3, 1) + struct.pack("<HH", 6, 0)  # orientation: 6
    ifd += struct.pack("<HHI", 0x011A, 2, 4) + b"abc\0"  # XResolution, as ASCII
    ifd += struct.pack("<I", 0)
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "JPEG", exif=b"Exif\0\0" + ifd)
    return out.getvalue()


def _segments(data: bytes) -> list[tuple[int, int, int]]:
    """(marker, start, end) of each segment of a JPEG, scans with their entropy-coded data."""
    found, at = [], 2
    while at < len(data):
        marker = data[at + 1]
        if marker == 0xD9:
            found.append((marker, at, at + 2))
            break
        (length,) = struct.unpack_from(">H", data, at + 2)
        end = at + 2 + length
        if marker == 0xDA:
            while not (data[end] == 0xFF and data[end + 1] != 0 and not 0xD0 <= data[end + 1] <= 0xD7):
                end += 1
        found.append((marker, at, end))
        at = end
    return found


def many_scans_jpeg(side: int = 1000, scans: int = 150) -> bytes:
    """A valid progressive JPEG whose last scan is repeated: each repeat is a few bytes on disk and
    a pass over every pixel when decoded."""
    out = io.BytesIO()
    Image.new("RGB", (side, side), (120, 30, 200)).save(out, "JPEG", progressive=True, quality=50)
    data = out.getvalue()
    segments = _segments(data)
    last_scan = [segment for segment in segments if segment[0] == 0xDA][-1]
    scan = data[last_scan[1] : last_scan[2]]
    end = segments[-1][1]
    return data[:end] + scan * scans + data[end:]


def slow_jpeg(side: int = 4000) -> bytes:
    """An ordinary large JPEG: a tenth of a second or more to decode."""
    out = io.BytesIO()
    Image.effect_noise((side, side), 64).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()
