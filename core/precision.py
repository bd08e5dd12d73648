"""Dates held to the precision their source gives: a day, a month, a year or a financial
year. A source that says "by 2020" gives a year, not 31 December 2020, and the app must not
claim more than it says.

Such a date is held as the first day of its period with the precision beside it: (1 January
2020, YEAR) is "2020", (1 April 2024, FINANCIAL_YEAR) is "2024-25". It is said, and written
in ISO 8601, to that precision only. Where a rule needs one day (a trajectory's end, the
day a figure is compared with it), it takes the period's last day: "by 2020" is met if it
is met by the end of 2020, and a count "for September 2019" stands at the end of that
month. A chart draws such a figure across its period, at the period's middle.
"""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Calendar year"
    FINANCIAL_YEAR = "financial_year", "Financial year (April to March)"


def period_first(day: datetime.date, precision: str) -> datetime.date:
    """The first day of the period `day` falls in, to `precision`."""
    if precision == Precision.MONTH:
        return day.replace(day=1)
    if precision == Precision.YEAR:
        return day.replace(month=1, day=1)
    if precision == Precision.FINANCIAL_YEAR:
        return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    return day


def period_last(day: datetime.date, precision: str) -> datetime.date:
    """The last day of the period `day` falls in, to `precision`."""
    first = period_first(day, precision)
    if precision == Precision.MONTH:
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if precision == Precision.YEAR:
        return first.replace(month=12, day=31)
    if precision == Precision.FINANCIAL_YEAR:
        return datetime.date(first.year + 1, 3, 31)
    return day


def period_middle(day: datetime.date, precision: str) -> datetime.date:
    """The middle day of the period `day` falls in: where a chart draws a count for it."""
    first, last = period_first(day, precision), period_last(day, precision)
    return first + (last - first) / 2


def in_words(day: datetime.date, precision: str) -> str:
    """`day` said to its precision: "3 June 2021", "September 2019", "2020", "2024-25"."""
    if precision == Precision.MONTH:
        return date_format(day, "YEAR_MONTH_FORMAT")
    if precision == Precision.YEAR:
        return str(day.year)
    if precision == Precision.FINANCIAL_YEAR:
        first = period_first(day, precision)
        return f"{first.year}-{(first.year + 1) % 100:02d}"
    return date_format(day)


def iso(day: datetime.date, precision: str) -> str:
    """`day` in ISO 8601 to its precision: "2021-06-03", "2019-09", "2020", and a financial
    year as the interval of its months, "2024-04/2025-03"."""
    if precision == Precision.MONTH:
        return day.strftime("%Y-%m")
    if precision == Precision.YEAR:
        return f"{day.year:04d}"
    if precision == Precision.FINANCIAL_YEAR:
        first = period_first(day, precision)
        return f"{first.year:04d}-04/{first.year + 1:04d}-03"
    return day.isoformat()


def check_first_day(field: str, day: datetime.date | None, precision: str) -> None:
    """A date held to a month or a year must be its period's first day, so that one period
    has one way to be written."""
    if day is not None and day != period_first(day, precision):
        first = period_first(day, precision)
        raise ValidationError(
            {
                field: f"A date held to a {Precision(precision).label.lower()} is written as "
                f"the first day of it: {first:%d/%m/%Y}."
            }
        )
