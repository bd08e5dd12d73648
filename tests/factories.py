"""Many objectives and updates, for showing that a page's query count does not grow."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from mandates.models import Theme
from objectives.dates import as_of_range
from objectives.models import Objective, ProgressUpdate
from objectives.services import objective_latest_refresh, progress_update_record


def add_objectives(theme: Theme, count: int, *, owner: User | None = None) -> list[Objective]:
    return Objective.objects.bulk_create(
        Objective(
            mandate=theme.mandate,
            theme=theme,
            reference=f"x{n}",
            title=f"Extra objective {n}",
            text="Made for a test.",
            provenance=Objective.Provenance.SUMMARY,
            source_note="Test data.",
            owner=owner,
            position=100 + n,
        )
        for n in range(count)
    )


def add_updates(objectives: list[Objective], per_objective: int, *, author: User) -> None:
    """`per_objective` updates each, as of its mandate's first day and the days after
    (1, 2, ... April 2021 for 2021-22). Bulk-created, so ProgressUpdate.clean is not
    asked: the dates are kept within what it allows (objectives.dates) here."""
    now = timezone.now()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            objective=objective,
            author=author,
            as_of=_nth_day(objective, n),
            status=ProgressUpdate.Status.ON_TRACK,
            percent_complete=n % 100,
            narrative=f"Update {n}.",
            recorded_at=now,
        )
        for objective in objectives
        for n in range(per_objective)
    )
    # Bulk-created, not recorded through the services: set the latest update as they would.
    objective_latest_refresh(objective_ids=[objective.pk for objective in objectives])


def _nth_day(objective: Objective, n: int) -> datetime.date:
    first, last = as_of_range(objective.mandate, timezone.localdate())
    day = first + datetime.timedelta(days=n)
    if day > last:
        raise ValueError(f"{n} days on from {first} is outside the mandate's period")
    return day


def record_progress(
    objective: Objective,
    author: User,
    as_of: datetime.date,
    status: str,
    percent: int,
    narrative: str = "",
) -> ProgressUpdate:
    """One update recorded through the services, as the pages record it."""
    return progress_update_record(
        objective=objective,
        author=author,
        as_of=as_of,
        status=status,
        percent_complete=percent,
        narrative=narrative or f"{status} at {percent}%",
    )
