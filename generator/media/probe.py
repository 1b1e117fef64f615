"""Reading the images under content/media/: each is decoded in full once, so that a truncated,
disguised or oversized file is an error at check time, never a broken page or a hung build.

Results are kept by the file's digest (and the limits), so an unchanged image is not decoded again.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import signal
import subprocess
import sys
import warnings
from collections.abc import Iterable
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from generator import forking
from generator.cache.folder import code_digest
from generator.cache.record import load_record, save_record
from generator.content.load import file_digest, read_bytes
from generator.diagnostics import ForkFailed, TooLarge
from generator.media.pixels import MAX_JPEG_SCANS, jpeg_scans, unencodable, upright_pixels
from generator.model import MediaFile
from generator.settings import MediaLimits

MEDIA_DIR = "media"
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
_VERSION = 2


# name -> the file read, or why it cannot be used (a sentence that follows "content/media/x.png ")
Probed = dict[str, "MediaFile | str"]


def probe_image(name: str, data: bytes, limits: MediaLimits) -> MediaFile | str:
    """One image's facts, or the reason it cannot be published.

    The image is decoded in full and put through the build's own steps (upright_pixels), and
    every copy the build makes of it is checked against its encoder's limits. Where a second
    process can be had, decoding runs there and is stopped after `limits.max_seconds`.
    """
    if len(data) > limits.max_bytes:
        return f"is larger than {limits.max_bytes:,} bytes (max_image_megabytes); scale it down"
    expected = EXTENSIONS[os.path.splitext(name)[1].lower()]
    if expected == "JPEG" and jpeg_scans(data) > MAX_JPEG_SCANS:
        return (
            f"is a progressive JPEG of more than {MAX_JPEG_SCANS} scans, which takes minutes to decode; "
            "save it again from an image editor"
        )
    if not forking.can_fork():  # a process with threads (`mkdocs serve`) decodes in a fresh one
        return _decoded_apart(name, data, limits)
    child = forking.Forked.start(_decoded, name, data, limits)
    try:
        found: MediaFile | str = child.result(timeout=limits.max_seconds)
    except TimeoutError:
        return _too_slow(limits)
    except ForkFailed:
        return _decoded_apart(name, data, limits)
    return found


def _too_slow(limits: MediaLimits) -> str:
    return (
        f"took more than {limits.max_seconds:g} seconds to decode; "
        "save it again at a smaller size or from another editor"
    )


def _decoded_apart(name: str, data: bytes, limits: MediaLimits) -> MediaFile | str:
    """_decoded in a new Python process, stopped after the time limit."""
    order = json.dumps({"name": name, "limits": dataclasses.asdict(limits)}).encode() + b"\n" + data
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator.media.probe"],
            input=order,
            capture_output=True,
            timeout=limits.max_seconds + 5,  # and the time a new process takes to start
        )
    except subprocess.TimeoutExpired:
        return _too_slow(limits)
    if done.returncode != 0:
        return "cannot be read as an image; save it again from an image editor"
    found = json.loads(done.stdout)
    return found if isinstance(found, str) else MediaFile(**found)


def _decoded(name: str, data: bytes, limits: MediaLimits) -> MediaFile | str:
    """The image decoded and made ready to publish, as the build will: its facts, or why not."""
    expected = EXTENSIONS[os.path.splitext(name)[1].lower()]
    with warnings.catch_warnings():
        # Pillow warns past its pixel bound and raises past twice it: both are refusals here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        warnings.simplefilter("ignore", UserWarning)  # damaged EXIF: reported by what fails, if anything
        bound = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = limits.max_pixels
        try:
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size
                if width * height > limits.max_pixels:
                    raise Image.DecompressionBombError("too many pixels")
                if getattr(image, "n_frames", 1) > 1:
                    return "is animated; only still images are published"
                image.load()  # the whole file decoded: a truncated one fails here
                pixels = upright_pixels(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return f"has more than {limits.max_pixels:,} pixels (max_image_megapixels); scale it down"
        except UnidentifiedImageError:
            return f"is not a {expected} image, as its name says; save it as {expected} or rename it"
        except Exception as exc:  # noqa: BLE001 - Pillow reports damage with many types; each is a refusal
            detail = str(exc) or type(exc).__name__
            return f"cannot be read as an image ({detail}); save it again from an image editor"
        finally:
            Image.MAX_IMAGE_PIXELS = bound
    media = MediaFile(name, file_digest(data), pixels.width, pixels.height, pixels.mode == "RGBA")
    return unencodable(media) or media


def probe_media(content_dir: Path, names: Iterable[str], limits: MediaLimits, record: Path | None) -> Probed:
    """Every image listed, read from content/media/; decoded only when its bytes are new to the record.

    A file whose size and modification time are those recorded is not even read: its recorded
    digest stands (as version control trusts its index), so a check does not read every image.
    """
    known: dict[str, object] = {}
    stats: dict[str, object] = {}
    if record is not None:
        recorded = load_record(record, _VERSION).data or {}
        if recorded.get("limits") == _record_key(limits) and isinstance(recorded.get("files"), dict):
            known = recorded["files"]
            stats = recorded["stats"] if isinstance(recorded.get("stats"), dict) else {}
    found: Probed = {}
    seen: dict[str, object] = {}
    seen_stats: dict[str, list[object]] = {}
    for name in names:
        path = content_dir / MEDIA_DIR / name
        try:
            stat = path.stat()
            signature: list[object] = [stat.st_size, stat.st_mtime_ns]
            kept = stats.get(name)
            digest = kept[2] if isinstance(kept, list) and kept[:2] == signature and len(kept) == 3 else None
            result = _recorded(name, str(digest), known.get(str(digest))) if digest else None
            if result is None:
                data = read_bytes(path.parent, path.name, limits.max_bytes)
                digest = file_digest(data)
                result = _recorded(name, digest, known.get(digest)) or probe_image(name, data, limits)
        except TooLarge:
            found[name] = f"is larger than {limits.max_bytes:,} bytes (max_image_megabytes); scale it down"
            continue
        except OSError as exc:
            found[name] = f"cannot be read ({exc.strerror})"
            continue
        found[name] = result
        seen[str(digest)] = (
            [result.width, result.height, result.alpha] if isinstance(result, MediaFile) else result
        )
        seen_stats[name] = [*signature, digest]
    if record is not None and (seen != known or seen_stats != stats):
        save_record(record, _VERSION, {"limits": _record_key(limits), "files": seen, "stats": seen_stats})
    return found


def _record_key(limits: MediaLimits) -> str:
    """What a recorded result depends on besides the file: the limits, and the code that judged it."""
    return f"{limits.key}/{code_digest()}"


def media_key(probed: Probed) -> bytes:
    """What stories' check results depend on in content/media/: names and what was read of each."""
    parts = []
    for name in sorted(probed):
        found = probed[name]
        parts.append(f"{name}\0{found.digest}" if isinstance(found, MediaFile) else f"{name}\0!{found}")
    return "\n".join(parts).encode("utf-8")


def _recorded(name: str, digest: str, kept: object) -> MediaFile | str | None:
    """What the record says of these bytes; None when it says nothing usable."""
    if isinstance(kept, str):
        return kept
    if isinstance(kept, list) and len(kept) == 3 and all(isinstance(v, (int, bool)) for v in kept):
        return MediaFile(name, digest, int(kept[0]), int(kept[1]), bool(kept[2]))
    return None


class _OutOfTime(BaseException):
    pass


def _decode_order() -> int:
    """Run as a module: an image's name and limits (a JSON line) and its bytes on stdin, what the
    check makes of it on stdout."""
    name_line, data = sys.stdin.buffer.read().split(b"\n", 1)
    order = json.loads(name_line)
    limits = MediaLimits(**order["limits"])

    def out_of_time(signum: int, frame: object) -> None:
        raise _OutOfTime  # not an Exception: _decoded counts those as damage

    # Single-threaded: an alarm stops decoding at the limit (Pillow decodes block by block).
    signal.signal(signal.SIGALRM, out_of_time)
    signal.setitimer(signal.ITIMER_REAL, limits.max_seconds)
    try:
        found = _decoded(order["name"], data, limits)
    except _OutOfTime:
        found = _too_slow(limits)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    print(json.dumps(found if isinstance(found, str) else dataclasses.asdict(found)))
    return 0


if __name__ == "__main__":
    sys.exit(_decode_order())
