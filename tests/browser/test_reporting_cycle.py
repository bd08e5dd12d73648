"""Issue 4 in a real browser: the 50,000 nurses target gets a baseline (admin) and figures
(the page), shows its chart and a suggested status; the overdue list names what is due."""

from __future__ import annotations

import datetime
import re

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from objectives.models import Objective, Target
from tests.browsing import log_in, shot

NURSES_PAGE = "/mandates/hee-2021-22/objectives/3/"


def test_figures_against_the_nurses_trajectory_suggest_a_status(
    page: Page, live_server: object, editor: User, nurses: Objective
) -> None:
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    log_in(page, live_server, editor)

    # The baseline is set in the admin, where Editors edit targets.
    page.goto(f"/admin/objectives/objective/{nurses.pk}/change/")
    code = page.locator('input[name$="-code"][value="nurses-2024"]')
    prefix = code.get_attribute("name").removesuffix("-code")  # type: ignore[union-attr]
    page.locator(f"#id_{prefix}-baseline_value").fill("0")
    page.locator(f"#id_{prefix}-baseline_date").fill("2021-01-01")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    target.refresh_from_db()
    assert (target.baseline_value, target.baseline_date) == (0, datetime.date(2021, 1, 1))

    # Figures are recorded on the objective's page: 30% of the way by mid-2022 would be on
    # the line (about 17,900 by 1 July 2022); 13,000 is well behind it.
    for (year, month), value in (((2021, 7), "5000"), ((2022, 1), "9000"), ((2022, 7), "13000")):
        page.goto(NURSES_PAGE)
        page.get_by_role(
            "link", name="Record a figure for 50,000 more nurses by 2024 (HEE's own date)"
        ).click()
        measured_on = page.get_by_role("group", name="Date of the figure")
        for box, part in (("Day", 1), ("Month", month), ("Year", year)):
            measured_on.get_by_label(box).fill(str(part))
        page.get_by_label("Figure", exact=True).fill(value)
        page.get_by_role("button", name="Save figure").click()
        expect(page.locator(".nhsuk-notification-banner--success")).to_be_visible()

    section = page.locator(f"#target-{target.pk}")
    chart = section.locator("svg.app-chart--wide")  # the one drawn at a desktop width
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute(
        "aria-label", re.compile(r"13,000 more nurses on 1 Jul 2022.*off track", re.I)
    )
    expect(chart.locator("polyline")).to_have_count(1)
    expect(section.locator(".app-target__suggestion")).to_contain_text("Off track")
    shot(page, "10-nurses-chart")

    page.get_by_role("link", name="Record progress").click()
    expect(page.locator("#suggestion")).to_contain_text("Off track")
    expect(page.get_by_role("group", name="Status").get_by_label("Off track")).to_be_checked()


def test_the_overdue_list_names_the_quarter_missed(
    page: Page, live_server: object, updater: User, nurses: Objective
) -> None:
    nurses.owner = updater
    nurses.save()
    log_in(page, live_server, updater)
    page.goto("/")
    expect(page.locator("#yours-overdue")).to_contain_text(
        "Help deliver 50,000 more nurses in the NHS"
    )
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Needs an update").click()
    yours = page.get_by_role("heading", name="Yours")
    expect(yours).to_be_visible()
    expect(page.locator("main")).to_contain_text("January to March 2022, due 14 April 2022")


def test_closing_a_quarter_asks_first_and_it_can_be_reopened(
    page: Page, live_server: object, editor: User, nurses: Objective
) -> None:
    log_in(page, live_server, editor)
    page.goto("/mandates/hee-2021-22/periods/")
    page.get_by_role("link", name="Close April 2021 to June 2021").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close April 2021 to June 2021?")
    expect(page.locator("main")).to_contain_text("only an Editor can add to or change its updates")
    page.get_by_role("link", name="Cancel").click()
    row = page.locator("#period-2021-04")
    expect(row).to_contain_text("Open")  # Cancel closed nothing

    page.get_by_role("link", name="Close April 2021 to June 2021").click()
    page.get_by_role("button", name="Close April 2021 to June 2021").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "You can reopen it from this page"
    )
    expect(row).to_contain_text("Closed by")
    page.get_by_role("link", name="Reopen April 2021 to June 2021").click()
    page.get_by_label("Reason").fill("Closed too early")
    page.get_by_role("button", name="Reopen the quarter").click()
    expect(page.locator("#period-2021-04")).to_contain_text("Open")
