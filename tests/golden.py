"""Golden pages: what the generator makes of the fixture archive, kept in tests/golden/ for review.

Each file is one page: what it says about itself (its Head) in a comment, then its content as the
templates render it (the theme's frame around it is MkDocs' and Material's). Regenerate after an
intended change with `make golden` (python -m tests.golden), then read the diff before committing it.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import yaml

from generator.pages.render import RenderedPage
from tests.helpers import FIXTURE_CONTENT, generate_content

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def golden_text(page: RenderedPage) -> str:
    head = yaml.safe_dump(dataclasses.asdict(page.head), allow_unicode=True, sort_keys=False, width=200)
    return f"<!--\n{head}-->\n{page.html}"


def generated_pages() -> dict[str, str]:
    generated = generate_content(FIXTURE_CONTENT)
    return {path: golden_text(page) for path, page in generated.pages.items()}


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
