"""Where results kept between runs live: the user's cache folder, never the repository.

Everything in the repository can come from a pull request. A record planted there could
vouch for a story that was never checked, or for a page that was never sanitised; the
user's cache folder is out of a pull request's reach.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
from pathlib import Path


def cache_folder(project: Path) -> Path:
    """One folder per project, found again from the project's absolute path."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    name = hashlib.blake2b(str(Path(project).resolve()).encode("utf-8"), digest_size=8).hexdigest()
    return Path(base) / "story-archive" / name


def tree_digest(folder: Path) -> str:
    """Every file below a folder, names and bytes."""
    hasher = hashlib.blake2b(digest_size=16)
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                hasher.update(path.relative_to(folder).as_posix().encode() + b"\0")
                hasher.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return hasher.hexdigest()


@functools.lru_cache(maxsize=1)  # asked for by the check record and the build record of one run
def code_digest() -> str:
    """The generator's own files, templates included: results of other code are not reused."""
    return tree_digest(Path(__file__).resolve().parent.parent)  # the whole generator package, not this folder


@functools.lru_cache(maxsize=8)
def package_versions(names: tuple[str, ...]) -> bytes:
    """The installed versions of these libraries: a record made with others is not reused."""

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "absent"

    return " ".join(f"{name}={version(name)}" for name in names).encode()
