"""The generators a maintainer would pick instead, given the same synthetic stories to build.

- Pelican (from PyPI) with its default theme: the stories' metadata written the way Pelican reads
  it; its tag, author, category and archive pages and its feeds are what it makes by default.
- Hugo (Debian's `hugo`) with minimal templates written here: a page per story with its related
  stories, taxonomies for tags and people, paginated listings, the home page and RSS feeds.

Each returns the command to time and the folder its site is written to.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_FRONT = re.compile(r"^---\n(.*?)\n---\n(.*)$", re.DOTALL)


def _stories(content: Path):
    """(year, slug, fields, body) of every synthetic story, fields as the YAML wrote them."""
    for path in sorted((content / "stories").rglob("*.md")):
        front, body = _FRONT.match(path.read_text(encoding="utf-8")).groups()
        fields = {}
        for line in front.splitlines():
            key, _, value = line.partition(": ")
            fields[key] = value.strip()
        yield path.parent.name, path.stem, fields, body


def _listed(value: str) -> list[str]:
    return [item.strip() for item in value.strip("[]").split(",") if item.strip()]


def _unquoted(value: str) -> str:
    return value[1:-1] if value.startswith('"') and value.endswith('"') else value


def pelican_project(work: Path, content: Path) -> tuple[list[str], Path, Path] | None:
    project = work / "pelican"
    stories = project / "content"
    stories.mkdir(parents=True)
    for year, slug, fields, body in _stories(content):
        (stories / f"{year}-{slug}.md").write_text(
            f"Title: {_unquoted(fields['title'])}\n"
            f"Date: {fields['date']}\n"
            f"Tags: {', '.join(_listed(fields['tags']))}\n"
            f"Authors: {', '.join(_listed(fields['authors']))}\n"
            f"Summary: {_unquoted(fields['summary'])}\n"
            f"People: {', '.join(_listed(fields['people']))}\n"
            f"Slug: {slug}\n\n{body}",
            encoding="utf-8",
        )
    (project / "pelicanconf.py").write_text(
        "SITENAME = 'Bench'\nSITEURL = ''\nPATH = 'content'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\n"
        "RELATIVE_URLS = True\nDEFAULT_PAGINATION = 50\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\n"
        # Page 2 of tag topic-1 would be topic-12.html by default: the tag topic-12's page.
        "PAGINATION_PATTERNS = ((1, '{url}', '{save_as}'),\n"
        "    (2, '{base_name}/page-{number}.html', '{base_name}/page-{number}.html'))\n"
        "TAG_FEED_ATOM = 'feeds/{slug}.tag.atom.xml'\nAUTHOR_FEED_ATOM = 'feeds/{slug}.atom.xml'\n"
        "MARKDOWN = {'extension_configs': {'markdown.extensions.toc': {},\n"
        "                                  'markdown.extensions.extra': {}}}\n",
        encoding="utf-8",
    )
    output = project / "output"
    pelican = ROOT / ".bench-venv" / "bin" / "pelican"  # make bench installs it there
    if not pelican.exists():
        return None
    return [str(pelican), "content", "-o", str(output), "-s", "pelicanconf.py", "-q"], project, output


_HUGO_CONFIG = """\
baseURL = "/"
title = "Bench"
relativeURLs = true
uglyURLs = true
paginate = 50
disableKinds = ["sitemap"]
[taxonomies]
  tag = "tags"
  person = "people"
[related]
  includeNewer = true
  threshold = 20
  toLower = false
  [[related.indices]]
    name = "tags"
    weight = 100
  [[related.indices]]
    name = "people"
    weight = 80
"""

# Templates written for the benchmark: what a story archive needs of Hugo, no more.
_HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<a href="{{ "tags/" | relURL }}">Tags</a> <a href="{{ "people/" | relURL }}">People</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2 January 2006" }} · {{ .ReadingTime }} min read</p>
<p>{{ .Params.summary }}</p>{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}
{{ range .GetTerms "people" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .Site.RegularPages.Related . | first 5 }}<h2>Related</h2><ul>{{ range . }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2 January 2006" }}</li>
{{ end }}</ul>{{ end }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Paginate .Pages }}<ol>{{ range $pages.Pages }}
<li><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Params.summary }}</p>
<p>{{ .Date.Format "2 January 2006" }}</p></li>{{ end }}</ol>
{{ if $pages.HasPrev }}<a href="{{ $pages.Prev.URL }}">Newer</a>{{ end }}
{{ if $pages.HasNext }}<a href="{{ $pages.Next.URL }}">Older</a>{{ end }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1><ol>
{{ range first 10 .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ol>{{ end }}
""",
}


def hugo_project(work: Path, content: Path) -> tuple[list[str], Path, Path] | None:
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    project = work / "hugo"
    for name, text in _HUGO_LAYOUTS.items():
        (project / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "layouts" / name).write_text(text, encoding="utf-8")
    (project / "hugo.toml").write_text(_HUGO_CONFIG, encoding="utf-8")
    for year, slug, fields, body in _stories(content):
        folder = project / "content" / "stories" / year
        folder.mkdir(parents=True, exist_ok=True)
        front = "\n".join(f"{key}: {value}" for key, value in fields.items())
        (folder / f"{slug}.md").write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    output = project / "public"
    return [hugo, "--quiet", "-d", str(output)], project, output
