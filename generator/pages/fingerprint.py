"""A page's context reduced to a stable digest: the key under which its built page is reused.

Python's hash() changes from one process to the next; this does not. A context is made of frozen
dataclasses, tuples, text, numbers and dates only (no sets, no dicts whose order could differ), so
its pickle is the same bytes in every process: digesting that is done in C, at a tenth of the cost
of walking the fields in Python. Without the pickler's memo ("fast" mode: contexts hold no cycles),
an object met twice is written twice, so the bytes never depend on which equal strings happen to be
one object (a check taken from its record shares fewer than a fresh one).
"""

from __future__ import annotations

import hashlib
import io
import pickle


def fingerprint(value: object) -> str:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True  # no memo: the same values, the same bytes
    pickler.dump(value)
    return hashlib.blake2b(out.getvalue(), digest_size=16).hexdigest()
