"""When the cycle collector runs during a build (generator/collector.py)."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest

from generator import collector


def _full_collections_while(build: Callable[[], object]) -> int:
    """How many full collections Python starts while build() runs."""
    counted = []

    def count(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            counted.append(1)

    gc.callbacks.append(count)
    try:
        build()
    finally:
        gc.callbacks.remove(count)
    return len(counted)


def _keep_many() -> list[list[int]]:
    # What rendering keeps (records, reports), one small container at a time.
    return [[n] for n in range(500_000)]


def test_paused_stops_the_collector_and_restores_it():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()  # a caller's own pause is left as it was
    finally:
        gc.enable()


def test_kept_aside_freezes_the_site_and_gives_everything_back():
    before = gc.get_threshold()
    site = [{"story": n} for n in range(1_000)]
    with pytest.raises(RuntimeError):
        with collector.kept_aside():
            assert gc.get_freeze_count() >= len(site)
            assert gc.get_threshold()[:2] == before[:2]  # a page's garbage still goes at once
            raise RuntimeError("a page failed")
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_what_the_writing_keeps_is_not_walked_again_and_again():
    # Frozen with Python's thresholds, a full collection comes each time what was kept since the
    # last one grows by a quarter, over all of it.
    gc.freeze()
    try:
        plain = _full_collections_while(_keep_many)
    finally:
        gc.unfreeze()
    gc.collect()
    with collector.kept_aside():
        aside = _full_collections_while(_keep_many)
    assert plain >= 3
    assert aside == 0
