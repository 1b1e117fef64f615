"""`import`: a story from a web page, a saved page, a feed's items or a raw text, written as a draft
for a contributor to review.

People and tags come from the registries (every name or alias found in the title and body); names
that look like people but are in no registry are listed as candidates, with their mentions and the
registry entry they are closest to, never added. Nothing is written unless the story passes `check`
as it is, and never over an existing file; every refusal is one line and exit 1.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from generator.content.load import STORIES_DIR, decode, display_path, list_content, split_front_matter
from generator.content.mentions import NameMatcher
from generator.content.registries import Registries, paste_ready_entry
from generator.content.yamlsrc import Located, ScalarNode, field_node, parse_yaml
from generator.contribute.feedqueue import FeedItem, read_feed, same_address
from generator.contribute.fetch import ImportProblem, decode_text, fetch, is_web_address
from generator.contribute.rawarticle import Candidate, candidates, find_date, parse_article
from generator.contribute.storyfile import story_text, verify_story, write_new
from generator.contribute.webpage import WebArticle, read_article
from generator.diagnostics import EXIT_OK, EXIT_PROBLEMS, format_text, invocation
from generator.model import StoryDate
from generator.text import did_you_mean, long_date, name_key, slugify

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
MAX_FILE_BYTES = 5_000_000
# The Wayback Machine's availability API; another (a mirror, a test's server) may be named here.
WAYBACK_API = os.environ.get("STORY_ARCHIVE_WAYBACK_API", "https://archive.org/wayback/available")


@dataclass(frozen=True)
class ImportOptions:
    fallback_date: StoryDate | None = None
    extra_tags: tuple[str, ...] = ()
    draft: bool = True
    archive: bool = False  # ask the Wayback Machine for a snapshot of the source


@dataclass(frozen=True)
class Found:
    """What the registries know of an article, and what they may not."""

    people: list[str]
    tags: list[str]
    candidates: list[tuple[Candidate, str | None]]  # a name, and the registry id it may be


class Importer:
    """What every source of one `import` shares: the registries, their matchers, the options."""

    def __init__(self, content: Path, registries: Registries, options: ImportOptions) -> None:
        self.content = content
        self.registries = registries
        self.options = options
        self.people_matcher: NameMatcher = registries.matcher
        self.tag_matcher: NameMatcher = registries.tag_matcher()
        self._imported: dict[str, str] | None = None

    # ---- one source -----------------------------------------------------------------------------

    def run(self, source: str) -> int:
        try:
            if is_web_address(source):
                return self._import_page(source)
            return self._import_file(Path(source))
        except ImportProblem as exc:
            print(f"{source}: error: {exc}; nothing was written", file=sys.stderr)
            return EXIT_PROBLEMS

    def _import_page(self, url: str) -> int:
        self._refuse_imported(url)
        fetched = fetch(url)
        if fetched.media_type in FEED_TYPES:
            raise ImportProblem(f"this is a feed, not a page: list its items with --feed {url}")
        if fetched.media_type not in HTML_TYPES:
            raise ImportProblem(f"not an HTML page ({fetched.media_type or 'no content type'})")
        article = read_article(decode_text(fetched.body, fetched.charset), fetched.url)
        self._refuse_imported(article.url)
        return self._write_web(url, article, accessed=dt.date.today())

    def _import_file(self, path: Path) -> int:
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ImportProblem(f"cannot read: {exc.strerror}") from None
        if len(data) > MAX_FILE_BYTES:
            raise ImportProblem(f"the file is larger than {MAX_FILE_BYTES / 1e6:g} MB")
        if path.suffix.lower() in (".html", ".htm", ".xhtml") or data.lstrip()[:15].lower().startswith(
            (b"<!doctype html", b"<html")
        ):
            article = read_article(decode_text(data, ""), "")
            if article.url:
                self._refuse_imported(article.url)
            return self._write_web(str(path), article, accessed=None)
        return self._import_text(path, data)

    def _import_text(self, file: Path, data: bytes) -> int:
        """The plain-text format copied from a news site (contribute/rawarticle.py)."""
        text, problems = decode(data, str(file))
        if text is None:
            sys.stderr.write(format_text(problems))
            return EXIT_PROBLEMS
        try:
            article = parse_article(text)
        except ValueError as exc:
            raise ImportProblem(str(exc)) from None
        day = self.options.fallback_date.day if self.options.fallback_date else find_date(article.text)
        if day is None:
            day = find_date(article.dateline)
        if day is None:
            raise ImportProblem("the text gives no date with a year; give one with --date YYYY-MM-DD")
        found = self._found(article.title + "\n" + article.text)
        story = story_text(
            article.title,
            day.isoformat(),
            article.authors,
            found.tags,
            found.people,
            article.markdown(),
            draft=self.options.draft,
        )
        return self._write(str(file), article.title, day.year, story, found, summary_drafted=False)

    def _write_web(self, origin: str, article: WebArticle, accessed: dt.date | None) -> int:
        date = article.published or self.options.fallback_date
        if date is None:
            raise ImportProblem("the page gives no date; give one with --date YYYY-MM-DD")
        source = {"name": article.site_name, "url": article.url}
        if article.published:
            source["published"] = article.published.day.isoformat()
        if self.options.archive and article.url:
            snapshot = _wayback_snapshot(article.url)
            if snapshot:
                source["archived"] = snapshot
            else:
                print(f"{origin}: the Wayback Machine has no snapshot of {article.url}", file=sys.stderr)
        if accessed is not None:
            source["accessed"] = accessed.isoformat()
        found = self._found(article.title + "\n" + article.markdown)
        story = story_text(
            article.title,
            date.iso,
            article.authors,
            found.tags,
            found.people,
            article.markdown,
            article.summary,
            draft=self.options.draft,
            updated=article.updated.iso if article.updated else "",
            source={key: value for key, value in source.items() if value},
        )
        return self._write(origin, article.title, date.day.year, story, found, bool(article.summary))

    def _found(self, text: str) -> Found:
        people = self.people_matcher.ids(text)
        tags = list(dict.fromkeys(self.tag_matcher.ids(text) + list(self.options.extra_tags)))
        keys = self.registries.people.keys
        place_words = frozenset(
            word
            for spelling in self.registries.tags.keys
            for word in spelling.split()
            if len(word) > 3  # "North Korea" makes "korea" a place; "of" and "the" stay words
        )

        def known(name: str) -> bool:
            return bool(self.people_matcher.ids(name) or self.tag_matcher.ids(name) or name_key(name) in keys)

        listed = []
        for candidate in candidates(text, known, place_words):
            close = did_you_mean(name_key(candidate.name), keys)
            listed.append((candidate, keys[close] if close else None))
        # A name the registry knows under another spelling ("Moon Jae In" for Moon Jae-in) is theirs.
        for name in _spelled_otherwise(text, keys):
            if keys[name] not in people:
                people.append(keys[name])
        if not tags:
            raise ImportProblem("no tag from content/tags.yml is named in the text; add some with --tags")
        return Found(people, tags, listed)

    def _write(
        self, origin: str, title: str, year: int, story: str, found: Found, summary_drafted: bool
    ) -> int:
        path = self.content / STORIES_DIR / f"{year:04d}" / f"{slugify(title)}.md"
        shown = display_path(path, self.content)
        problems = verify_story(story, path, self.content, self.registries)
        if problems:
            sys.stderr.write(format_text(problems))
            print(f"{origin}: nothing was written", file=sys.stderr)
            return EXIT_PROBLEMS
        if path.exists() or not write_new(path, story):
            print(f"{origin}: error: already imported as {shown}; nothing was written", file=sys.stderr)
            return EXIT_PROBLEMS
        self._imported = None  # the next source of this run may be the same page
        print(path)
        self._report(shown, found, summary_drafted)
        return EXIT_OK

    def _report(self, shown: str, found: Found, summary_drafted: bool) -> None:
        say = lambda line: print(line, file=sys.stderr)  # noqa: E731 - a short alias for many lines
        say(
            f"  wrote {shown}"
            + (" as a draft (draft: true keeps it off the site)" if self.options.draft else "")
        )
        say(f"  people from the registry: {', '.join(found.people) or 'none'}; tags: {', '.join(found.tags)}")
        say("  to review before publishing:")
        if summary_drafted:
            say(
                "  - summary: drafted from the page's own description; write one or two sentences of your own"
            )
        else:
            say("  - summary: none yet; add one or two sentences of your own")
        say(
            "  - the body is the source's text: where the source's licence requires it, replace it with "
            "the archive's own digest, in your own words"
        )
        if found.candidates:
            say("  - names that may be people, in no registry (add those that are; these are guesses):")
            for candidate, close in found.candidates:
                evidence = f"{candidate.mentions} mention{'s' if candidate.mentions != 1 else ''}"
                if candidate.titled:
                    evidence += ", after a title"
                hint = f"; did you mean {close}?" if close else ""
                say(f"      {candidate.name} ({evidence}){hint}")
            say("    ready to paste into content/people.yml:")
            for candidate, close in found.candidates:
                if close is None:
                    say(_indent(paste_ready_entry(candidate.name, "person"), "      "))
        if self.options.draft:
            say(f"  then remove `draft: true` and run: {invocation()} check")

    # ---- feeds ----------------------------------------------------------------------------------

    def run_feed(self, feed: str, numbers: list[int], everything: bool) -> int:
        try:
            items = self._new_items(feed)
        except ImportProblem as exc:
            print(f"{feed}: error: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
        if not numbers and not everything:
            for n, item in enumerate(items, 1):
                when = f" ({long_date(item.published)})" if item.published else ""
                print(f"{n:3d}. {item.title}{when}\n     {item.url}")
            print(
                f"{len(items)} item{'s' if len(items) != 1 else ''} not yet in the archive; import some with "
                f"{invocation()} import --feed {feed} N [N ...], or all with --all",
                file=sys.stderr,
            )
            return EXIT_OK
        wrong = [n for n in numbers if not 1 <= n <= len(items)]
        if wrong:
            print(
                f"{feed}: error: no item {wrong[0]} (the feed lists {len(items)} new ones)", file=sys.stderr
            )
            return EXIT_PROBLEMS
        chosen = items if everything else [items[n - 1] for n in numbers]
        return max([self.run(item.url) for item in chosen], default=EXIT_OK)

    def _new_items(self, feed: str) -> list[FeedItem]:
        if is_web_address(feed):
            fetched = fetch(feed)
            body, base = fetched.body, fetched.url
        else:
            try:
                body, base = Path(feed).read_bytes()[: MAX_FILE_BYTES + 1], ""
            except OSError as exc:
                raise ImportProblem(f"cannot read: {exc.strerror}") from None
        _, items = read_feed(body, base)
        imported = self._imported_addresses()
        return [item for item in items if same_address(item.url) not in imported]

    # ---- what the archive holds -----------------------------------------------------------------

    def _refuse_imported(self, url: str) -> None:
        shown = self._imported_addresses().get(same_address(url))
        if shown:
            raise ImportProblem(f"already imported as {shown}")

    def _imported_addresses(self) -> dict[str, str]:
        """Every story's `source.url`, compared as addresses: which pages the archive holds."""
        if self._imported is None:
            found: dict[str, str] = {}
            for relative in list_content(self.content).stories:
                path = self.content / relative
                try:
                    text, _ = decode(path.read_bytes(), str(path))
                except OSError:
                    continue
                parts = split_front_matter(text, relative) if text is not None else None
                if not isinstance(parts, tuple):
                    continue
                node, _ = parse_yaml(parts[0], Located(relative, 2))
                url = field_node(field_node(node, "source"), "url")
                if isinstance(url, ScalarNode) and url.value:
                    found.setdefault(same_address(url.value), display_path(path, self.content))
            self._imported = found
        return self._imported


def _spelled_otherwise(text: str, keys: dict[str, str]) -> list[str]:
    """Registry spellings (name keys) that the text writes with other hyphens or spaces."""
    words = name_key(text).split()
    joined = " " + " ".join(words) + " "
    return [key for key in keys if " " in key and f" {key} " in joined]


def _wayback_snapshot(url: str) -> str:
    """The Wayback Machine's closest snapshot of `url`, or "" when it has none."""
    try:
        answer = fetch(f"{WAYBACK_API}?url={quote(url, safe='')}", max_bytes=100_000)
        closest = json.loads(answer.body.decode("utf-8")).get("archived_snapshots", {}).get("closest") or {}
    except (ImportProblem, ValueError, AttributeError):
        return ""
    snapshot = closest.get("url", "") if closest.get("available") else ""
    return snapshot.replace("http://web.archive.org/", "https://web.archive.org/", 1) if snapshot else ""


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))
