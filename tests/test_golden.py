"""Generated pages compared with the reviewed copies in tests/golden/ (make golden rewrites them)."""

from __future__ import annotations

from tests.golden import GOLDEN, generated_pages


def test_generated_pages_match_golden_files():
    pages = generated_pages()
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.html")}
    assert sorted(pages) == sorted(on_disk), "pages added or removed: run `make golden` and review"
    for path, text in pages.items():
        assert text == (GOLDEN / path).read_text(encoding="utf-8"), f"{path} differs from its golden copy"


def test_generation_is_deterministic():
    assert generated_pages() == generated_pages()
