"""A versioned JSON record in the cache folder: the base of the check record and the page record.

Loading is tolerant (a missing, damaged or older record is no record: the work is done again),
writing is atomic (a reader never sees half a record) and never fails the command, and keys
are hashes of length-prefixed parts (no two different lists of parts hash alike by accident).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar


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


def load_record(path: Path, version: int | str) -> Loaded:
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


def save_record(path: Path, version: int | str, data: dict[str, Any]) -> bool:
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


# Records of the model's frozen dataclasses, made from their fields by name: a field added to a
# dataclass is recorded and read back with no other change. Dates are ISO text, tuples lists.
D = TypeVar("D")


_PLAIN = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}


def to_record(value: Any, skip: frozenset[str] = frozenset()) -> Any:
    # Called for every value of every story at each check: plain values first, and each
    # dataclass's field names looked up once (a tenth of `check` went to is_dataclass and fields).
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple or kind is list:
        return [to_record(item) for item in value]
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(kind):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    if names is not None:
        return {name: to_record(getattr(value, name)) for name in names if name not in skip}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [to_record(item) for item in value]
    return value


def from_record(kind: type[D], data: dict[str, Any], **given: Any) -> D:
    """A `kind` from its record; `given` fields (left out of the record) are passed as they are.
    Raises ValueError (or TypeError, KeyError) for a record that does not fit: it is then ignored."""
    hints = _hints(kind)
    values = {name: _value(hints[name], item) for name, item in data.items()}
    return kind(**values, **given)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(kind: type) -> dict[str, Any]:
    if kind not in _HINTS:
        _HINTS[kind] = typing.get_type_hints(kind)
    return _HINTS[kind]


def _value(hint: Any, item: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if item is None:
            return None
        [inner] = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _value(inner, item)
    if origin is tuple:
        inner = typing.get_args(hint)[0]
        return tuple(_value(inner, element) for element in item)
    if hint is dt.date:
        return dt.date.fromisoformat(item)
    if dataclasses.is_dataclass(hint):
        return from_record(hint, item)  # type: ignore[arg-type]
    if hint in (str, int, bool, float) and not isinstance(item, hint):
        raise ValueError(f"{item!r} is not a {hint.__name__}")
    return item
