"""How the pages hold up on paper (on a phone: test_pages_at_two_widths.py)."""

from __future__ import annotations

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from objectives.models import Objective
from tests.browsing import log_in

OBJECTIVE_URL = "/mandates/hee-2021-22/objectives/3/"


def test_print_leaves_out_navigation_and_buttons(
    page: Page, live_server: object, updater: User, nurses: Objective
) -> None:
    log_in(page, live_server, updater)
    page.goto(OBJECTIVE_URL)
    header_nav = page.get_by_role("navigation", name="Menu")
    record = page.get_by_role("link", name="Record progress")
    log_out = page.get_by_role("button", name="Log out")
    for element in (header_nav, record, log_out):
        expect(element).to_be_visible()

    page.emulate_media(media="print")
    for element in (header_nav, record, log_out):
        expect(element).to_be_hidden()
    main = page.locator("#maincontent")
    expect(main).to_be_visible()
    expect(main.get_by_role("heading", level=1)).to_be_visible()
    expect(main.get_by_role("heading", name="What the mandate says")).to_be_visible()
    expect(page.get_by_role("banner").get_by_text("Mandate Tracker")).to_be_visible()
