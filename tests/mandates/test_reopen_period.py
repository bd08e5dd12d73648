"""Reopening a closed quarter: one Editor action that asks for a reason and keeps it; the
admin's Revert of a quarter to an open version asks for one too."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from mandates.models import ReportingPeriod
from mandates.services import reporting_period_close
from tests.pages import error_summary

pytestmark = pytest.mark.usefixtures("mandates")


@pytest.fixture
def closed(editor: User) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(mandate__slug="hee-2021-22").order_by("start")[0]
    return reporting_period_close(period=period, editor=editor)


def test_an_editor_reopens_a_quarter_with_a_reason_kept_in_its_history(
    client: Client, editor: User, closed: ReportingPeriod
) -> None:
    client.force_login(editor)
    periods = client.get("/mandates/hee-2021-22/periods/").content.decode()
    assert f'href="/periods/{closed.pk}/reopen/"' in periods
    response = client.post(f"/periods/{closed.pk}/reopen/", {"reason": "A late update to add"})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert not closed.is_closed
    newest = closed.history.latest("history_id")
    assert (newest.history_change_reason, newest.history_user) == (
        "Reopened: A late update to add",
        editor,
    )


def test_without_a_reason_it_stays_closed_and_the_page_says_why(
    client: Client, editor: User, closed: ReportingPeriod
) -> None:
    client.force_login(editor)
    response = client.post(f"/periods/{closed.pk}/reopen/", {"reason": "  "})
    assert response.status_code == 200
    assert error_summary(response) == ["Give a reason for the change."]
    closed.refresh_from_db()
    assert closed.is_closed


def test_an_updater_cannot_reopen_one(
    client: Client, updater: User, closed: ReportingPeriod
) -> None:
    client.force_login(updater)
    assert client.post(f"/periods/{closed.pk}/reopen/", {"reason": "Why"}).status_code == 403
    closed.refresh_from_db()
    assert closed.is_closed


def test_the_admins_revert_to_an_open_version_needs_a_reason_and_keeps_it(
    client: Client, editor: User, closed: ReportingPeriod
) -> None:
    client.force_login(editor)
    open_version = closed.history.order_by("history_id").first()
    assert open_version is not None and open_version.closed_at is None
    url = reverse(
        "admin:mandates_reportingperiod_simple_history",
        args=[closed.pk, open_version.history_id],
    )
    due = open_version.due.isoformat()
    refused = client.post(url, {"due": due, "reason": ""})
    assert refused.status_code == 200
    closed.refresh_from_db()
    assert closed.is_closed
    reverted = client.post(url, {"due": due, "reason": "Closed too early"})
    assert reverted.status_code == 302, reverted.context["adminform"].form.errors
    closed.refresh_from_db()
    assert not closed.is_closed
    assert closed.history.latest("history_id").history_change_reason.endswith(": Closed too early")
