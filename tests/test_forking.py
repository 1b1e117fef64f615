"""Work in a child process: values come back in order, failures come back as errors."""

from __future__ import annotations

import os

import pytest

from generator.diagnostics import ForkFailed
from generator.forking import Forked


def _two_values(n):
    yield list(range(n))
    yield {"last": n}


def _fails_after_one():
    yield "first"
    raise ValueError("the second value could not be made")


def _dies():
    os._exit(3)
    yield  # a generator, so that it dies while streaming


def test_streamed_values_arrive_in_order_and_the_child_is_reaped():
    child = Forked.stream(_two_values, 100_000)  # larger than a pipe's buffer
    assert child.receive() == list(range(100_000))
    assert child.result() == {"last": 100_000}
    assert child.pid == 0


def test_a_single_value():
    assert Forked.start(sum, [1, 2, 3]).result() == 6


def test_an_error_in_the_child_is_raised_with_its_traceback():
    child = Forked.stream(_fails_after_one)
    assert child.receive() == "first"
    with pytest.raises(ForkFailed, match="ValueError: the second value could not be made"):
        child.receive()
    assert child.pid == 0


def test_a_child_that_dies_is_reported():
    with pytest.raises(ForkFailed, match="stopped without a report"):
        Forked.stream(_dies).receive()


def test_stop_ends_a_child_that_is_still_working():
    child = Forked.stream(_two_values, 10)
    child.stop()
    assert child.pid == 0
