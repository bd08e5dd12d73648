"""Real browser tests: headless Chromium (Debian's, at /usr/bin/chromium) driven by
Playwright's sync API against pytest-django's live server.

Every test here is marked `browser`. The `page` fixture fails a test whose pages log a
console error, throw an uncaught exception, or get a 5xx answer to any request; a test
that means to provoke a console error says so with `browser_errors.allow(...)`.

Set BROWSER_SHOTS=/some/dir to save a full-page screenshot wherever a test calls `shot`.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

from objectives.models import Objective, ProgressUpdate, Target
from objectives.services import (
    measurement_record,
    progress_update_edit,
    progress_update_record,
    progress_update_withdraw,
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


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _roles_survive_flush(django_db_serialized_rollback: None) -> None:
    """The live server needs a transactional database, which is emptied after each test;
    the role groups come from a data migration, so restore the migrated contents before
    each test (serialized rollback) rather than lose them after the first."""


# The one Playwright and the one Chromium of the session. Folders outside this one import
# these fixtures (tests/api, tests/sso), and pytest then makes a session fixture of each
# import; a second sync_playwright() in this thread would fail inside the first's event
# loop, so each is started once and handed to every fixture that asks.
_started: dict[str, Any] = {}


@pytest.fixture(scope="session")
def playwright(django_db_setup: None) -> Iterator[Playwright]:
    if "playwright" in _started:
        yield _started["playwright"]
        return
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
        _started["playwright"] = p
        yield p
        _started.clear()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if "browser" in _started:
        yield _started["browser"]
        return
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `bash .ci/system-deps.sh` (as root).")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    _started["browser"] = browser
    yield browser
    _started.pop("browser", None)
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


def shot(page: Page, name: str) -> None:
    """A full-page screenshot into $BROWSER_SHOTS, when it is set."""
    folder = os.environ.get("BROWSER_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def history(nurses: Objective, updater: User, editor: User) -> dict[str, Any]:
    """The nurses objective with something of everything on its page: an update edited (so
    with an earlier version), one withdrawn, one current, and a target with a baseline and
    two figures (so a chart and a suggested status)."""
    edited = progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status=ProgressUpdate.Status.ON_TRACK,
        percent_complete=20,
        narrative="Recruitment campaign launched.",
        evidence_url="https://example.org/evidence",
    )
    edited = progress_update_edit(
        update=edited, editor=editor, reason="Regional figures came in late.", percent_complete=25
    )
    withdrawn = progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 9, 30),
        status=ProgressUpdate.Status.OFF_TRACK,
        percent_complete=10,
        narrative="Recorded against the wrong objective.",
    )
    withdrawn = progress_update_withdraw(update=withdrawn, editor=editor, reason="Wrong objective.")
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 12, 31),
        status=ProgressUpdate.Status.AT_RISK,
        percent_complete=35,
        narrative="Behind plan in two regions.",
    )
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    target.baseline_value = 0
    target.baseline_date = datetime.date(2021, 1, 1)
    target.baseline_precision = "day"
    target.save()
    for day, value in ((datetime.date(2021, 7, 1), 5000), (datetime.date(2022, 1, 1), 9000)):
        measurement_record(target=target, recorded_by=updater, measured_on=day, value=value)
    version = edited.history.order_by("history_date").first()
    return {"edited": edited, "withdrawn": withdrawn, "target": target, "version": version}
