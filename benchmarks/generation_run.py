"""One generation in a fresh process, as `generator build` runs it: prints its timings as JSON.

Run by build_bench several times over, so that one unlucky moment on a shared machine does
not become the figure. Usage: python -m benchmarks.generation_run CONTENT_DIR
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from generator import pipeline


def main(argv: list[str]) -> int:
    checked = pipeline.check(Path(argv[0]), forked=True)
    generated = pipeline.generate(checked, forked=True)
    print(json.dumps(generated.seconds))
    sys.stdout.flush()
    os._exit(0)  # as the command line does: no teardown of the archive's objects


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
