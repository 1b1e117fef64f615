"""One folding specification, two implementations: the indexer (Python) and the query (search.js)
must turn every case of tests/fixtures/folding-cases.json into the same terms."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.cli import main
from generator.pages.search import tokens
from tests.browser.conftest import RESULTS_SHOWN
from tests.helpers import ROOT, copy_project, make_content, story

CASES = json.loads((ROOT / "tests" / "fixtures" / "folding-cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case["script"] for case in CASES])
def test_the_indexer_folds_as_specified(case):
    assert tokens(case["text"]) == case["terms"]


def test_the_browser_folds_as_specified(offline, built_site):
    offline.page.goto((built_site / "index.html").as_uri())
    found = offline.page.evaluate("cases => cases.map(c => window.archiveSearch.tokens(c.text))", CASES)
    assert {case["script"]: terms for case, terms in zip(CASES, found, strict=True)} == {
        case["script"]: case["terms"] for case in CASES
    }


WORDS = ["हिन्दी", "مُحَمَّد", "שָׁלוֹם", "김정은", "東京", "İstanbul"]


@pytest.fixture(scope="module")
def scripts_site(tmp_path_factory):
    """One story per word, each word written as a reader would not type it (with its marks)."""
    project = copy_project(tmp_path_factory.mktemp("scripts"))
    shutil.rmtree(project / "content")
    stories = {
        f"2023/word-{n}.md": story(title=f"Story {n}", people="[]", body=f"A report that says {word} once.")
        for n, word in enumerate(WORDS)
    }
    make_content(project, stories)
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml")]) == 0
    return project / "site"


@pytest.mark.parametrize(
    ("query", "n"),
    [("हिन्दी", 0), ("محمد", 1), ("שלום", 2), ("김정은", 3), ("東京", 4), ("istanbul", 5)],
)
def test_each_script_is_found_end_to_end(offline, scripts_site, query, n):
    page = offline.page
    page.goto((scripts_site / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_selector(RESULTS_SHOWN, timeout=5000)
    assert page.locator(".md-search-result__item h1").all_inner_texts()[0] == f"Story {n}"
    assert offline.blocked == []
