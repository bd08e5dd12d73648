"""Reporting quarters. HEE's year runs April to March, so its quarters start on the same
days as calendar quarters: 1 April, 1 July, 1 October and 1 January.

A quarter's update is due two weeks after the quarter ends (time to gather the figures).
An objective is overdue on a day when the latest quarter whose update has fallen due has
no update dated in it or later."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

DAYS_TO_REPORT = 14


@dataclass(frozen=True)
class Quarter:
    start: datetime.date

    @property
    def end(self) -> datetime.date:
        return next_quarter_start(self.start) - datetime.timedelta(days=1)

    @property
    def due(self) -> datetime.date:
        return self.end + datetime.timedelta(days=DAYS_TO_REPORT)

    def previous(self) -> Quarter:
        return Quarter(quarter_start(self.start - datetime.timedelta(days=1)))


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter_start(start: datetime.date) -> datetime.date:
    month = start.month + 3
    return datetime.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)


def quarter_due_by(day: datetime.date) -> Quarter:
    """The latest quarter whose update is due on or before this day."""
    quarter = Quarter(quarter_start(day)).previous()
    return quarter if quarter.due <= day else quarter.previous()


def is_overdue(latest_as_of: datetime.date | None, day: datetime.date) -> bool:
    return latest_as_of is None or latest_as_of < quarter_due_by(day).start
