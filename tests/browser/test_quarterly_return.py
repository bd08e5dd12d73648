"""The quarterly return in a real browser: an owner fills five rows, one of them wrong,
follows the error summary to it, corrects it and saves the lot at once."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from objectives.models import Objective, ProgressUpdate
from tests.browsing import log_in, shot

LONDON = ZoneInfo("Europe/London")
Status = ProgressUpdate.Status


@pytest.fixture
def july_2021() -> Iterator[None]:
    """April to June 2021 of 2021-22 has fallen due; the clock runs on in the browser."""
    with time_machine.travel(datetime.datetime(2021, 7, 20, 9, tzinfo=LONDON), tick=True):
        yield


@pytest.fixture
def five_owned(mandates: None, updater: User) -> list[Objective]:
    objectives = list(
        Objective.objects.filter(mandate__slug="hee-2021-22")
        .exclude(targets__isnull=False)  # no figures to suggest a status, and ask why
        .order_by("theme__number", "position")[:5]
    )
    Objective.objects.filter(pk__in=[o.pk for o in objectives]).update(owner=updater)
    return objectives


def test_an_owner_records_five_rows_at_once_after_correcting_one(
    page: Page, live_server: object, updater: User, five_owned: list[Objective], july_2021: None
) -> None:
    log_in(page, live_server, updater)
    page.goto("/return/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly return")
    rows = [page.locator(f"#row-{o.pk}") for o in five_owned]
    for row, objective in zip(rows, five_owned, strict=True):
        expect(row.get_by_role("heading", level=2)).to_have_text(
            f"{objective.reference} {objective.title}"
        )
    statuses = [Status.ON_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.OFF_TRACK, Status.ON_TRACK]
    for n, (row, status) in enumerate(zip(rows, statuses, strict=True)):
        row.get_by_role("radio", name=Status(status).label).check()
        row.get_by_label("Percent complete").fill(str(10 * (n + 1)))
        row.get_by_label("Narrative").fill(f"Row {n + 1}: progress this quarter.")
    rows[3].get_by_label("Percent complete").fill("140")  # the wrong one
    shot(page, "return-filled")
    page.get_by_role("button", name="Save the return").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    links = summary.get_by_role("link")
    expect(links).to_have_count(1)
    expect(links.first).to_contain_text(f"{five_owned[3].reference} {five_owned[3].title}: ")
    assert ProgressUpdate.objects.count() == 0
    # What was typed is all still there, the right rows and the wrong one.
    expect(rows[0].get_by_label("Narrative")).to_have_value("Row 1: progress this quarter.")
    expect(rows[3].get_by_label("Percent complete")).to_have_value("140")
    shot(page, "return-error")
    links.first.click()
    expect(rows[3].get_by_label("Percent complete")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    page.get_by_role("button", name="Save the return").click()

    expect(page.get_by_text("Recorded 5 updates.")).to_be_visible()
    shot(page, "return-saved")
    recorded = {u.objective_id: u for u in ProgressUpdate.objects.all()}
    assert set(recorded) == {o.pk for o in five_owned}
    for n, (objective, status) in enumerate(zip(five_owned, statuses, strict=True)):
        update = recorded[objective.pk]
        assert (update.status, update.percent_complete) == (status, 10 * (n + 1))
        assert update.as_of == datetime.date(2021, 6, 30)
        assert update.author == updater
