"""Work on every core: a function run over shares of a list in forked children, their pickled
results taken back.

A forked child sees the parent's memory as it was at the fork, so the inputs (content
already loaded, registries, the MkDocs configuration) need no copying; only the result
crosses the pipe. Forking is safe only in a process without threads, so callers decide:
`generator check` and `generator build` run single-threaded, `mkdocs serve` does not.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import threading
import traceback
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO, TypeVar

from generator.diagnostics import ForkFailed

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    """No other thread whose locks a child could inherit mid-use (and a system that forks)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def available() -> bool:
    """A second core to work on, and a process that can fork."""
    return (os.cpu_count() or 1) > 1 and can_fork()


class Forked:
    """A function running in a child process. `start` sends back its value; `stream` each value
    a generator yields, as soon as it is ready, so the parent can go on with the first while the
    child works on the next. `receive()` takes the next value; `result()` the last, then reaps."""

    def __init__(self, pid: int, pipe: BinaryIO) -> None:
        self.pid, self.pipe = pid, pipe

    @classmethod
    def start(cls, function: Callable[..., Any], *args: Any) -> Forked:
        return cls._spawn(lambda: (function(*args),))

    @classmethod
    def stream(cls, function: Callable[..., Iterable[Any]], *args: Any) -> Forked:
        return cls._spawn(lambda: function(*args))

    @classmethod
    def _spawn(cls, values: Callable[[], Iterable[Any]]) -> Forked:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, report, and leave without running the parent's cleanup
            code = 0
            try:
                os.close(read_fd)
                with os.fdopen(write_fd, "wb") as pipe:
                    try:
                        for value in values():
                            pipe.write(pickle.dumps((True, value), protocol=pickle.HIGHEST_PROTOCOL))
                            pipe.flush()
                    except Exception:  # noqa: BLE001 - the parent re-raises it with the child's traceback
                        pipe.write(pickle.dumps((False, traceback.format_exc(limit=6))))
            except BaseException:  # noqa: BLE001 - anything at all must end in os._exit
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        return cls(pid, os.fdopen(read_fd, "rb"))

    def receive(self, timeout: float | None = None) -> Any:
        """The child's next value. A child that fails or dies makes this raise ForkFailed; one that
        sends nothing within `timeout` seconds is stopped, and this raises TimeoutError."""
        if timeout is not None and not select.select([self.pipe], [], [], timeout)[0]:
            self.stop()
            raise TimeoutError(f"no answer within {timeout:g} seconds")
        try:
            succeeded, value = pickle.load(self.pipe)
        except (EOFError, pickle.UnpicklingError):
            self._reap()
            raise ForkFailed("the second process stopped without a report") from None
        if not succeeded:
            self._reap()
            raise ForkFailed(value)
        return value

    def result(self, timeout: float | None = None) -> Any:
        """The child's next value, to be its last: then the child is waited for."""
        value = self.receive(timeout)
        if self._reap() != 0:
            raise ForkFailed("the second process stopped without a report")
        return value

    def _reap(self) -> int:
        self.pipe.close()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        return os.waitstatus_to_exitcode(status)

    def stop(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
            self.pipe.close()


def usable_cores() -> int:
    """The cores this process may run on (its affinity), not merely the machine's."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def shares(count: int, parts: int) -> list[range]:
    """`count` items cut into `parts` runs as even as can be, in order."""
    parts = max(1, min(parts, count))
    size, extra = divmod(count, parts)
    runs, start = [], 0
    for n in range(parts):
        end = start + size + (n < extra)
        runs.append(range(start, end))
        start = end
    return runs


def map_shares(function: Callable[[list[T]], list[R]], items: list[T], jobs: int) -> list[R]:
    """function(items), computed in `jobs` runs of items, all but the first in child processes;
    the same result, in the same order, whatever `jobs` is."""
    if jobs < 2 or len(items) < 2 or not can_fork():
        return function(items)
    runs = shares(len(items), jobs)
    children = [Forked.start(_pickled_parts, function, items[run.start : run.stop]) for run in runs[1:]]
    try:
        first = function(items[runs[0].start : runs[0].stop])
        rest = [pickle.loads(part) for child in children for part in child.result()]
    except BaseException:
        for child in children:
            child.stop()
        raise
    return first + [item for part in rest for item in part]


# A child's results go back in parts of this many items, each pickled on its own: pickle's memo of
# every object it has seen makes one pickle of 50,000 checked stories three times slower, both ways,
# than 25 pickles of 2,000.
_PART = 2_000


def _pickled_parts(function: Callable[[list[T]], list[R]], items: list[T]) -> list[bytes]:
    """function(items) as pickles of consecutive parts; all made before the first is sent, so the
    child never waits on a parent busy with its own share."""
    return [
        pickle.dumps(function(items[start : start + _PART]), protocol=pickle.HIGHEST_PROTOCOL)
        for start in range(0, len(items), _PART)
    ]
