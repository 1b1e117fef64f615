"""A versioned JSON record in the cache folder: the base of the check record and the page record.

Loading is tolerant (a missing, damaged or older record is no record: the work is done again),
writing is atomic (a reader never sees half a record) and never fails the command, and keys
are hashes of length-prefixed parts (no two different lists of parts hash alike by accident).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def key_digest(*parts: bytes) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()


@dataclass(frozen=True)
class Loaded:
    data: dict[str, Any] | None  # the record, when it is there, readable and of this version
    reason: str = ""  # why there is none: "missing", "damaged" or "another version"


def load_record(path: Path, version: int) -> Loaded:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return Loaded(None, "missing")
    except ValueError:
        return Loaded(None, "damaged")
    if not isinstance(data, dict):
        return Loaded(None, "damaged")
    if data.get("version") != version:
        return Loaded(None, "another version")
    return Loaded(data)


def save_record(path: Path, version: int, data: dict[str, Any]) -> bool:
    """Write atomically; False when the cache folder cannot be written (and no old record is left)."""
    text = json.dumps({"version": version, **data}, ensure_ascii=False, separators=(",", ":"))
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
        return True
    except OSError:
        for leftover in (temporary, path):  # an old record would describe another state of things
            try:
                leftover.unlink()
            except OSError:
                pass
        return False
