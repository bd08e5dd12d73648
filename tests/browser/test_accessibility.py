"""Accessibility, in a real browser: axe-core (tests/browser/axe.py) on what the other
roles see, at a phone's width and a desktop's (every page an Editor sees is audited by
test_pages_at_two_widths.py's sweep, on the same visit that measures its width); the audit
shown to catch a planted violation; and an Updater recording progress with the keyboard
alone."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from objectives.models import Objective, ProgressUpdate
from tests.browser.axe import Audit, axe_violations
from tests.browsing import WIDTHS, BrowserErrors, at_width, log_in, shot

NURSES = "Help deliver 50,000 more nurses in the NHS"
NURSES_PAGE = "/mandates/hee-2021-22/objectives/3/"


@pytest.mark.parametrize("width", WIDTHS)
def test_what_an_updater_and_a_viewer_see_is_accessible(
    new_page: Callable[..., Page],
    live_server: object,
    updater: User,
    viewer: User,
    history: dict[str, Any],
    audit: Audit,
    browser_errors: BrowserErrors,
    width: int,
) -> None:
    """The Editor's every page is audited by test_pages_at_two_widths.py's sweep; here what
    differs for the other roles: an Updater's home and objective, a Viewer's refusal."""
    browser_errors.allow(r"status of 403 \(Forbidden\)")
    page = new_page(**at_width(width))
    log_in(page, live_server, updater)
    audit.check(page, f"updater-home-{width}")
    page.goto(NURSES_PAGE)
    audit.check(page, f"updater-objective-{width}")
    page = new_page(**at_width(width))
    log_in(page, live_server, viewer)
    page.goto(f"{NURSES_PAGE}record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do that")
    audit.check(page, f"403-{width}")
    audit.assert_clean()


def test_the_audit_catches_a_planted_violation(page: Page) -> None:
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = '/static/img/favicon.svg';
            document.querySelector('main').append(img);
            const p = document.createElement('p');
            p.textContent = 'Faint words';
            p.style.color = '#cccccc';
            document.querySelector('main').append(p);
        }"""
    )
    found = {v["id"]: v["impact"] for v in axe_violations(page)}
    assert found.get("image-alt") == "critical"
    assert found.get("color-contrast") == "serious"


# What makes focus visible: NHS.UK frontend gives links and buttons a yellow background
# and a dark underline (box-shadow), and form controls a yellow outline and a dark inset
# border. An outline that cannot be seen (transparent, there for Windows' high contrast
# mode) does not count.
FOCUS_STYLE = """e => {
    const s = getComputedStyle(e);
    const seen = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
        && !/^rgba\\(.*,\\s*0\\)$/.test(s.outlineColor) && s.outlineColor !== 'transparent';
    return {
        outline: seen ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none',
        boxShadow: s.boxShadow,
        background: s.backgroundColor,
    };
}"""


def tab_to(page: Page, target: Locator, *, limit: int = 60) -> None:
    """Press Tab until target has the focus, then check the focus shows: its outline,
    box-shadow or background differs from before it had the focus, and it is on screen."""
    before = target.evaluate(FOCUS_STYLE)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail(f"{limit} presses of Tab never reached {target}")
    after = target.evaluate(FOCUS_STYLE)
    changed = {key: (before[key], after[key]) for key in after if after[key] != before[key]}
    assert changed, f"No visible focus style on {target}: {after}"
    expect(target).to_be_in_viewport()


@pytest.mark.usefixtures("without_published_figures")  # a figure would suggest a status
def test_updater_records_progress_with_the_keyboard_alone(
    page: Page, live_server: object, updater: User, nurses: Objective
) -> None:
    log_in(page, live_server, updater)
    page.goto("/")

    # The skip link is the first stop, and takes the focus to the main content.
    skip_link = page.get_by_role("link", name="Skip to main content")
    tab_to(page, skip_link, limit=1)
    page.keyboard.press("Enter")
    expect(page.locator("main#maincontent")).to_be_focused()
    tab_to(page, page.get_by_role("main").get_by_role("link", name="Find an objective"), limit=1)

    # Find the objective on the objectives list.
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Objectives")
    tab_to(page, page.get_by_label("Search"))
    page.keyboard.type("nurses")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=nurses\b"))
    tab_to(page, page.get_by_role("table").get_by_role("link", name=NURSES))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"3 {NURSES}")

    tab_to(page, page.get_by_role("link", name="Record progress"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record progress")

    # The form, field by field. The as-of date is NHS.UK's date input: a box each for the
    # day, the month and the year, typed in turn (the boxes may hold the initial date).
    # The status is a group of radios: Tab reaches the group, the arrow keys choose.
    as_of = page.get_by_role("group", name=re.compile(r"^As of"))
    for box, value in (("Day", "3"), ("Month", "3"), ("Year", "2022")):
        field = as_of.get_by_role("textbox", name=box, exact=True)
        tab_to(page, field)
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type(value)
        expect(field).to_have_value(value)
    status = page.get_by_role("group", name=re.compile(r"^Status"))
    tab_to(page, status.get_by_role("radio").first)
    for _ in range(len(ProgressUpdate.Status)):
        if status.get_by_role("radio", name="At risk").is_checked():
            break
        page.keyboard.press("ArrowDown")
    else:
        pytest.fail("The arrow keys never chose At risk")
    expect(status.get_by_role("radio", name="At risk")).to_be_focused()
    percent = page.get_by_label("Percent complete")
    tab_to(page, percent)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("40")
    expect(percent).to_have_value("40")
    tab_to(page, page.get_by_label("Narrative"))
    page.keyboard.type("Recruitment is behind plan in two regions.")
    tab_to(page, page.get_by_role("button", name="Save progress"))
    page.keyboard.press("Enter")

    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Progress recorded."
    )
    expect(page.locator("#latest-status")).to_contain_text("40% complete, as of 3 March 2022")
    update = ProgressUpdate.objects.get(objective=nurses)
    assert (update.as_of, update.status, update.percent_complete, update.author) == (
        datetime.date(2022, 3, 3),
        ProgressUpdate.Status.AT_RISK,
        40,
        updater,
    )
    assert update.narrative == "Recruitment is behind plan in two regions."
    shot(page, "a11y-keyboard-recorded")
