import datetime

import pytest

from objectives.periods import Quarter, is_overdue, quarter_due_by, quarter_start

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


def test_a_quarter_ends_the_day_before_the_next_and_is_due_two_weeks_later() -> None:
    q4 = Quarter(D(2021, 10, 1))
    assert (q4.end, q4.due) == (D(2021, 12, 31), D(2022, 1, 14))
    assert Quarter(D(2022, 1, 1)).previous() == q4


@pytest.mark.parametrize(
    ("day", "due_quarter"),
    [
        (D(2022, 1, 13), D(2021, 7, 1)),  # October-December's update is not due until 14 January
        (D(2022, 1, 14), D(2021, 10, 1)),
        (D(2022, 3, 31), D(2021, 10, 1)),
        (D(2022, 4, 14), D(2022, 1, 1)),
    ],
)
def test_the_quarter_due_by_a_day_changes_on_the_due_date(
    day: datetime.date, due_quarter: datetime.date
) -> None:
    assert quarter_due_by(day).start == due_quarter


def test_an_objective_is_overdue_without_an_update_for_the_quarter_due() -> None:
    assert is_overdue(None, D(2022, 3, 31))
    assert is_overdue(D(2021, 9, 30), D(2022, 1, 14))
    assert not is_overdue(D(2021, 9, 30), D(2022, 1, 13))
    assert not is_overdue(D(2021, 10, 1), D(2022, 1, 14))
