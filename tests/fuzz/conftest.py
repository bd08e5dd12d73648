"""A world with something on every path: a target with a baseline, a deadline and a figure
(so the record form suggests a status, and asks a reason for another), a closed quarter
(so an Editor gives a reason and an Updater is refused), and an update with two versions
(so there is something to edit, withdraw and restore)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from mandates.models import ReportingPeriod
from mandates.services import reporting_period_close
from objectives.models import Objective, ProgressUpdate, Target
from objectives.services import measurement_record, progress_update_edit


@dataclass(frozen=True)
class World:
    objective: Objective
    target: Target
    update: ProgressUpdate
    first_version_id: int
    updater: User
    editor: User
    viewer: User


@pytest.fixture
def world(
    nurses: Objective, recorded: ProgressUpdate, updater: User, editor: User, viewer: User
) -> World:
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    target.baseline_value, target.baseline_date = Decimal(0), datetime.date(2021, 1, 1)
    target.deadline = datetime.date(2024, 12, 31)
    target.baseline_precision = target.deadline_precision = "day"
    target.save()
    measurement_record(
        target=target,
        recorded_by=updater,
        measured_on=datetime.date(2021, 10, 1),
        value=Decimal(8_900),
        note="NHS Digital workforce statistics",
    )
    first_version_id = recorded.history.earliest("history_date").history_id
    progress_update_edit(
        update=recorded, editor=editor, reason="Corrected the figure", percent_complete=25
    )
    period = ReportingPeriod.objects.get(
        mandate__slug="hee-2021-22", start=datetime.date(2021, 4, 1)
    )
    reporting_period_close(period=period, editor=editor)
    recorded.refresh_from_db()
    return World(nurses, target, recorded, first_version_id, updater, editor, viewer)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clients(world: World) -> dict[str, Client]:
    """One client per role, logged in once for all of a test's examples."""
    return {
        "viewer": logged_in(world.viewer),
        "updater": logged_in(world.updater),
        "editor": logged_in(world.editor),
    }
