"""The contract under generated input, with Hypothesis: for any content a stranger could write,
either `check` reports located problems, or the site is made in bounded time, every feed parses,
no page carries script or a handler it was not meant to, and every link between pages resolves.

Inputs are stories (front matter with keys dropped, wrong types, control and bidi characters,
huge and nested values), bodies of Markdown built from pathological runs, registries, and images
(valid files mutated: damaged EXIF, truncated, many scans). `make test` runs a bounded profile
(derandomised, so that CI is repeatable); `make fuzz` a long random one (HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import functools
import io
import json
import os
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import feedparser
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from generator import pipeline
from generator.diagnostics import ERROR
from generator.media.encode import make_variants
from generator.publish.linkcheck import check_links
from generator.settings import Settings
from tests import hostile_media
from tests.helpers import PEOPLE, TAGS, make_content, unsafe_markup

settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
settings.register_profile("fuzz", max_examples=2_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# ---- what strangers write ----------------------------------------------------------------------

CONTROL_AND_BIDI = "\x00\x01\x07\x0b\x0c\x1b\x7f\x85\u200b\u200e\u202a\u202e\u2066\u2069\ufeff\ufffe\uffff"
NAMES = ["Dmitry Peskov", "Kim Jong-un", "Zoë Durand", "Дмитрий Песков", "김정은"]
_markup_text = st.text(
    alphabet=st.sampled_from(list("abc xyz<>&\"'`*_[](){}#!|\\:-\n") + ["é", "漢", "Ш"]), max_size=80
)
odd_text = st.one_of(  # markup characters mostly; control and bidi characters one time in three
    _markup_text,
    _markup_text,
    st.text(alphabet=st.sampled_from(list("abc ") + list(CONTROL_AND_BIDI)), max_size=20),
)
plain_words = st.text(alphabet="abcdefgh ", min_size=1, max_size=40).filter(str.strip)
# Runs of the constructs Python-Markdown handles slowly or recursively, as found by measuring.
runs = st.sampled_from(
    ["[", "[a](", "![", "<a ", "`[", "`", "*_", "1. ", "> ", "    - ", "&#1;", "{: #x }", "|"]
)
markdown_block = st.one_of(
    plain_words,
    st.builds(lambda run, n: run * n, runs, st.integers(1, 3_000)),
    st.builds(lambda n: " ".join("`" * k + "a" for k in range(1, n)), st.integers(2, 900)),
    st.sampled_from(
        [
            "## A heading",
            "## __config",
            "Read [the other](../2023/b.md).",
            "See [gone](../2023/missing.md).",
            "![A map](../../media/map.png)",
            "![From the root](/media/map.png)",
            "![Remote](https://example.org/x.png)",
            '<img src="x" onerror="alert(1)">',
            "<script>alert(1)</script>",
            '<a href="javascript:alert(1)">x</a>',
            "Body {: onclick=alert(1) }",
            '<div id="__config" class="md-typeset mermaid">x</div>',
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "[^1]\n\n[^1]: a note",
            '!!! danger "x"\n    body',
        ]
    ),
    odd_text,
)
body = st.lists(markdown_block, max_size=6).map("\n\n".join)
scalar = st.one_of(
    odd_text, st.integers(), st.booleans(), st.none(), st.just("x" * 5_000), st.just("Ш" * 400)
)
yaml_value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3),
    max_leaves=8,
)
# Each field: a valid value most of the time, something hostile otherwise.
VALID = {"title": "A story", "date": "2023-09-12", "tags": ["russia"], "people": ["dmitry-peskov"]}
MUTATIONS = {
    "title": st.one_of(
        odd_text, yaml_value, st.sampled_from(["__config", "</title><script>alert(1)</script>"])
    ),
    "date": st.sampled_from(
        ["2023-02-30", "2023-09-12T14:00", "0000-01-01", "soon", "2099-01-01", "2023-09-12T14:00Z"]
    ),
    "tags": st.one_of(st.just(["russia", "rusia"]), st.just([]), yaml_value),
    "people": st.one_of(st.lists(st.sampled_from(NAMES), max_size=3), yaml_value),
    "summary": st.one_of(odd_text, st.just('!!! danger "Site compromised"'), yaml_value),
    "authors": st.one_of(
        st.lists(st.sampled_from(["Jane Doe", "e-smith", "<b>x</b>"]), max_size=2), yaml_value
    ),
    "source": st.one_of(
        st.just({"name": "TASS", "url": "https://tass.ru/x", "published": "2023-09-10"}),
        st.just({"url": "javascript:alert(1)"}),
        yaml_value,
    ),
    "corrections": st.one_of(
        st.just(
            [
                {
                    "date": "2023-09-13",
                    "text": "See [the fix](javascript:alert(1)) ![x](http://evil.test/p.png)",
                }
            ]
        ),
        st.builds(lambda text: [{"date": "2023-09-13", "text": text}], odd_text),
        yaml_value,
    ),
    "image": st.one_of(
        st.just({"file": "map.png", "alt": "A map"}),
        st.builds(
            lambda text: {"file": "map.png", "alt": "A map", "caption": text, "credit": text}, odd_text
        ),
        st.just({"file": "../people.yml"}),
        yaml_value,
    ),
    "slug": st.one_of(st.just("a-story"), odd_text),
    "draft": st.one_of(st.booleans(), yaml_value),
    "updated": st.sampled_from(["2023-09-13", "2023-09-01", "2099-01-01"]),
}


@st.composite
def front_matter(draw: st.DrawFn) -> dict:
    """A valid front matter with none, one or two fields made hostile, and at times one dropped."""
    front = dict(VALID)
    for name in draw(st.lists(st.sampled_from(sorted(MUTATIONS)), max_size=2, unique=True)):
        front[name] = draw(MUTATIONS[name])
    if draw(st.integers(0, 9)) == 0:
        front.pop(draw(st.sampled_from(sorted(front))))
    return front


@st.composite
def registry_entry(draw: st.DrawFn) -> str:
    """A person entry as a contributor adds it, each value at times hostile."""
    name = draw(st.one_of(plain_words, plain_words, odd_text))
    aliases = draw(st.lists(st.one_of(plain_words, odd_text, st.sampled_from(NAMES)), max_size=3))
    description = draw(
        st.one_of(plain_words, odd_text, st.just('!!! danger "x"'), st.just("[x](javascript:alert(1))"))
    )
    extra = draw(
        st.sampled_from(
            [
                "",
                "  wikidata: Q42\n",
                "  wikidata: 42\n",
                "  formerly: [old-p]\n",
                "  formerly: [kim-jong-un]\n",
                "  links: [{title: x, url: 'javascript:alert(1)'}]\n",
                "\tname: tabbed\n",
            ]
        )
    )
    as_yaml = functools.partial(json.dumps, ensure_ascii=False)  # JSON is YAML
    lines = [
        f"  name: {as_yaml(name)}",
        f"  aliases: {as_yaml(aliases)}",
        f"  description: {as_yaml(description)}",
    ]
    return "p:\n" + "\n".join(lines) + "\n" + extra


def _story_text(front: dict, text: str) -> str:
    lines = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    return "\n".join([*lines, "---", "", text, ""])


def _image_name(data: bytes) -> str:
    """The name a contributor would give the file: by what it is (a damaged one, as PNG)."""
    return "map.jpg" if data.startswith(b"\xff\xd8") else "map.png"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(out, "PNG")
    return out.getvalue()


def _jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x0112], exif[0x010F], exif[0x9286] = 6, "Cam", b"comment"
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


@st.composite
def image_bytes(draw: st.DrawFn) -> bytes:
    base = draw(st.sampled_from(["png", "exif", "scans", "tall"]))
    data = {
        "png": _png,
        "exif": _jpeg_with_exif,
        "scans": lambda: hostile_media.many_scans_jpeg(200, draw(st.integers(1, 150))),
        "tall": lambda: hostile_media.tall_png(10, draw(st.integers(100, 20_000))),
    }[base]()
    mutation = draw(st.sampled_from(["none", "none", "bytes", "truncate"]))
    if mutation == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if mutation == "bytes":
        start = data.find(b"Exif\0\0") if b"Exif" in data else 16
        changed = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            at = min(len(changed) - 1, start + draw(st.integers(0, 120)))
            changed[at] = draw(st.integers(0, 255))
        return bytes(changed)
    return data


# ---- the contract ------------------------------------------------------------------------------


def _holds(
    tmp_path: Path, stories: dict[str, str], people: str = PEOPLE, tags: str = TAGS, image: bytes = b""
) -> None:
    content = make_content(tmp_path, stories, people=people, tags=tags)
    if image:
        (content / "media").mkdir(exist_ok=True)
        (content / "media" / _image_name(image)).write_bytes(image)
    chosen = Settings(content_dir=content, site_url="https://archive.example/")
    started = time.perf_counter()
    checked = pipeline.check(chosen)
    for found in checked.diagnostics:
        assert found.line >= 1 and found.col >= 1 and found.path, found
        assert found.code not in ("check-failed",), found.format()  # a failure of the checker, not a finding
    if any(found.severity == ERROR for found in checked.diagnostics):
        event("refused: " + min(found.code for found in checked.diagnostics if found.severity == ERROR))
        return  # refused, with every problem located
    event("published")
    generated = pipeline.generate(checked, chosen)
    made_variants = make_variants(checked.archive.media.values(), content, tmp_path / "variants")
    assert time.perf_counter() - started < 30
    for path, data in generated.files.items():
        if path.endswith(".xml"):
            ElementTree.fromstring(data)  # well-formed XML
            assert not feedparser.parse(data).bozo, path
        elif path.endswith(".json"):
            json.loads(data)
    site = tmp_path / "site"
    for path, page in generated.pages.items():
        found = unsafe_markup(page.html)
        if not path.startswith("stories/"):
            found = [item for item in found if item != "<svg>"]  # the generator's own coverage charts
        assert found == [], path
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.html, encoding="utf-8")
    for path, data in generated.files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    for path in made_variants:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(b"")
    report = check_links(site)
    assert [broken.format() for broken in report.broken] == []


@pytest.mark.fuzz
@given(front=front_matter(), text=body)
def test_a_generated_story_is_refused_with_located_problems_or_published_safely(
    tmp_path_factory, front, text
):
    tmp_path = tmp_path_factory.mktemp("story")
    other = _story_text({"title": "B", "date": "2023-09-12", "tags": ["russia"]}, "Other.")
    _holds(tmp_path, {"2023/a.md": _story_text(front, text), "2023/b.md": other}, image=_png())


@pytest.mark.fuzz
@given(
    people=st.one_of(registry_entry(), registry_entry(), yaml_value.map(lambda v: json.dumps({"p": v}))),
    tags=odd_text,
)
def test_generated_registries_are_refused_with_located_problems_or_published_safely(
    tmp_path_factory, people, tags
):
    tmp_path = tmp_path_factory.mktemp("registry")
    story = _story_text(
        {"title": "A", "date": "2023-09-12", "tags": ["russia", "t"], "people": ["p"]}, "Body."
    )
    tag_entry = f"t:\n  name: {json.dumps(tags.strip() or 't', ensure_ascii=False)}\n"
    _holds(tmp_path, {"2023/a.md": story}, people=PEOPLE + people, tags=TAGS + tag_entry)


@pytest.mark.fuzz
@given(image=image_bytes())
def test_a_generated_image_is_refused_with_a_located_problem_or_published(tmp_path_factory, image):
    tmp_path = tmp_path_factory.mktemp("image")
    lead = {"file": _image_name(image), "alt": "A map"}
    story = _story_text({"title": "A", "date": "2023-09-12", "tags": ["russia"], "image": lead}, "Body.")
    _holds(tmp_path, {"2023/a.md": story}, image=image)
