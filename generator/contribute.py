"""Commands for contributors: `new` writes a story skeleton, `import` converts a raw article."""

from __future__ import annotations


def add_commands(sub) -> None:
    """Registered by cli; filled in by the contributor tools."""
