"""A synthetic archive for benchmarks: Zipf-distributed tags and people, names in several scripts."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_GIVEN = [
    "Anna",
    "Boris",
    "Zoë",
    "José",
    "Mei",
    "Olu",
    "Søren",
    "Łucja",
    "Dmitry",
    "Aiko",
    "Fatima",
    "Jürgen",
    "Ines",
    "Kwame",
    "Nadia",
    "Pavel",
]
_FAMILY = [
    "Ivanova",
    "Okafor",
    "Müller",
    "Nakamura",
    "García",
    "Dubois",
    "Kowalski",
    "Haddad",
    "Larsen",
    "Rossi",
    "Chen",
    "Singh",
]
_CYRILLIC = ["Анна Петрова", "Борис Смирнов", "Дмитрий Волков", "Елена Соколова", "Иван Морозов"]
_HAN = ["李鸿忠", "王毅", "张伟", "刘洋"]
_WORDS = (
    "the a of and to in on for with from by at about over after before talks summit minister visit agreement "
    "border trade sanctions energy rocket parade delegation treaty council vote harbour railway grain market "
    "pipeline election protest court budget drought vaccine satellite embassy ceasefire refinery"
).split()


def _zipf_pick(rng: random.Random, items: list, weights: list, k: int) -> list:
    chosen: dict = {}
    while len(chosen) < k:
        chosen.setdefault(rng.choices(items, weights)[0])
    return list(chosen)


def write_archive(root: Path, stories: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    content = root / "content"
    (content / "stories").mkdir(parents=True, exist_ok=True)
    n_people = max(50, stories // 5)
    n_tags = max(20, stories // 50)
    people = []
    lines = []
    for i in range(n_people):
        if i % 17 == 5:
            name = _CYRILLIC[i % len(_CYRILLIC)] + f" {i}"
        elif i % 23 == 7:
            name = _HAN[i % len(_HAN)] + f"{i}"
        else:
            name = f"{_GIVEN[i % len(_GIVEN)]} {_FAMILY[(i // len(_GIVEN)) % len(_FAMILY)]} {i}"
        ident = f"person-{i}"
        people.append((ident, name))
        lines.append(
            f'{ident}:\n  name: "{name}"\n  aliases: ["P{i} Alias"]\n  description: "Synthetic person {i}."\n'
        )
    (content / "people.yml").write_text("".join(lines), encoding="utf-8")
    tags = [f"topic-{i}" for i in range(n_tags)]
    (content / "tags.yml").write_text(
        "".join(f'{t}:\n  name: "Topic {i}"\n' for i, t in enumerate(tags)), encoding="utf-8"
    )
    people_w = [1 / (i + 1) for i in range(n_people)]
    tags_w = [1 / (i + 1) for i in range(n_tags)]
    start = dt.date(2015, 1, 1)
    for s in range(stories):
        day = start + dt.timedelta(days=rng.randrange(3650))
        who = _zipf_pick(rng, people, people_w, rng.randint(1, 4))
        what = _zipf_pick(rng, tags, tags_w, rng.randint(1, 3))
        paragraphs = []
        for _ in range(rng.randint(4, 9)):
            words = rng.choices(_WORDS, k=rng.randint(40, 90))
            if rng.random() < 0.5:
                words.insert(3, who[0][1])
            paragraphs.append(" ".join(words).capitalize() + ".")
        body = "\n\n".join(paragraphs[:3] + ["## Background"] + paragraphs[3:])
        folder = content / "stories" / f"{day.year:04d}"
        folder.mkdir(exist_ok=True)
        title = f"{rng.choice(_WORDS).capitalize()} {rng.choice(_WORDS)} {who[0][1]} story {s}"
        (folder / f"story-{s}.md").write_text(
            "---\n"
            f'title: "{title}"\n'
            f"date: {day.isoformat()}\n"
            f"authors: [Staff Writer]\n"
            f'summary: "Synthetic summary {s} about {rng.choice(_WORDS)} and {rng.choice(_WORDS)}."\n'
            f"tags: [{', '.join(what)}]\n"
            f"people: [{', '.join(p for p, _ in who)}]\n"
            "---\n\n" + body + "\n",
            encoding="utf-8",
        )
    return content


def write_project(folder: Path, stories: int) -> Path:
    """A buildable project: the repository's mkdocs.yml and theme, and a synthetic content/."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", folder / "theme")
    write_archive(folder, stories)
    return folder
