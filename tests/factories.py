"""Many objectives and updates, for showing that a page's query count does not grow."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from mandates.models import Theme
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
    now = timezone.now()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            objective=objective,
            author=author,
            as_of=datetime.date(2021, 4, 1) + datetime.timedelta(days=n),
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
