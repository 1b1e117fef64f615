"""`mkdocs serve` with a broken story: the browser shows the problems, the server keeps answering,
and the page comes back by itself once the story is fixed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.synth import write_project

pytestmark = pytest.mark.e2e
HEADLINE = "h1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def serving(tmp_path) -> Iterator[tuple[str, Path]]:
    """A synthetic project under `mkdocs serve --dirty` (as `make serve` runs it), its first
    story broken before the server starts: yields the address and that story's file."""
    project = write_project(tmp_path / "project", 12)
    story = sorted((project / "content" / "stories").rglob("*.md"))[0]
    story.write_text(story.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    address = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(address, timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        "`mkdocs serve` stopped or never answered:\n" + (tmp_path / "serve.log").read_text()
                    )
                time.sleep(0.3)
        yield address, story
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _problems(page) -> list[str]:
    return [" ".join(item.split()) for item in page.locator("ol.problems > li").all_inner_texts()]


def test_serve_shows_the_problems_in_the_browser_until_a_save_fixes_them(serving, browser):
    address, story = serving
    shown = f"content/stories/{story.parent.name}/{story.name}:2:1"
    page = browser.new_page()
    page.goto(address)
    assert page.locator(HEADLINE).inner_text() == "The content has problems: 2 errors"
    assert _problems(page) == [
        f"{shown}: error[missing-field]: the front matter has no 'title'",
        f"{shown}: error[unknown-field]: unknown field 'titel' in the front matter; did you mean 'title'?",
    ]
    # Every page asked for shows them; the theme's files are served as ever.
    story_page = urllib.request.urlopen(f"{address}stories/{story.parent.name}/{story.stem}.html").read()
    assert b"error[missing-field]" in story_page
    icon = urllib.request.urlopen(f"{address}assets/images/favicon.png")
    assert icon.headers["Content-Type"] == "image/png" and icon.read().startswith(b"\x89PNG")

    # The fix saved: the page reloads by itself, with the site.
    story.write_text(story.read_text(encoding="utf-8").replace("titel:", "title:", 1), encoding="utf-8")
    # Both at once: while the page reloads, the new document has neither yet.
    page.wait_for_function(
        "document.querySelector('.md-header') && !document.querySelector('ol.problems')", timeout=60_000
    )
    assert page.locator("ol.problems").count() == 0
    assert "The content has problems" not in page.title()
    assert page.locator(".md-header").count() == 1  # the themed home page

    # Broken again while serving: the server goes on answering, with the new problem.
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("\ntags: [", "\ntags: [no-such-tag, ", 1), encoding="utf-8")
    page.wait_for_selector("ol.problems", timeout=60_000)
    assert any("error[unknown-tag]" in problem for problem in _problems(page))
    page.close()
