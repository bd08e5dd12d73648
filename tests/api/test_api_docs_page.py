"""The API's documentation page (/api/docs/): Swagger UI from the app's own static files,
running in headless Chromium under the strict Content Security Policy (the browser logs a
console error for anything the policy blocks, and `new_page` fails the test on one), and
"try it out" reading an endpoint with the session."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, Request, expect

from tests.browsing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("mandates")]


def test_the_docs_page_renders_from_our_static_files_under_the_policy(
    new_page: Callable[..., Page],
    live_server: object,
    viewer: User,
) -> None:
    page = new_page()
    elsewhere: list[str] = []

    def note(request: Request) -> None:
        if not request.url.startswith(live_server.url):  # type: ignore[attr-defined]
            elsewhere.append(request.url)

    page.on("request", note)
    log_in(page, live_server, viewer)
    response = page.goto("/api/docs/")
    assert response is not None and response.status == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Mandate Tracker read API")
    objectives = page.locator("#operations-objectives-objectives_list")
    expect(objectives).to_be_visible()

    # Try it out: the page reads the endpoint with the signed-in session.
    objectives.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".live-responses-table .response-col_description pre").first
    expect(body).to_contain_text('"results"')
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text(
        re.compile("200")
    )
    assert elsewhere == [], "every file comes from the app itself: no CDN"
