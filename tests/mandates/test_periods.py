"""Reporting quarters, their due dates, and when an objective is overdue."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from mandates.models import Mandate, ReportingPeriod
from mandates.quarters import is_overdue, quarter_start, quarters
from mandates.services import reporting_period_close, reporting_periods_create

D = datetime.date


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (D(2022, 1, 1), D(2022, 1, 1)),
        (D(2022, 3, 31), D(2022, 1, 1)),
        (D(2021, 4, 1), D(2021, 4, 1)),
        (D(2021, 12, 31), D(2021, 10, 1)),
    ],
)
def test_quarters_start_on_the_first_of_january_april_july_and_october(
    day: datetime.date, start: datetime.date
) -> None:
    assert quarter_start(day) == start


@pytest.mark.usefixtures("mandates")
def test_each_mandate_has_its_four_quarters_due_two_weeks_after_they_end() -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    assert [(p.start, p.end, p.due) for p in mandate.periods.all()] == [
        (D(2021, 4, 1), D(2021, 6, 30), D(2021, 7, 14)),
        (D(2021, 7, 1), D(2021, 9, 30), D(2021, 10, 14)),
        (D(2021, 10, 1), D(2021, 12, 31), D(2022, 1, 14)),
        (D(2022, 1, 1), D(2022, 3, 31), D(2022, 4, 14)),
    ]
    assert ReportingPeriod.objects.count() == 8
    assert reporting_periods_create(mandate=mandate) == 0  # a second time makes none


@pytest.mark.usefixtures("mandates")
@pytest.mark.parametrize(
    ("day", "due_start"),
    [
        (D(2021, 7, 13), None),  # nothing is due before the first quarter's due date
        (D(2021, 7, 14), D(2021, 4, 1)),
        (D(2022, 1, 13), D(2021, 7, 1)),  # October-December's update is not due until 14 January
        (D(2022, 1, 14), D(2021, 10, 1)),
        (D(2026, 11, 22), D(2022, 1, 1)),  # long after the year, its last quarter stays due
    ],
)
def test_the_quarter_due_changes_on_its_due_date(
    day: datetime.date, due_start: datetime.date | None
) -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    period = ReportingPeriod.objects.due_by(day).get(mandate.pk)
    assert (period.start if period else None) == due_start


@pytest.mark.usefixtures("mandates")
def test_a_withdrawn_mandate_asks_for_nothing_after_its_withdrawal() -> None:
    old = Mandate.objects.get(slug="hee-2017-18")  # withdrawn 26 February 2019
    assert ReportingPeriod.objects.due_by(D(2019, 2, 25))[old.pk].start == D(2018, 1, 1)
    assert old.pk not in ReportingPeriod.objects.due_by(D(2019, 2, 26))


@pytest.mark.usefixtures("mandates")
def test_a_moved_due_date_is_kept_and_counts() -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    q3 = mandate.periods.get(start=D(2021, 10, 1))
    q3.due = D(2022, 1, 31)
    q3.save()
    reporting_periods_create(mandate=mandate)
    assert mandate.periods.get(start=D(2021, 10, 1)).due == D(2022, 1, 31)
    assert ReportingPeriod.objects.due_by(D(2022, 1, 20))[mandate.pk].start == D(2021, 7, 1)


@pytest.mark.usefixtures("mandates")
def test_an_objective_is_overdue_without_an_update_dated_in_the_quarter_due() -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    due = ReportingPeriod.objects.due_by(D(2022, 1, 14))[mandate.pk]
    assert is_overdue(None, due)
    assert is_overdue(D(2021, 9, 30), due)
    assert not is_overdue(D(2021, 10, 1), due)
    assert not is_overdue(None, None)


@pytest.mark.usefixtures("mandates")
def test_closing_a_quarter_says_who_and_when(editor: User) -> None:
    period = Mandate.objects.get(slug="hee-2021-22").periods.first()
    closed = reporting_period_close(period=period, editor=editor)
    assert closed.closed_by == editor and closed.closed_at is not None
    assert closed.history.first().history_change_reason == "Closed"
    with pytest.raises(Exception, match="already closed"):
        reporting_period_close(period=period, editor=editor)


def test_quarters_cover_the_mandate_period() -> None:
    mandate = Mandate(period_start=D(2017, 4, 1), period_end=D(2018, 3, 31))
    assert [q[0] for q in quarters(mandate)] == [
        D(2017, 4, 1),
        D(2017, 7, 1),
        D(2017, 10, 1),
        D(2018, 1, 1),
    ]
