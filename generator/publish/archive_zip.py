"""The built site as one ZIP file for offline readers: unzip it, open index.html, search works.

The same site gives the same bytes: entries are sorted, every date is the newest story's (or
the start of 1980, the earliest a ZIP can hold) and permissions are fixed.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

_EARLIEST = (1980, 1, 1, 0, 0, 0)


def write_zip(site: Path, target: Path, folder: str = "site") -> int:
    """Zip every file of `site` under `folder/` into `target` (written whole, then moved in place)."""
    stamp = _stamp()
    files = sorted(
        (path for path in site.rglob("*") if path.is_file()), key=lambda p: p.relative_to(site).as_posix()
    )
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    os.replace(partial, target)
    return len(files)


def _stamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or not epoch.isdigit():
        return _EARLIEST
    when = time.gmtime(int(epoch))[:6]
    return max(when, _EARLIEST)
