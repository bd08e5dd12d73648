"""Reporting quarters. HEE's year runs April to March, so its quarters start on the same
days as calendar quarters: 1 April, 1 July, 1 October and 1 January.

The one reporting calendar (README, "Reporting quarters"): each mandate's quarters are
stored (ReportingPeriod) with the day their update is due, by default two weeks after the
quarter ends, to gather the figures; Editors may move it. On any day the quarter due is the
latest of the mandate's quarters whose due day has come; an objective is overdue, and is
counted as not updated, when it has no update dated in that quarter or later. Once the
mandate's period has ended no further quarter falls due, so its last quarter stays the one
due. A withdrawn mandate asks for nothing after its withdrawal. Pages count it in the
database (Theme.objects.with_status_counts, Objective.objects.overdue), summaries with
is_overdue: the same rule."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format

from mandates.models import Mandate, ReportingPeriod

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


def is_overdue(latest_as_of: datetime.date | None, period_due: ReportingPeriod | None) -> bool:
    if period_due is None:
        return False
    return latest_as_of is None or latest_as_of < period_due.start


def period_ended(mandate: Mandate, today: datetime.date) -> bool:
    return mandate.period_end < today


def quarter_words(start: datetime.date, end: datetime.date, due: datetime.date) -> str:
    """A quarter and its due day in words: "April to June 2021, due 14 July 2021". HEE's
    quarters never straddle a new year, so one year names both months."""
    month = date_format(start, "F")  # its year is the end's
    return f"{month} to {date_format(end, 'YEAR_MONTH_FORMAT')}, due {date_format(due)}"
