"""Text rules shared by validation, matching and search."""

from __future__ import annotations

import pytest

from generator.text import (
    did_you_mean,
    fold,
    is_slug,
    name_key,
    printable,
    slugify,
    transliteration_key,
    yaml_string,
)


def test_fold_ignores_case_and_marks():
    assert fold("Zoë ØSTERGÅRD Łódź") == "zoe ostergard lodz"
    assert fold("PESKOV") == fold("Peskóv") == "peskov"


def test_spellings_of_one_name_meet():
    assert name_key("Kim Jong-un") == name_key("kim  jong un") == name_key("KIM JONG‑UN") == "kim jong un"
    assert (
        transliteration_key("Dmitri Peskov")
        == transliteration_key("Дмитрий Песков")
        == transliteration_key("Dmitry Peskov")
    )
    assert transliteration_key("Sergei Shoigu") == transliteration_key("Sergey Shoigu")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Zoë meets Peskov", "zoe-meets-peskov"),
        ("Путин в Пхеньяне", "putin-v-pkhenyane"),
        ("  --  ", "story"),
        ("word " * 40, ("word-" * 16).rstrip("-")),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug
    assert is_slug(slugify(text))


def test_slugs_are_lowercase_words_and_single_hyphens():
    assert (
        is_slug("a-b-2")
        and not is_slug("a--b")
        and not is_slug("-a")
        and not is_slug("A")
        and not is_slug("")
    )


def test_did_you_mean_finds_near_spellings_only():
    assert did_you_mean("peple", ["people", "tags"]) == "people"
    assert did_you_mean("PESKOV", ["Dmitry Peskov", "Peskov"]) == "Peskov"
    assert did_you_mean("xyz", ["people", "tags"]) is None


def test_printable_escapes_what_a_terminal_obeys():
    assert printable("plain café") == "plain café"
    assert printable("a\x1b[2Jb\nc\x9bd\u2028") == "a\\x1b[2Jb\\nc\\x9bd\\u2028"


def test_yaml_string_reads_back_as_the_same_text():
    import yaml

    for value in ['quote " and \\ back', "yes", "1984", "a: b", "Zoë\nnext"]:
        assert yaml.safe_load(f"k: {yaml_string(value)}") == {"k": value}
