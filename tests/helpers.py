"""Small content folders written for one test each."""

from __future__ import annotations

import textwrap
from pathlib import Path

PEOPLE = """\
dmitry-peskov:
  name: Dmitry Peskov
  aliases: [Peskov, Дмитрий Песков]
kim-jong-un:
  name: Kim Jong-un
  aliases: [Kim Jong Un]
zoe-durand:
  name: Zoë Durand
"""
TAGS = """\
russia:
  name: Russia
north-korea:
  name: North Korea
  aliases: [DPRK]
"""


def story(title="A story", date="2023-09-12", tags="[russia]", people="[dmitry-peskov]", body="Body text.", extra="") -> str:
    lines = ["---", f"title: {title}", f"date: {date}", f"tags: {tags}"]
    if people is not None:
        lines.append(f"people: {people}")
    if extra:
        lines.append(textwrap.dedent(extra).strip("\n"))
    lines += ["---", body, ""]
    return "\n".join(lines)


def make_content(root: Path, stories: dict[str, str], people: str = PEOPLE, tags: str = TAGS) -> Path:
    content = root / "content"
    (content / "stories").mkdir(parents=True)
    (content / "people.yml").write_text(people, encoding="utf-8")
    (content / "tags.yml").write_text(tags, encoding="utf-8")
    for relative, text in stories.items():
        path = content / "stories" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return content
