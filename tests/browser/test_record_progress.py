"""The journey of recording progress, in a real browser: find the objective, record an
update (a wrong figure first), and see it in the summaries; what a Viewer may not do; an
Editor's edit and withdrawal; and the login wall."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from objectives.models import Objective, ProgressUpdate
from tests.browsing import BrowserErrors, log_in, shot

MANDATE = "Health Education England mandate: 2021 to 2022"
NURSES = "Help deliver 50,000 more nurses in the NHS"
RECORD_URL = "/mandates/hee-2021-22/objectives/3/record/"


def status_count(scope: object, status: str, count: int) -> None:
    """The status bar's numbers, as text: e.g. "At risk: 1"."""
    label = status.replace("_", " ").capitalize()
    item = scope.locator(f'.app-status-counts li[data-status="{status}"]')  # type: ignore[attr-defined]
    expect(item).to_have_text(re.compile(rf"^\s*{label}:\s*{count}\s*$"))


@pytest.mark.usefixtures("without_published_figures")  # a figure would suggest a status
def test_updater_finds_objective_and_records_progress(
    page: Page, live_server: object, updater: User, nurses: Objective
) -> None:
    log_in(page, live_server, updater, shot_as="00-login")
    shot(page, "01-home-before")

    # Find the objective with the filter form; the filter lives in the URL.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Objectives").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Objectives")
    shot(page, "02-objectives-list")
    page.get_by_label("Mandate").select_option(label=MANDATE)
    page.get_by_label("Search").fill("nurses")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("table.app-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NURSES)
    expect(page.locator("#result-count")).to_have_text("1 objective")
    query = parse_qs(urlsplit(page.url).query)
    assert query["mandate"] == ["hee-2021-22"]
    assert query["q"] == ["nurses"]
    expect(page.get_by_label("Search")).to_have_value("nurses")
    shot(page, "03-objectives-filtered")

    page.get_by_role("link", name=NURSES).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"3 {NURSES}")
    expect(page.locator("#latest-status")).to_contain_text("No update yet")
    shot(page, "04-objective-before")

    page.get_by_role("link", name="Record progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record progress")
    shot(page, "05-record-form")

    # A figure over 100 and a date without its month: the NHS.UK error summary links to
    # the field and to the month box, each says what to do, and nothing is saved.
    page.get_by_label("Percent complete").fill("150")
    page.get_by_label("Narrative").fill("Too good to be true.")
    as_of = page.get_by_role("group", name="As of")
    as_of.get_by_label("Month").fill("")
    page.get_by_role("button", name="Save progress").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    error_link = summary.get_by_role(
        "link", name="Enter percent complete as a number from 0 to 100"
    )
    expect(error_link).to_have_attribute("href", "#id_percent_complete")
    expect(page.locator("#id_percent_complete_error")).to_contain_text(
        "Enter percent complete as a number from 0 to 100"
    )
    month_link = summary.get_by_role("link", name="The as-of date must include a month")
    expect(month_link).to_have_attribute("href", "#id_as_of_month")
    expect(page.locator("#id_as_of_month")).to_have_class(re.compile(r"nhsuk-input--error"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert ProgressUpdate.objects.count() == 0
    shot(page, "06-record-form-error")
    error_link.click()
    expect(page.get_by_label("Percent complete")).to_be_focused()
    month_link.click()
    expect(as_of.get_by_label("Month")).to_be_focused()

    # Put right and saved: the mandate's last day, 31 March 2022 (it has ended, so none
    # is later), typed in the date boxes; the status chosen by its radio.
    page.get_by_role("group", name="Status").get_by_label("At risk").check()
    page.get_by_label("Percent complete").fill("40")
    page.get_by_label("Narrative").fill("Recruitment is behind plan in two regions.")
    as_of.get_by_label("Day").fill("31")
    as_of.get_by_label("Month").fill("3")
    as_of.get_by_label("Year").fill("2022")
    page.get_by_role("button", name="Save progress").click()

    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Progress recorded."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(f"3 {NURSES}")
    latest = page.locator("#latest-status")
    expect(latest.locator(".nhsuk-tag--yellow")).to_have_text("At risk")
    expect(latest).to_contain_text("40% complete")
    expect(latest).not_to_contain_text("Overdue")
    timeline = page.locator(".app-timeline")
    expect(timeline).to_contain_text("Recruitment is behind plan in two regions.")
    expect(timeline.locator(".nhsuk-tag", has_text="At risk")).to_be_visible()
    assert ProgressUpdate.objects.get().percent_complete == 40
    shot(page, "07-objective-after")

    # The theme's table and status bar count it.
    page.goto("/mandates/hee-2021-22/themes/2/")
    row = page.locator("table.app-table tbody tr", has_text=NURSES)
    expect(row.locator(".nhsuk-tag")).to_have_text("At risk")
    expect(row).to_contain_text("40%")
    status_count(page, "at_risk", 1)
    shot(page, "08-theme")

    # And so does the home page, under the 2021-22 mandate's theme 2.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Home").click()
    theme = page.locator('section[aria-labelledby="mandate-hee-2021-22"] li[data-theme="2"]')
    status_count(theme, "at_risk", 1)
    expect(theme.locator("svg.app-status-bar rect[data-status='at_risk']")).to_have_count(1)
    shot(page, "09-home-after")


def test_viewer_cannot_record_progress(
    page: Page,
    live_server: object,
    viewer: User,
    nurses: Objective,
    browser_errors: BrowserErrors,
) -> None:
    log_in(page, live_server, viewer)
    page.goto("/mandates/hee-2021-22/objectives/3/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"3 {NURSES}")
    expect(page.get_by_role("link", name="Record progress")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^(Edit|Withdraw)"))).to_have_count(0)

    # Typing the address gets the service's own 403 page; Chromium logs the status as a
    # console error.
    browser_errors.allow(r"status of 403 \(Forbidden\)")
    page.goto(RECORD_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do that")
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()

    # A forged post from the logged-in browser, with a valid CSRF token: refused by the
    # permission check, not by CSRF protection.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}{RECORD_URL}",  # type: ignore[attr-defined]
        form={
            "as_of": timezone.localdate().isoformat(),
            "status": ProgressUpdate.Status.ON_TRACK,
            "percent_complete": "50",
            "narrative": "Forged.",
            "evidence_url": "",
        },
        headers={"X-CSRFToken": csrf, "Referer": f"{live_server.url}/"},  # type: ignore[attr-defined]
        max_redirects=0,
    )
    assert response.status == 403
    assert "CSRF" not in response.text()
    assert not ProgressUpdate.objects.exists()


def test_editor_edits_then_withdraws_an_update(
    page: Page, live_server: object, editor: User, recorded: ProgressUpdate
) -> None:
    # `recorded`: objective 3, on track, 20%, as of 30 June 2021, by progress_update_record.
    log_in(page, live_server, editor)
    page.goto("/mandates/hee-2021-22/objectives/3/")
    entry = page.locator(f"#update-{recorded.pk}")
    expect(entry).to_contain_text("On track 20%")

    entry.get_by_role("link", name=re.compile(r"^Edit")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the update as of 30 June 2021")
    page.get_by_label("Percent complete").fill("25")

    # No reason: refused, with the error summary.
    page.get_by_role("button", name="Save changes").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link", name="Give a reason for the change.")).to_have_attribute(
        "href", "#id_reason"
    )
    recorded.refresh_from_db()
    assert recorded.percent_complete == 20

    page.get_by_label("Percent complete").fill("25")
    page.get_by_label("Reason").fill("The regional figures came in late.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("Update edited.")
    entry = page.locator(f"#update-{recorded.pk}")
    expect(entry.get_by_role("heading")).to_contain_text("On track 25%")
    expect(entry.locator(".nhsuk-tag", has_text="Edited")).to_be_visible()
    details = entry.locator("details.nhsuk-details")
    summary_text = details.locator(".nhsuk-details__summary-text")
    expect(summary_text).to_have_text("Earlier versions (1)")
    old_version = details.locator(".app-version")
    expect(old_version).to_be_hidden()
    summary_text.click()
    expect(old_version).to_be_visible()
    expect(old_version).to_contain_text("On track 20%")
    expect(old_version).to_contain_text("Recruitment campaign launched.")

    # Withdraw it: it stays on the page, marked, and no longer counts.
    entry.get_by_role("link", name=re.compile(r"^Withdraw")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Withdraw the update as of 30 June 2021"
    )
    page.get_by_role("button", name="Withdraw update").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Give a reason for the change.")
    page.get_by_label("Reason").fill("Recorded against the wrong objective.")
    page.get_by_role("button", name="Withdraw update").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("Update withdrawn.")
    entry = page.locator(f"#update-{recorded.pk}")
    expect(entry.locator(".nhsuk-tag", has_text="Withdrawn")).to_be_visible()
    expect(entry).to_contain_text("Recorded against the wrong objective.")
    expect(page.locator("#latest-status")).to_contain_text("No update yet")
    recorded.refresh_from_db()
    assert recorded.is_withdrawn


def test_anonymous_visitor_is_sent_to_log_in(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
