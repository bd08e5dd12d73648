"""Real browser fixtures and helpers: headless Chromium (Debian's, at /usr/bin/chromium)
driven by Playwright's sync API against pytest-django's live server. A pytest plugin
(tests/conftest.py names it), so tests in any folder ask for `page` or `new_page` by name:
one Playwright and one Chromium serve the whole session.

The `page` fixture fails a test whose pages log a console error, throw an uncaught
exception, or get a 5xx answer to any request; a test that means to provoke a console
error says so with `browser_errors.allow(...)`.

Set BROWSER_SHOTS=/some/dir to save a full-page screenshot wherever a test calls `shot`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Playwright's sync API runs an asyncio event loop in this thread, and Django refuses
# synchronous database calls from a thread with a running loop unless told otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.contrib.auth.models import User
from django.db import connections
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Response,
    expect,
    sync_playwright,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# The two widths every page is checked at (issue 13): a phone's and a laptop's.
WIDTHS = (375, 1280)
PASSWORD = "a-long-browser-test-passphrase"


@pytest.fixture(scope="session")
def playwright(django_db_setup: object) -> Iterator[Playwright]:
    # While Playwright's event loop runs in this thread, Django's connection handler
    # (an asgiref Local) hands this thread new connection objects, which lack the
    # migrated contents the test database was serialized with; give them those.
    serialized = {
        alias: connections[alias]._test_serialized_contents  # type: ignore[attr-defined]
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as p:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `bash .ci/system-deps.sh` (as root).")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class BrowserErrors:
    """What went wrong in the browser during a test. `allow` a console error the test
    provokes on purpose (a pattern, matched with re.search); every other one fails it."""

    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console.append(f"{message.text} ({message.location.get('url', '')})")

    def on_response(self, response: Response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def unexpected(self) -> list[str]:
        console = [c for c in self.console if not any(p.search(c) for p in self.allowed)]
        return [
            *(f"console error: {c}" for c in console),
            *(f"uncaught exception: {e}" for e in self.page_errors),
            *(f"server error: {s}" for s in self.server_errors),
        ]


@pytest.fixture
def browser_errors() -> BrowserErrors:
    return BrowserErrors()


@pytest.fixture
def new_page(
    browser: Browser, live_server: object, browser_errors: BrowserErrors
) -> Iterator[Callable[..., Page]]:
    """Make a page in a fresh browser context (no cookies), watched for errors. Keyword
    arguments go to browser.new_context (viewport, is_mobile, ...)."""
    contexts: list[BrowserContext] = []

    def make(**options: object) -> Page:
        options = {
            "viewport": DESKTOP,
            "locale": "en-GB",
            "timezone_id": "Europe/London",
            "base_url": live_server.url,  # type: ignore[attr-defined]
            **options,
        }
        context = browser.new_context(**options)  # type: ignore[arg-type]
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", browser_errors.on_console)
        page.on("pageerror", lambda error: browser_errors.page_errors.append(str(error)))
        page.on("response", browser_errors.on_response)
        return page

    yield make
    for context in contexts:
        context.close()
    problems = browser_errors.unexpected()
    if problems:
        pytest.fail("The browser saw errors:\n" + "\n".join(problems), pytrace=False)


def at_width(width: int) -> dict[str, object]:
    """new_page's options for a browser this wide: at the phone's width, a phone (a touch
    screen whose layout viewport follows the page's meta viewport), else a desktop."""
    if width == PHONE["width"]:
        return {"viewport": PHONE, "is_mobile": True, "has_touch": True}
    return {"viewport": {**DESKTOP, "width": width}}


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


def log_in(page: Page, live_server: object, user: User, *, shot_as: str = "") -> None:
    """Give the user a known password and log in through the real login form."""
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{live_server.url}/accounts/login/")  # type: ignore[attr-defined]
    if shot_as:
        shot(page, shot_as)
    page.locator("#id_username").fill(user.get_username())
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


# The document's width against the window's; a mobile browser widens its layout viewport
# to fit content that overflows, so innerWidth must be the screen's own for this to mean
# anything.
WIDTH_JS = "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"


def width_problem(page: Page, width: int) -> str:
    """What is wrong with the page's width in a window this wide; empty when it fits."""
    widths = page.evaluate(WIDTH_JS)
    if widths["scroll"] <= widths["inner"] == width:
        return ""
    return f"wider than the screen: scrollWidth {widths['scroll']}, innerWidth {widths['inner']}"


def shot(page: Page, name: str) -> None:
    """A full-page screenshot into $BROWSER_SHOTS, when it is set."""
    folder = os.environ.get("BROWSER_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
