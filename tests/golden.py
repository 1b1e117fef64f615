"""Golden Markdown: the generated pages of the fixture archive, kept in tests/golden/.

Regenerate after an intended change with `make golden` (python -m tests.golden),
then read the diff before committing it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import pipeline
from tests.helpers import FIXTURE_CONTENT

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def generated_pages() -> dict[str, str]:
    checked = pipeline.check(FIXTURE_CONTENT)
    assert checked.ok, checked.diagnostics
    return pipeline.generate(checked).pages


def write_golden() -> int:
    pages = generated_pages()  # first: a generator that fails leaves the reviewed copies as they were
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for path, text in pages.items():
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(pages)


if __name__ == "__main__":
    print(f"wrote {write_golden()} golden pages to {GOLDEN.relative_to(ROOT)}")
