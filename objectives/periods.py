"""Reporting quarters. HEE's year runs April to March, so its quarters start on the same
days as calendar quarters: 1 April, 1 July, 1 October and 1 January."""

import datetime


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
