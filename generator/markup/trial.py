"""A story body rendered once in `check`, under a time budget: what the build will do, tried first.

Only bodies content/complexity.py finds suspicious are tried. The render runs in a fresh Python
process that is stopped when the budget runs out, so the budget holds in any process (one that
runs threads, as `mkdocs serve` and the test suite do, cannot fork safely).
Run as a module, this file is that process: the body and the settings in on stdin, the outcome out.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from generator.settings import Settings

RENDER_SECONDS = 2.0  # a story may take this long to render, at most
START_SECONDS = 5.0  # what a new Python process may take to start, on a busy machine
_RECURSION = 3  # the exit code of a render that nests too deep


def render_problem(text: str, settings: Settings, seconds: float = RENDER_SECONDS) -> str:
    """Why this body cannot be rendered within `seconds`, or "" when it can."""
    order = {
        "text": text,
        "extensions": list(settings.markdown_extensions),
        "configs": {name: dict(value) for name, value in settings.markdown_configs.items()},
        "seconds": seconds,
    }
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator.markup.trial"],
            input=json.dumps(order),
            capture_output=True,
            text=True,
            timeout=seconds + START_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return _too_slow(seconds)
    if done.returncode == _RECURSION:
        return "it nests lists, quotes or blocks more deeply than Markdown can render"
    if done.returncode != 0:
        return "rendering it failed"
    return _too_slow(seconds) if float(done.stdout or "inf") > seconds else ""


def _too_slow(seconds: float) -> str:
    return f"rendering it takes more than {seconds:g} seconds"


class _OutOfTime(BaseException):  # not caught as a rendering failure
    pass


def _out_of_time(signum: int, frame: object) -> None:
    raise _OutOfTime


def _render_order() -> int:
    from generator.markup.body import BodyRenderer

    order = json.load(sys.stdin)
    settings = Settings(markdown_extensions=tuple(order["extensions"]), markdown_configs=order["configs"])
    renderer = BodyRenderer(settings)
    # This process is single-threaded: an alarm stops the render at the budget (the parent's timeout
    # stays as the backstop, for time spent where Python cannot be interrupted).
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.setitimer(signal.ITIMER_REAL, float(order["seconds"]))
    started = time.perf_counter()
    try:
        renderer.render(order["text"])
    except RecursionError:
        return _RECURSION
    except _OutOfTime:
        print("inf")
        return 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    print(time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(_render_order())
