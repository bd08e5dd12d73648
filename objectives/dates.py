"""Which dates an update and a figure may carry: the one definition the models' clean(),
and so the pages, the admin and the services, all check.

An update reports on its mandate, so its as-of date lies within the mandate's period;
and progress cannot stand at a day that has not come, so not after today. A figure may
come from before its mandate (a baseline), so only "not in the future" holds for it.
`today` is passed in, not read here, so a test or a caller fixes the day it asks about;
the callers pass django.utils.timezone.localdate(), the day in the service's zone."""

from __future__ import annotations

import datetime
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.formats import date_format


class HasPeriod(Protocol):
    """A mandate, as far as these rules need one."""

    period_start: datetime.date
    period_end: datetime.date


def as_of_range(mandate: HasPeriod, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last as-of dates allowed. For a mandate not yet started the last is
    before the first: no date is allowed yet."""
    return mandate.period_start, min(mandate.period_end, today)


def latest_as_of(mandate: HasPeriod, today: datetime.date) -> datetime.date:
    """The as-of date a new update is offered: the latest allowed, today while the
    mandate runs and its last day once it has ended. Before it starts, nothing is
    allowed; its first day is offered, and refused with a message that says why."""
    first, last = as_of_range(mandate, today)
    return max(first, last)


def as_of_range_words(mandate: HasPeriod, today: datetime.date) -> str:
    """The allowed range in words, to finish "The date must be ...": "between 1 April 2021
    and 31 March 2022", or "... and today, 3 December 2026" while the mandate runs."""
    first, last = as_of_range(mandate, today)
    if last < first:
        return f"on or after {date_format(first)}, when the mandate starts"
    end = f"today, {date_format(today)}" if last == today else date_format(last)
    return f"between {date_format(first)} and {end}"


def _refuse(field: str | None, message: str, code: str) -> ValidationError:
    """Keyed by its field for a model's clean(); unkeyed (field None) for a form's
    clean_<field>(), which says it against that field itself."""
    return ValidationError(message if field is None else {field: message}, code=code)


def check_as_of(
    mandate: HasPeriod,
    day: datetime.date,
    today: datetime.date,
    *,
    field: str | None = "as_of",
) -> None:
    """Refuse an as-of date outside the allowed range, saying which range that is."""
    first, last = as_of_range(mandate, today)
    if not first <= day <= last:
        message = f"The date must be {as_of_range_words(mandate, today)}."
        raise _refuse(field, message, "as_of_out_of_range")


def check_measured_on(
    day: datetime.date, today: datetime.date, *, field: str | None = "measured_on"
) -> None:
    """Refuse a figure dated after today. An earlier day, even before the mandate, is a
    baseline and allowed."""
    if day > today:
        message = "The date of the figure cannot be in the future."
        raise _refuse(field, message, "measured_on_in_future")
