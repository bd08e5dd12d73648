"""The record form suggests a status from the targets' figures; another needs a reason."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from objectives.models import Objective, ProgressUpdate, Target
from objectives.services import measurement_record

pytestmark = pytest.mark.usefixtures("mandates", "without_published_figures")
RECORD = "/mandates/hee-2021-22/objectives/3/record/"


@pytest.fixture
def behind(nurses: Objective, updater: User) -> Target:
    """50,000 nurses from 0 on 1 Jan 2021 to 31 Dec 2024: 10,000 by 1 Oct 2021 would be
    on the line; 8,900 is 89% of it, at risk."""
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    target.baseline_value, target.baseline_date = Decimal(0), datetime.date(2021, 1, 1)
    target.deadline = datetime.date(2024, 12, 31)
    target.baseline_precision = target.deadline_precision = "day"
    target.save()
    expected = (
        Decimal(50_000)
        * (datetime.date(2021, 10, 1) - target.baseline_date).days
        / (target.deadline - target.baseline_date).days
    )
    measurement_record(
        target=target,
        recorded_by=updater,
        measured_on=datetime.date(2021, 10, 1),
        value=(expected * Decimal("0.89")).quantize(Decimal(1)),
    )
    return target


def valid(**changes: object) -> dict[str, object]:
    return {
        "as_of": "2021-10-01",
        "status": "at_risk",
        "percent_complete": "15",
        "narrative": "Behind.",
        "evidence_url": "",
        "status_reason": "",
    } | changes


def test_the_form_starts_from_the_suggested_status_and_explains_it(
    client: Client, updater: User, behind: Target
) -> None:
    client.force_login(updater)
    response = client.get(RECORD)
    assert response.context["form"].initial["status"] == "at_risk"
    inset = BeautifulSoup(response.content, "html.parser").select_one("#suggestion").text
    assert "At risk" in inset
    assert "89" in inset and "of the progress expected" in inset


def test_choosing_another_status_needs_a_reason_which_is_kept(
    client: Client, updater: User, behind: Target
) -> None:
    client.force_login(updater)
    refused = client.post(RECORD, valid(status="on_track"))
    assert (
        "The figures suggest at risk: say why you chose another status." in refused.content.decode()
    )
    assert not ProgressUpdate.objects.exists()

    client.post(RECORD, valid(status="on_track", status_reason="Two cohorts start in November"))

    update = ProgressUpdate.objects.get()
    assert (update.status, update.suggested_status, update.status_reason) == (
        "on_track",
        "at_risk",
        "Two cohorts start in November",
    )
    page = client.get(update.objective.get_absolute_url()).content.decode()
    assert "status chosen because: Two cohorts start in November" in page


def test_following_the_suggestion_needs_no_reason(
    client: Client, updater: User, behind: Target
) -> None:
    client.force_login(updater)
    assert client.post(RECORD, valid()).status_code == 302
    assert ProgressUpdate.objects.get().suggested_status == "at_risk"


def test_without_figures_there_is_no_suggestion_and_no_reason_field(
    client: Client, updater: User, nurses: Objective
) -> None:
    client.force_login(updater)
    response = client.get(RECORD)
    assert "status_reason" not in response.context["form"].fields
    assert b'id="suggestion"' not in response.content
