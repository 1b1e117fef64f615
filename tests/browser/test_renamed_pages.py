"""An entry renamed with `formerly:` keeps its old address working for readers, from disk too."""

from __future__ import annotations

import pytest

from generator.cli import main
from tests.helpers import copy_project


@pytest.mark.browser
def test_an_earlier_address_opens_the_page_from_disk(tmp_path, offline):
    project = copy_project(tmp_path)
    people = project / "content" / "people.yml"
    people.write_text(
        people.read_text(encoding="utf-8").replace(
            "kim-jong-un:\n", "kim-jong-un:\n  formerly: [kim-jong-il]\n"
        ),
        encoding="utf-8",
    )
    assert main(["build", "-q", "-f", str(project / "mkdocs.yml")]) == 0
    offline.page.goto((project / "site" / "people" / "kim-jong-il.html").as_uri())
    offline.page.wait_for_url("**/people/kim-jong-un.html")
    assert offline.page.locator("h1").first.inner_text().startswith("Kim Jong-un")
    assert offline.blocked == []
