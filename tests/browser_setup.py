"""Which browser the browser tests and benchmarks drive, decided in one place.

Here, Debian's /usr/bin/chromium (`make test` installs it). On a hosted CI runner, where the
distribution's chromium is a stub that does not run, the Chrome the runner comes with, or the
browser Playwright installs there. ARCHIVE_BROWSER names any other executable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable")
# Headless, no first-run work, and nothing that would reach out to the network by itself.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_options() -> dict[str, Any]:
    """Keyword arguments for Playwright's chromium.launch()."""
    chosen = os.environ.get("ARCHIVE_BROWSER") or next((c for c in CANDIDATES if Path(c).exists()), None)
    options: dict[str, Any] = {"headless": True, "args": ARGS}
    if chosen:
        options["executable_path"] = chosen
    return options  # without one: the browser `playwright install chromium` put in place


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(**launch_options())
