"""Text normalisation shared by validation, matching and search."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import json
import re
import unicodedata
from collections.abc import Iterable

# Letters that Unicode decomposition leaves alone but readers type without the mark.
_EXTRA_FOLDS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "ð": "d",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
    }
)

# Cyrillic to Latin, the common news transliteration; used to spot the same
# name written in two scripts (Дмитрий Песков / Dmitry Peskov) and for slugs.
_CYRILLIC = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "і": "i",
        "ї": "yi",
        "є": "ye",
        "ґ": "g",
    }
)

# C0 and C1 control characters and DEL, less tab and newline: no field of a story needs
# them, terminals obey them, and the generator's page seams are made of NUL.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SHOWN_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """Text for a terminal or a log: control characters written as escapes, so a value from a
    story can neither move the cursor nor start a line that looks like another diagnostic."""
    if text.isprintable():
        return text
    return _SHOWN_CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_WORD_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.'’·]+")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


# Folding, the one specification (theme/assets/search/fold.js implements the same; the cases in
# tests/fixtures/folding-cases.json hold both to it):
#   1. NFKD, then remove the marks readers leave out when they type: accents of the Latin,
#      Greek and Cyrillic scripts and the general combining blocks, Hebrew points (niqqud and
#      cantillation), Arabic harakat and Quranic marks, and the Arabic tatweel.
#   2. NFC, then case folding (ß and ẞ become ss, final ς becomes σ, İ becomes i).
#   3. Every other mark stays in its word: Indic vowel signs, virama and nukta, Thai and other
#      Southeast Asian vowel and tone marks, kana voicing marks (が is not か).
# One regex pass is far cheaper than asking unicodedata about every character of every body.
ACCENT_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # Latin, Greek, Cyrillic
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"  # Hebrew points
    "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"  # Arabic
)
_COMBINING = re.compile(f"[{ACCENT_MARKS}]")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Zoë' and 'ZOE' fold alike."""
    if text.isascii():
        return text.casefold()
    text = text.translate(_EXTRA_FOLDS)
    stripped = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", stripped).casefold()


def name_key(name: str) -> str:
    """Key under which two spellings of one name meet: case, accents, hyphens, spacing."""
    return " ".join(_WORD_SEPARATORS.split(fold(name))).strip()


def transliteration_key(name: str) -> str:
    """name_key, with Cyrillic spelled in Latin and common romanisation variants merged."""
    key = name_key(name).translate(_CYRILLIC)
    # Dmitry/Dmitri/Dmitriy/Дмитрий, Sergei/Sergey: the endings y, i, iy, ij, ii are one sound.
    key = re.sub(r"(?:iy|ij|yi|ii|y|i)\b", "i", key)
    return key.replace(" ", "")


def is_slug(value: str) -> bool:
    return bool(_SLUG.match(value))


def slugify(text: str, fallback: str = "story") -> str:
    ascii_text = fold(text).translate(_CYRILLIC)
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > 80:
        slug = slug[:80].rsplit("-", 1)[0] or slug[:80]
    return slug or fallback


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The nearest candidate, or None when nothing is close enough to suggest."""
    candidates = list(candidates)
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if match:
        return match[0]
    folded = {name_key(c): c for c in candidates}
    match = difflib.get_close_matches(name_key(word), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def yaml_string(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def long_date(day: dt.date) -> str:
    """A date as every page writes it: 12 September 2023."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"
