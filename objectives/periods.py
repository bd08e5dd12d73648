"""Reporting quarters. HEE's year runs April to March, so its quarters start on the same
days as calendar quarters: 1 April, 1 July, 1 October and 1 January.

Each mandate's quarters are stored (ReportingPeriod) with the day their update is due,
by default two weeks after the quarter ends, to gather the figures; Editors may move it.
An objective is overdue on a day when the latest quarter of its mandate that has fallen
due has no update dated in it or later. A withdrawn mandate asks for no more updates."""

from __future__ import annotations

import datetime

from django.db.models import Case, DateField, Q, QuerySet, Value, When

from mandates.models import Mandate
from objectives.models import Objective, ReportingPeriod

DAYS_TO_REPORT = 14


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter_start(start: datetime.date) -> datetime.date:
    month = start.month + 3
    return datetime.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)


def quarters(mandate: Mandate) -> list[tuple[datetime.date, datetime.date, datetime.date]]:
    """(start, end, due) of each quarter of the mandate's period."""
    result = []
    start = quarter_start(mandate.period_start)
    while start <= mandate.period_end:
        end = next_quarter_start(start) - datetime.timedelta(days=1)
        result.append((start, end, end + datetime.timedelta(days=DAYS_TO_REPORT)))
        start = next_quarter_start(start)
    return result


def periods_due_by(
    day: datetime.date, mandate_ids: list[int] | None = None
) -> dict[int, ReportingPeriod]:
    """For each mandate still in force, the latest quarter whose update is due by `day`.
    One query."""
    in_force = Q(mandate__withdrawn_on__isnull=True) | Q(mandate__withdrawn_on__gt=day)
    periods = ReportingPeriod.objects.filter(in_force, due__lte=day)
    if mandate_ids is not None:
        periods = periods.filter(mandate_id__in=mandate_ids)
    due: dict[int, ReportingPeriod] = {}
    for period in periods.order_by("mandate_id", "-start"):
        due.setdefault(period.mandate_id, period)
    return due


def is_overdue(latest_as_of: datetime.date | None, period_due: ReportingPeriod | None) -> bool:
    if period_due is None:
        return False
    return latest_as_of is None or latest_as_of < period_due.start


def overdue_objectives(day: datetime.date) -> QuerySet[Objective]:
    """The objectives overdue on `day`, each with its latest update (Objective.latest_*)
    and the quarter it is overdue for: `due_start`, `due_end` and `due_on`. Two queries:
    the periods here, the objectives when the result is read."""
    due = periods_due_by(day)
    objectives = Objective.objects.select_related("mandate", "theme", "owner")
    if not due:
        return objectives.none()
    # The quarter is written into the query as constants, one case per mandate, so that a
    # page can say which quarter is missing without asking for the periods again.
    overdue = Q()
    for mandate_id, period in due.items():
        overdue |= Q(mandate_id=mandate_id) & (
            Q(latest_as_of__isnull=True) | Q(latest_as_of__lt=period.start)
        )

    def quarter(field: str) -> Case:
        whens = [
            When(mandate_id=mandate_id, then=Value(getattr(period, field)))
            for mandate_id, period in due.items()
        ]
        return Case(*whens, output_field=DateField())

    return objectives.filter(overdue).annotate(
        due_start=quarter("start"), due_end=quarter("end"), due_on=quarter("due")
    )
