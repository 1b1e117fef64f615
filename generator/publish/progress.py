"""Progress of a long build on a terminal: stage, count, rate. Silent in CI and when piped."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def wanted(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    return stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class Progress:
    """One status line, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.stage = ""
        self.total = 0
        self.count = 0
        self._started = 0.0
        self._drawn = 0.0

    def start(self, stage: str, total: int = 0) -> None:
        self.finish()
        self.stage, self.total, self.count = stage, total, 0
        self._started = time.monotonic()
        self._draw(force=True)

    def step(self, n: int = 1) -> None:
        self.count += n
        self._draw()

    def finish(self) -> None:
        if self.enabled and self.stage:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()
        self.stage = ""

    def line(self) -> str:
        elapsed = max(time.monotonic() - self._started, 1e-9)
        if not self.total:
            return f"{self.stage}…"
        rate = self.count / elapsed
        return f"{self.stage}: {self.count}/{self.total} ({rate:,.0f}/s)"

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._drawn < 0.1:
            return
        self._drawn = now
        self.stream.write("\r\x1b[2K" + self.line())
        self.stream.flush()
