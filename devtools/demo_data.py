"""The demonstration data of `make run` (manage.py load_demo_data): an owner for every
objective of the loaded mandates, and a few quarters of made-up progress for most of them,
each update marked `demonstration`, so the pages show the app in use. Never loaded by
load_mandate, and the command refuses to run without DEBUG.

Every update goes through objectives.services.progress_update_record, the service the
record page calls, so the latest-status columns and the history are kept as they are for
a real update. Running it again adds nothing: an objective keeps the owner it has, and a
quarter that already holds a demonstration update for an objective is left alone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.utils import timezone

from core.roles import RECORD_PROGRESS
from core.status import Status
from mandates.models import Mandate, ReportingPeriod
from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_record
from objectives.trajectory import suggestion_for

# The demo accounts (devtools create_demo_accounts) that can record progress, in the order
# objectives are given to them.
OWNER_USERNAMES = ("updater", "editor")

# Each objective's story, quarter by quarter from the mandate's first: (status, percent).
# Objectives take the stories in turn, so each mandate shows every status, an objective
# that stopped reporting (overdue on the home page) and one with no update at all.
STORIES: tuple[tuple[tuple[str, int], ...], ...] = (
    ((Status.ON_TRACK, 25), (Status.ON_TRACK, 50), (Status.ON_TRACK, 75), (Status.COMPLETE, 100)),
    ((Status.ON_TRACK, 20), (Status.ON_TRACK, 30), (Status.AT_RISK, 35), (Status.AT_RISK, 40)),
    ((Status.NOT_STARTED, 0), (Status.ON_TRACK, 15)),
    ((Status.AT_RISK, 15), (Status.OFF_TRACK, 20), (Status.OFF_TRACK, 25)),
    (),
)

NARRATIVES = {
    Status.NOT_STARTED: "work has not started yet; the plan is being agreed",
    Status.ON_TRACK: "the work is going to plan and the milestones for the quarter were met",
    Status.AT_RISK: "a milestone slipped and the recovery plan is being watched",
    Status.OFF_TRACK: "the work is behind plan and has been escalated to the board",
    Status.COMPLETE: "the work is done and the objective is met",
}
DEMONSTRATION_REASON = (
    "Demonstration data: the status is made up to show a mix of statuses, not read from "
    "the figures."
)


def narrative(status: str, percent: int) -> str:
    return (
        f"Demonstration text, not a report: {NARRATIVES[Status(status)]} ({percent}% complete). "
        "Made up by make run to show the app in use."
    )


@dataclass
class DemoReport:
    owners_given: int = 0
    updates_recorded: int = 0
    objectives_without_update: int = 0

    def summary(self) -> str:
        return (
            f"Demonstration data: {self.owners_given} objectives given an owner, "
            f"{self.updates_recorded} progress updates recorded, "
            f"{self.objectives_without_update} objectives left without an update."
        )


def _report_days(mandate: Mandate, today: datetime.date) -> list[datetime.date]:
    """The as-of date of each quarter of the mandate that can take a demonstration
    update: its last day, inside the mandate's period and not after today. A closed
    quarter is skipped: only an Editor with a reason may add to it, and made-up data
    has no reason to."""
    days = []
    for period in ReportingPeriod.objects.filter(mandate=mandate).order_by("start"):
        day = min(period.end, mandate.period_end)
        if period.is_closed or day < mandate.period_start or day > today:
            continue
        days.append(day)
    return days


def _author(objective: Objective, owners: list[User]) -> AbstractBaseUser:
    owner = objective.owner
    if owner is not None and owner.has_perm(RECORD_PROGRESS):
        return owner
    return owners[0]


def _record(
    objective: Objective,
    author: AbstractBaseUser,
    day: datetime.date,
    step: tuple[str, int],
    suggested: str,
) -> None:
    """One update, as the record page makes it: with the status the figures suggest,
    and a reason where the story's status differs from it."""
    status, percent = step
    progress_update_record(
        objective=objective,
        author=author,
        as_of=day,
        status=status,
        percent_complete=percent,
        narrative=narrative(status, percent),
        suggested_status=suggested,
        status_reason=DEMONSTRATION_REASON if suggested and suggested != status else "",
        demonstration=True,
    )


def _give_owner(objective: Objective, owner: User) -> bool:
    if objective.owner_id is not None:
        return False  # an owner someone chose stays
    objective.owner = owner
    objective._change_reason = "Demonstration owner (make run)"  # type: ignore[attr-defined]
    objective.save(update_fields=["owner"])
    return True


def _load_mandate(
    mandate: Mandate, owners: list[User], today: datetime.date, report: DemoReport
) -> None:
    days = _report_days(mandate, today)
    recorded = set(
        ProgressUpdate.objects.filter(objective__mandate=mandate, demonstration=True).values_list(
            "objective_id", "as_of"
        )
    )
    objectives = Objective.objects.filter(mandate=mandate).select_related("owner", "mandate")
    for index, objective in enumerate(objectives.order_by("position", "reference", "pk")):
        report.owners_given += _give_owner(objective, owners[index % len(owners)])
        story = STORIES[index % len(STORIES)]
        if not story:
            report.objectives_without_update += 1
            continue
        author = _author(objective, owners)
        # Measurements do not change here, so one suggestion serves every quarter.
        suggestion = suggestion_for(objective)
        suggested = suggestion.status if suggestion else ""
        for day, step in zip(days, story, strict=False):
            if (objective.pk, day) not in recorded:
                _record(objective, author, day, step, suggested)
                report.updates_recorded += 1


@transaction.atomic
def load_demo_data(*, today: datetime.date | None = None) -> DemoReport:
    """Give every objective an owner and record the demonstration updates. The demo
    accounts must exist (create_demo_accounts); User.DoesNotExist names the missing one."""
    today = today or timezone.localdate()
    owners = [User.objects.get(username=name) for name in OWNER_USERNAMES]
    report = DemoReport()
    for mandate in Mandate.objects.order_by("period_start"):
        _load_mandate(mandate, owners, today, report)
    return report
