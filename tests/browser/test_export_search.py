"""The exported site's header search, as a reader sees it, built by each of the two builders: MkDocs
(Material lays the box out) and Zensical (whose stylesheet has no such box: the archive's does)."""

from __future__ import annotations

import subprocess

import pytest

from generator.cli import main
from tests.browser.conftest import RESULTS_SHOWN
from tests.helpers import copy_project
from tests.test_export import BUILDERS


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def exported_site(request, tmp_path_factory):
    work = tmp_path_factory.mktemp(f"export-{request.param}")
    project = copy_project(work)
    target = work / "export"
    assert main(["export", str(target), "-f", str(project / "mkdocs.yml")]) == 0
    build = subprocess.run(BUILDERS[request.param], cwd=target, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    return target / "site"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_search_box_stays_shut_in_the_header_then_opens_and_finds(browser, exported_site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = context.new_page()
    page.goto((exported_site / "stories" / "2023" / "putin-kim-summit-vostochny.html").as_uri())
    header = page.locator(".md-header").bounding_box()
    assert header["height"] <= 60  # one row: nothing of the box spills into it while shut
    # Material shows the field in a desktop's header, and a button elsewhere; the box opens from either.
    field = page.locator("[data-archive-search-input]")
    button = page.locator(".md-header label.md-header__button[for=__search]:visible")
    (button if button.count() else field).click(timeout=5000)
    field.type("peskov")
    page.wait_for_selector(RESULTS_SHOWN)
    first = page.locator(RESULTS_SHOWN).first
    # Where the box settles: on a phone, Material slides it in, and it is measured once that has ended.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    assert first.is_visible() and "Peskov" in first.inner_text()
    box = first.bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1 and box["x"] + box["width"] <= width + 1
    context.close()
