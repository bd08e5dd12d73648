"""How the pages hold up on a phone and on paper."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from objectives.models import Objective
from tests.browsing import log_in

PHONE = {"width": 375, "height": 812}
OBJECTIVE_URL = "/mandates/hee-2021-22/objectives/3/"


@pytest.fixture
def phone(new_page: Callable[..., Page]) -> Page:
    return new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


def assert_no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    # A mobile browser widens its layout viewport to fit content that overflows, so
    # innerWidth must still be the phone's own width for the comparison to mean anything.
    assert widths["scroll"] <= widths["inner"] == PHONE["width"], (
        f"{page.url} scrolls sideways on a phone: {widths}"
    )


def test_phone_pages_fit_the_screen(
    phone: Page, live_server: object, updater: User, nurses: Objective
) -> None:
    log_in(phone, live_server, updater)
    for path, heading in [
        ("/", "Mandate objectives"),
        ("/objectives/", "Objectives"),
        (OBJECTIVE_URL, f"3 {nurses.title}"),
    ]:
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
        header = phone.get_by_role("banner")
        expect(header.get_by_role("link", name="Mandate Tracker")).to_be_visible()
        skip = phone.get_by_role("link", name="Skip to main content")
        expect(skip).to_have_attribute("href", "#maincontent")
        assert_no_horizontal_scroll(phone)


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
