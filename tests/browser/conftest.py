"""Headless Chromium driven by Playwright, with every request outside file:// blocked."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser_setup import launch

# Results are in when the list has some and is no longer filling (results show one by one).
RESULTS_SHOWN = "[data-archive-search-results][aria-busy=false] .md-search-result__item"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except Error as exc:
            pytest.fail(
                f"no browser to drive ({exc.message.splitlines()[0]}): `make test` installs Debian's chromium"
            )
        yield browser
        browser.close()


@dataclass
class Offline:
    """A page whose requests are all recorded; any that is not file:// is aborted."""

    page: object
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def offline(browser):
    context = browser.new_context()
    page = context.new_page()
    state = Offline(page)

    def route(route):
        url = route.request.url
        state.requests.append(url)
        if url.startswith("file://"):
            route.continue_()
        else:
            state.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("dialog", lambda dialog: (state.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: state.errors.append(str(error)))
    yield state
    context.close()


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """The folder over local http, as a host would serve the site: yields its address, ending in /."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass
