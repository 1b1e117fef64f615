"""Diagnostics: one problem in one place, formatted like a compiler's."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from generator.text import printable

# Exit codes of every command: defined here once.
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def invocation() -> str:
    """The command as it can be typed again where it was run: `.venv/bin/python -m generator` from the
    project's folder, the interpreter's own name elsewhere. Usage lines, errors and hints name it so."""
    python = os.path.relpath(sys.executable) if sys.executable else "python"
    if python.startswith(".."):  # not inside this folder: the name the interpreter goes by
        python = os.path.basename(sys.executable) or "python"
    return f"{python} -m generator"


ERROR = "error"
WARNING = "warning"
INFO = "info"
_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    code: str
    message: str
    hint: str = ""  # lines to show under the message: a fix ready to paste

    def format(self) -> str:
        # Paths and messages quote content: escape what a terminal would obey.
        where = f"{printable(self.path)}:{self.line}:{self.col}"
        line = f"{where}: {self.severity}[{self.code}]: {printable(self.message)}"
        return f"{line}\n{self.hint_text()}" if self.hint else line

    def hint_text(self) -> str:
        return "\n".join("    " + printable(line) for line in self.hint.split("\n"))

    def format_github(self) -> str:
        # GitHub workflow commands: data must escape %, CR and LF; properties also , and :
        level = {ERROR: "error", WARNING: "warning", INFO: "notice"}[self.severity]
        text = f"[{self.code}] {self.message}"
        message = _gh_escape(printable(text) + ("\n" + self.hint_text() if self.hint else ""))
        path = _gh_escape(printable(self.path), prop=True)
        return f"::{level} file={path},line={self.line},col={self.col}::{message}"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def error(path: str, line: int, col: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, col, ERROR, code, message, hint)


def warning(path: str, line: int, col: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, col, WARNING, code, message, hint)


def info(path: str, line: int, col: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, col, INFO, code, message, hint)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(
        set(diagnostics), key=lambda d: (d.path, d.line, d.col, _RANK[d.severity], d.code, d.message)
    )


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == ERROR for d in diagnostics)


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(d.format() + "\n" for d in diagnostics)


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(d.format_github() + "\n" for d in diagnostics)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    counts = {ERROR: 0, WARNING: 0, INFO: 0}
    for d in diagnostics:
        counts[d.severity] += 1
    parts = [f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in counts.items() if n and kind != INFO]
    text = ", ".join(parts) if parts else "no problems"
    notes = counts[INFO]
    return f"{text}; {notes} note{'' if notes == 1 else 's'}" if notes else text


# The package's exceptions. Bad content never raises: it is a Diagnostic. These are for what
# stops a command all the same, each turned into a message (never a traceback) by the caller.


class BuildFailed(Exception):
    """`generator build` did not produce a site; the previous one is unchanged."""


class ForkFailed(RuntimeError):
    """The second process raised, or died before it could report."""


class TooLarge(OSError):
    """A file over the size the archive reads."""


class StoryFailed(Exception):
    """Generating the site failed on one story: a located error, never a traceback."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic
