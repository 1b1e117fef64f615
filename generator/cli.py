"""Command line: `python -m generator check|build|new|import|export`. Exit 0 ok, 1 problems, 2 usage."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from generator import diagnostics
from generator.diagnostics import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


class _Parser(argparse.ArgumentParser):
    def error(
        self, message: str
    ) -> NoReturn:  # argparse exits 2 on usage errors: keep that, with our wording
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description="Check and publish the story archive.")
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
        type=int,
        choices=(1, 2),
        default=2,
        help="processes that render pages (default: 2, on a machine with more than one core)",
    )
    build.add_argument("-q", "--quiet", action="store_true")
    build.add_argument(
        "--zip", type=Path, metavar="FILE", help="also write the site as one ZIP file, for offline readers"
    )
    build.set_defaults(handler=run_build)

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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except KeyboardInterrupt:
        return 130


def run_check(args: argparse.Namespace) -> int:
    from generator.cache.checks import record_path
    from generator.media.probe import media_limits
    from generator.pipeline import check

    if not args.content.is_dir():
        print(f"python -m generator check: error: no content folder at {args.content}", file=sys.stderr)
        return EXIT_USAGE
    settings = _site_config(args.content)
    checked = check(
        args.content,
        include_drafts=args.drafts,
        forked=True,
        cache=record_path(args.content),
        reuse=not args.no_cache,
        limits=media_limits(_plugin_options(settings)),
    )
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


def run_links(args: argparse.Namespace) -> int:
    from generator.publish.linkcheck import check_links

    if not args.site.is_dir():
        print(f"python -m generator links: error: no built site at {args.site}", file=sys.stderr)
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
        print(f"python -m generator export: error: no {args.config_file}", file=sys.stderr)
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


def _site_config(content: Path) -> dict[str, Any]:
    """The mkdocs.yml beside content/, read as data (MkDocs itself is not needed to check), or {}."""
    import yaml

    config = content.resolve().parent / "mkdocs.yml"

    class _Loader(yaml.SafeLoader):  # mkdocs.yml may use !ENV (read as MkDocs reads it) and other tags
        pass

    def environment(loader: yaml.SafeLoader, node: yaml.Node) -> object:
        """`!ENV NAME` or `!ENV [NAME, ..., default]`: the first variable set, else the default."""
        if isinstance(node, yaml.ScalarNode):
            names = [loader.construct_scalar(node)]
        elif isinstance(node, yaml.SequenceNode):
            names = loader.construct_sequence(node)
        else:
            return None
        *variables, default = names if len(names) > 1 else [*names, None]
        return next((os.environ[str(name)] for name in variables if str(name) in os.environ), default)

    _Loader.add_constructor("!ENV", environment)
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    try:
        settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError):
        return {}
    return settings if isinstance(settings, dict) else {}


def _plugin_options(settings: dict[str, Any]) -> dict[str, Any]:
    """The archive plugin's options in mkdocs.yml (`plugins: [archive: {...}]`), or {}."""
    plugins = settings.get("plugins")
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("archive"), dict):
            return dict(entry["archive"])
    return {}


def _site_url_note(settings: dict[str, Any]) -> tuple[diagnostics.Diagnostic, ...]:
    """A note, once, when the site's mkdocs.yml gives no address: what the site then goes without."""
    if not settings or settings.get("site_url"):
        return ()
    message = (
        "site_url is not set: pages get no canonical link, feeds and structured data use relative links, "
        "and no sitemap is written; set it to the address the site is published at"
    )
    return (diagnostics.info("mkdocs.yml", 1, 1, "no-site-url", message),)


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def run_build(args: argparse.Namespace) -> int:
    from generator.diagnostics import BuildFailed
    from generator.publish.build import build_site

    if not args.config_file.is_file():
        print(f"python -m generator build: error: no {args.config_file}", file=sys.stderr)
        return EXIT_USAGE
    try:
        site_dir = build_site(
            args.config_file,
            args.site_dir,
            strict=args.strict,
            drafts=args.drafts,
            quiet=args.quiet,
            clean=args.clean,
            jobs=args.jobs,
        )
    except BuildFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if not args.quiet:
        print(f"built {site_dir}", file=sys.stderr)
    if args.zip:
        from generator.publish.archive_zip import write_zip

        try:
            count = write_zip(site_dir, args.zip)
        except OSError as exc:
            print(f"error: cannot write {args.zip}: {exc.strerror}", file=sys.stderr)
            return EXIT_PROBLEMS
        if not args.quiet:
            print(f"wrote {args.zip}: {count:,} files; unzip it and open site/index.html", file=sys.stderr)
    return EXIT_OK
