"""Command line: `python -m generator check|build|merge|links|new|import|export`.
Exit 0 ok, 1 problems, 2 usage."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from generator import diagnostics
from generator.diagnostics import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, invocation
from generator.settings import Settings


class _Parser(argparse.ArgumentParser):
    def error(
        self, message: str
    ) -> NoReturn:  # argparse exits 2 on usage errors: keep that, with our wording
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=invocation(), description="Check and publish the story archive.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="validate content/ and report every problem")
    check.add_argument(
        "--content", type=Path, default=Path("content"), help="the content folder (default: content)"
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    check.add_argument("--drafts", action="store_true", help="check drafts as if published")
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="check every story again, ignoring results kept from the last run",
    )
    check.set_defaults(handler=run_check)

    build = sub.add_parser("build", help="check, generate and build the site with MkDocs")
    build.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    build.add_argument(
        "-d",
        "--site-dir",
        type=Path,
        default=None,
        help="output folder (default: the site_dir of mkdocs.yml)",
    )
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--drafts", action="store_true", help="publish drafts too")
    build.add_argument(
        "--clean",
        action="store_true",
        help="check and render everything again instead of reusing what did not change",
    )
    build.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        help="processes that check, render and write (default: the cores this process may use)",
    )
    build.add_argument("-q", "--quiet", action="store_true")
    build.add_argument(
        "--zip", type=Path, metavar="FILE", help="also write the site as one ZIP file, for offline readers"
    )
    build.add_argument(
        "--zim",
        type=Path,
        metavar="FILE",
        help="also write the site as one ZIM file, for Kiwix (desktop, Android, iOS, kiwix-serve)",
    )
    build.add_argument(
        "--shard",
        type=_shard,
        metavar="K/N",
        help="write only share K of N of the site, for `merge` to join (one share per machine)",
    )
    build.set_defaults(handler=run_build)

    merge = sub.add_parser("merge", help="join the outputs of `build --shard K/N` into one site")
    merge.add_argument("target", type=Path, help="the site to write (replaced only once complete)")
    merge.add_argument("shards", type=Path, nargs="+", help="the shard folders, one for each K of N")
    merge.set_defaults(handler=run_merge)

    links = sub.add_parser("links", help="follow every internal link of a built site, as a browser from disk")
    links.add_argument(
        "site", type=Path, nargs="?", default=Path("site"), help="the built site (default: site)"
    )
    links.add_argument("--site-url", default="", help="the address the site is published at, if it has one")
    links.set_defaults(handler=run_links)

    export = sub.add_parser(
        "export", help="write the archive as a plain docs project, for any MkDocs-compatible builder"
    )
    export.add_argument("target", type=Path, help="a new (or empty) folder")
    export.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    export.set_defaults(handler=run_export)

    from generator.contribute.commands import add_commands

    add_commands(sub)
    return parser


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("at least one process renders the site")
    return jobs


def _shard(value: str) -> Any:
    from generator.publish.shards import Shard

    try:
        return Shard.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except KeyboardInterrupt:
        return 130


def run_check(args: argparse.Namespace) -> int:
    from generator import pipeline
    from generator.forking import usable_cores

    if not args.content.is_dir():
        print(f"{invocation()} check: error: no content folder at {args.content}", file=sys.stderr)
        return EXIT_USAGE
    config_file = args.content.resolve().parent / "mkdocs.yml"
    settings = _settings(config_file, content_dir=args.content) if config_file.is_file() else None
    if isinstance(settings, int):
        return settings
    options = pipeline.CheckOptions(
        drafts=args.drafts, jobs=usable_cores(), reuse=not args.no_cache, record=True
    )
    checked = pipeline.check(settings or Settings(content_dir=args.content), options)
    found = checked.diagnostics + _site_url_note(settings)
    render = {
        "text": diagnostics.format_text,
        "github": diagnostics.format_github,
        "json": diagnostics.format_json,
    }[args.format]
    sys.stdout.write(render(found))
    failed = diagnostics.has_errors(found) or (
        args.strict and any(d.severity == diagnostics.WARNING for d in found)
    )
    if args.format == "text":  # on stderr: stdout holds only the problems, for tools to read
        counts = checked.counts
        drafts = f" ({counts.drafts} draft{'s' * (counts.drafts != 1)})" if counts.drafts else ""
        checked_what = (
            f"checked {_count(counts.stories, 'story', 'stories')}{drafts}, "
            f"{_count(counts.people, 'person', 'people')} and {_count(counts.tags, 'tag', 'tags')}"
        )
        print(f"{checked_what}: {diagnostics.summary(found)}", file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _settings(config_file: Path, **overrides: Any) -> Settings | int:
    """The settings mkdocs.yml gives, or the exit code after saying why it cannot be read."""
    from generator.diagnostics import BuildFailed
    from generator.publish.settings import load_settings

    try:
        return load_settings(config_file, **overrides)
    except BuildFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _site_url_note(settings: Settings | None) -> tuple[diagnostics.Diagnostic, ...]:
    """A note, once, when the site's mkdocs.yml gives no address: what the site then goes without."""
    if settings is None or settings.site_url:
        return ()
    message = (
        "site_url is not set: pages get no canonical link, feeds and structured data use relative links, "
        "and no sitemap is written; set it to the address the site is published at"
    )
    return (diagnostics.info("mkdocs.yml", 1, 1, "no-site-url", message),)


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def run_links(args: argparse.Namespace) -> int:
    from generator.publish.linkcheck import check_links

    if not args.site.is_dir():
        print(f"{invocation()} links: error: no built site at {args.site}", file=sys.stderr)
        return EXIT_USAGE
    report = check_links(args.site, args.site_url)
    for broken in report.broken:
        print(broken.format())
    print(
        f"followed {report.links:,} links on {report.pages:,} pages in {report.seconds:.1f} s: "
        f"{len(report.broken):,} broken",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if report.broken else EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from generator.diagnostics import BuildFailed
    from generator.publish.export import export

    if not args.config_file.is_file():
        print(f"{invocation()} export: error: no {args.config_file}", file=sys.stderr)
        return EXIT_USAGE
    try:
        pages = export(args.config_file, args.target)
    except BuildFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"exported {pages:,} pages to {args.target}: build it with `mkdocs build` or `zensical build` there"
    )
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    from generator.diagnostics import BuildFailed
    from generator.forking import usable_cores
    from generator.publish.build import build_site

    if not args.config_file.is_file():
        print(f"{invocation()} build: error: no {args.config_file}", file=sys.stderr)
        return EXIT_USAGE
    if args.shard and (args.zip or args.zim):
        print(
            f"{invocation()} build: error: --zip and --zim need the whole site: "
            "give them to a build without --shard",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        site_dir = build_site(
            args.config_file,
            args.site_dir,
            strict=args.strict,
            drafts=args.drafts,
            quiet=args.quiet,
            clean=args.clean,
            jobs=args.jobs or usable_cores(),
            shard=args.shard,
        )
    except BuildFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if not args.quiet:
        share = f" (shard {args.shard}: join the shards with `merge`)" if args.shard else ""
        print(f"built {site_dir}{share}", file=sys.stderr)
    if args.zip:
        from generator.publish.archive_zip import write_zip

        try:
            count = write_zip(site_dir, args.zip)
        except OSError as exc:
            print(f"error: cannot write {args.zip}: {exc.strerror}", file=sys.stderr)
            return EXIT_PROBLEMS
        if not args.quiet:
            print(f"wrote {args.zip}: {count:,} files; unzip it and open site/index.html", file=sys.stderr)
    if args.zim:
        return _write_zim(args, site_dir)
    return EXIT_OK


def run_merge(args: argparse.Namespace) -> int:
    from generator.diagnostics import BuildFailed
    from generator.publish.shards import merge

    try:
        files = merge(args.target, args.shards)
    except BuildFailed as exc:
        print(f"error: {exc}; {args.target} is unchanged", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"merged {len(args.shards)} shards into {args.target}: {files:,} files", file=sys.stderr)
    return EXIT_OK


def _write_zim(args: argparse.Namespace, site_dir: Path) -> int:
    from generator.publish.settings import load_settings
    from generator.publish.zim import write_zim

    try:
        report = write_zim(site_dir, args.zim, load_settings(args.config_file))
    except (OSError, RuntimeError) as exc:  # libzim reports its own failures as RuntimeError
        print(f"error: cannot write {args.zim}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if not args.quiet:
        print(
            f"wrote {args.zim}: {report.entries:,} files, {report.articles:,} pages, "
            f"{report.bytes / 1e6:.1f} MB; open it with Kiwix",
            file=sys.stderr,
        )
    return EXIT_OK
