"""Work on the second core: run a function in a forked child and take back its pickled result.

A forked child sees the parent's memory as it was at the fork, so the inputs (content
already loaded, registries, the MkDocs configuration) need no copying; only the result
crosses the pipe. Forking is safe only in a process without threads, so callers decide:
`generator check` and `generator build` run single-threaded, `mkdocs serve` does not.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import traceback


class ForkFailed(RuntimeError):
    """The child raised, or died before it could report."""


def available() -> bool:
    """A second core, and no other thread whose locks the child could inherit mid-use."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class Forked:
    """A function running in a child process; `result()` waits for it."""

    def __init__(self, pid: int, read_fd: int):
        self.pid, self.read_fd = pid, read_fd

    @classmethod
    def start(cls, function, *args) -> Forked:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, report, and leave without running the parent's cleanup
            code = 0
            try:
                os.close(read_fd)
                try:
                    outcome = (True, function(*args))
                except Exception:  # noqa: BLE001 - the parent re-raises it with the child's traceback
                    outcome = (False, traceback.format_exc(limit=6))
                data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_fd, "wb") as pipe:
                    pipe.write(data)
            except BaseException:  # noqa: BLE001 - anything at all must end in os._exit
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        return cls(pid, read_fd)

    def result(self):
        # Read before waiting: a child whose result fills the pipe blocks until it is read.
        with os.fdopen(self.read_fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if not data or os.waitstatus_to_exitcode(status) != 0:
            raise ForkFailed("the second process stopped without a report")
        succeeded, value = pickle.loads(data)
        if not succeeded:
            raise ForkFailed(value)
        return value

    def stop(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
            os.close(self.read_fd)


def map_halves(function, items: list, forked: bool) -> list:
    """function(items) computed as two halves, the second in a child when `forked`; same result either way."""
    if not forked or len(items) < 2:
        return function(items)
    middle = len(items) // 2
    child = Forked.start(function, items[middle:])
    try:
        first = function(items[:middle])
    except BaseException:
        child.stop()
        raise
    return first + child.result()
