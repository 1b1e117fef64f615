"""Headless Debian Chromium driven by Playwright, with every request outside file:// blocked."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.helpers import CHROMIUM

# Results are in when the list has some and is no longer filling (results show one by one).
RESULTS_SHOWN = "[data-archive-search-results][aria-busy=false] .md-search-result__item"
_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=_ARGS)
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
