"""A page's context reduced to a stable digest: the key under which its built page is reused.

Python's hash() changes from one process to the next; this does not. Values are walked by
their fields (dataclasses), items (tuples, lists, dicts) or text, and a value met on many pages
(a story's card) is digested once per process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

from generator.pages.contexts import Card

_DONE: dict[int, tuple[Any, bytes]] = {}  # id(card) -> (card, digest): kept alive with its digest


def fingerprint(value: object) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    _feed(hasher, value)
    return hasher.hexdigest()


def _feed(hasher: Any, value: object) -> None:
    if isinstance(value, str):
        data = value.encode("utf-8")
        hasher.update(b"s%d:" % len(data))
        hasher.update(data)
    elif isinstance(value, bool) or value is None:
        hasher.update(b"b" + repr(value).encode())
    elif isinstance(value, (int, float)):
        hasher.update(b"n" + repr(value).encode() + b";")
    elif isinstance(value, Card):
        hasher.update(_card_digest(value))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        hasher.update(b"d" + type(value).__name__.encode() + b"(")
        for item in dataclasses.fields(value):
            _feed(hasher, getattr(value, item.name))
        hasher.update(b")")
    elif isinstance(value, (tuple, list)):
        hasher.update(b"[%d:" % len(value))
        for item in value:
            _feed(hasher, item)
        hasher.update(b"]")
    elif isinstance(value, dict):
        hasher.update(b"{%d:" % len(value))
        for key in sorted(value):
            _feed(hasher, key)
            _feed(hasher, value[key])
        hasher.update(b"}")
    elif isinstance(value, (dt.date, dt.datetime)):
        hasher.update(b"t" + value.isoformat().encode())
    else:
        raise TypeError(f"a page context holds a {type(value).__name__}, which has no fingerprint")


def _card_digest(card: Card) -> bytes:
    done = _DONE.get(id(card))
    if done is not None and done[0] is card:
        return done[1]
    inner = hashlib.blake2b(digest_size=16)
    inner.update(b"d" + b"Card(")
    for item in dataclasses.fields(card):
        _feed(inner, getattr(card, item.name))
    digest = inner.digest()
    if len(_DONE) > 500_000:
        _DONE.clear()
    _DONE[id(card)] = (card, digest)
    return digest
