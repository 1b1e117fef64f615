"""Building one site on several machines: `generator build --shard K/N` writes a share of the site,
`generator merge OUT DIR…` joins the shares into the site one machine would have built.

Every shard checks and plans the whole archive (the indexes are cheap next to rendering), then
writes only its share of the writer's units (publish/writer.py), chosen by the same balancing as
the processes of one machine. Files every shard writes alike (the theme's assets, the sitemap)
must come out byte-identical. Each shard leaves a manifest naming the build it belongs to and
every file it wrote, so a merge refuses shares of different builds, a missing shard, or a file
lost on the way.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.cache.folder import tree_digest
from generator.cache.record import key_digest
from generator.diagnostics import BuildFailed

MANIFEST = ".archive-shard.json"
_FORMAT = 1


@dataclass(frozen=True)
class Shard:
    """Share `index` of `count` (1-based, as written on the command line)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`K/N`, with 1 <= K <= N; ValueError says what is wrong."""
        index, slash, count = text.partition("/")
        if not slash or not index.strip().isdigit() or not count.strip().isdigit():
            raise ValueError(f"{text!r} is not K/N (this shard's number, then how many there are)")
        shard = cls(int(index), int(count))
        if not 1 <= shard.index <= shard.count:
            raise ValueError(f"shard {shard.index} of {shard.count} does not exist: K runs from 1 to N")
        return shard

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def build_id(site_key: str, content_dir: Path, drafts: bool) -> str:
    """What the shards of one site share: mkdocs.yml, theme, code and libraries (the site key),
    and every byte of content/."""
    return key_digest(site_key.encode(), tree_digest(content_dir).encode(), b"drafts" if drafts else b"")


def write_manifest(site_dir: Path, shard: Shard, build: str) -> None:
    files = {}
    for folder, _, names in os.walk(site_dir):
        for name in names:
            path = os.path.join(folder, name)
            files[Path(path).relative_to(site_dir).as_posix()] = os.path.getsize(path)
    manifest = {"format": _FORMAT, "shard": shard.index, "of": shard.count, "build": build, "files": files}
    (site_dir / MANIFEST).write_text(json.dumps(manifest, sort_keys=True, indent=0), encoding="utf-8")


@dataclass(frozen=True)
class _Share:
    folder: Path
    shard: Shard
    build: str
    files: dict[str, int]


def _read_share(folder: Path) -> _Share:
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        shard = Shard(int(data["shard"]), int(data["of"]))
        files = {str(name): int(size) for name, size in data["files"].items()}
        if data.get("format") != _FORMAT:
            raise ValueError("another format")
        outside = [name for name in files if Path(name).is_absolute() or ".." in Path(name).parts]
        if outside:  # a merge writes inside its own folder only
            raise ValueError(f"it names a file outside the shard: {outside[0]!r}")
        return _Share(folder, shard, str(data["build"]), files)
    except FileNotFoundError:
        raise BuildFailed(f"{folder} is not a shard's output: it has no {MANIFEST}") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BuildFailed(f"{path} cannot be read ({exc}); build that shard again") from None


def _checked(shares: list[_Share]) -> None:
    """One build, every shard of it once, every file each shard listed present at its size."""
    first = shares[0]
    for share in shares[1:]:
        if share.build != first.build or share.shard.count != first.shard.count:
            raise BuildFailed(
                f"{share.folder} (shard {share.shard}) and {first.folder} (shard {first.shard}) "
                "are shares of different builds: build every shard from the same content, "
                "mkdocs.yml and generator"
            )
    numbers = sorted(share.shard.index for share in shares)
    duplicated = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicated:
        raise BuildFailed(f"shard {duplicated[0]}/{first.shard.count} was given twice")
    missing = sorted(set(range(1, first.shard.count + 1)) - set(numbers))
    if missing:
        listed = ", ".join(f"{n}/{first.shard.count}" for n in missing)
        raise BuildFailed(
            f"shard {listed} {'is' if len(missing) == 1 else 'are'} missing: nothing was merged"
        )
    for share in shares:
        for name, size in sorted(share.files.items()):
            try:
                actual = os.path.getsize(share.folder / name)
            except OSError:
                raise BuildFailed(
                    f"{share.folder / name} is listed by shard {share.shard} but is missing"
                ) from None
            if actual != size:
                raise BuildFailed(
                    f"{share.folder / name} is {actual:,} bytes, not the {size:,} shard {share.shard} wrote"
                )


def merge(target: Path, folders: list[Path]) -> int:
    """The shares joined into `target`, swapped in only once complete; returns the files merged."""
    from generator.publish.build import swap  # the same two renames as a one-machine build

    if not folders:
        raise BuildFailed("no shard folders were given")
    shares = sorted((_read_share(folder) for folder in folders), key=lambda share: share.shard.index)
    _checked(shares)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    placed: dict[str, Shard] = {}
    try:
        for share in shares:
            for name in sorted(share.files):
                source, destination = share.folder / name, staging / name
                if name in placed:  # written by every shard alike: it must be the same
                    if not filecmp.cmp(source, destination, shallow=False):
                        raise BuildFailed(
                            f"shards {placed[name]} and {share.shard} wrote different {name}: "
                            "build every shard with the same generator and settings"
                        )
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, destination)
                except OSError:  # another file system: copied
                    shutil.copy2(source, destination)
                placed[name] = share.shard
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap(staging, target)
    return len(placed)
