"""When Python's cycle collector runs. A build holds its whole archive in memory, millions of
objects that live until it ends; a collector that walks them again and again costs more the larger
the archive, faster than the archive grows."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# While a frozen site is written, a full collection at most once in this many collections of the
# middle generation, instead of Python's one in ten (see kept_aside).
_RARE_FULL = 1_000


@contextmanager
def paused() -> Iterator[None]:
    """No collection while the model is built: loading and planning allocate millions of small
    objects that stay alive, and each full pass rescans them all (it doubled the time of `check`
    at 10,000 stories)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def kept_aside() -> Iterator[None]:
    """Everything alive now (the planned site) set aside until the block ends: no collection walks
    it, and a forked child that never touches an object's header shares its memory page.

    Freezing leaves the oldest generation nearly empty, and Python starts a full collection each
    time what survived into it has grown by a quarter: while 100,000 stories' pages were rendered
    that was two dozen full collections, each over all that the writing had kept so far. The young
    generations still collect a page's garbage at once."""
    young, middle, old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(young, middle, max(old, _RARE_FULL))
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)
        gc.unfreeze()  # `serve` goes on in this process: the next build's site replaces this one
