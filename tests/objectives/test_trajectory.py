from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from objectives.models import Measurement, Objective, ProgressUpdate, Target
from objectives.services import measurement_record
from objectives.trajectory import expected_on, suggest, suggestion_for

Status = ProgressUpdate.Status
BASELINE_ON = datetime.date(2022, 1, 1)
DEADLINE = BASELINE_ON + datetime.timedelta(days=100)
MIDPOINT = BASELINE_ON + datetime.timedelta(days=50)

pytestmark = pytest.mark.usefixtures("without_published_figures")


def target(baseline: str | None = "0", value: str = "2000", **changes: object) -> Target:
    fields: dict[str, object] = {
        "value": Decimal(value),
        "unit": "nurses",
        "baseline_value": None if baseline is None else Decimal(baseline),
        "baseline_date": None if baseline is None else BASELINE_ON,
        "deadline": DEADLINE,
    }
    return Target(**(fields | changes))


def figure(value: str, on: datetime.date = MIDPOINT) -> Measurement:
    return Measurement(measured_on=on, value=Decimal(value))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (BASELINE_ON - datetime.timedelta(days=30), "0"),
        (BASELINE_ON, "0"),
        (BASELINE_ON + datetime.timedelta(days=25), "500"),
        (MIDPOINT, "1000"),
        (DEADLINE, "2000"),
        (DEADLINE + datetime.timedelta(days=365), "2000"),
    ],
)
def test_the_trajectory_is_a_straight_line_held_flat_before_and_after(
    day: datetime.date, expected: str
) -> None:
    assert expected_on(target(), day) == Decimal(expected)


def test_the_trajectory_starts_from_a_large_baseline_and_can_fall() -> None:
    assert expected_on(target("100000", "102000"), MIDPOINT) == Decimal("101000")
    assert expected_on(target("10000", "8000"), MIDPOINT) == Decimal("9000")


def test_expected_values_keep_to_the_precision_of_the_targets_figures() -> None:
    one_day = BASELINE_ON + datetime.timedelta(days=1)
    assert expected_on(target("0", "50"), one_day) == Decimal("1")  # 0.5 nurses, rounded
    assert expected_on(target("0", "50.50"), one_day) == Decimal("0.51")  # pounds and pence


@pytest.mark.parametrize(
    "changes",
    [
        {"baseline_value": None, "baseline_date": None},
        {"deadline": None},
        {"deadline": BASELINE_ON},  # no line can be drawn back to its own start
    ],
)
def test_a_target_without_baseline_or_deadline_has_no_trajectory_and_no_suggestion(
    changes: dict[str, object],
) -> None:
    incomplete = target(**changes)
    assert expected_on(incomplete, MIDPOINT) is None
    assert suggest(incomplete, figure("1000")) is None


# At the midpoint each of these targets expects 1,000 of progress since its baseline; the
# figures sit exactly at and just under 95% and 85% of it.
@pytest.mark.parametrize(
    ("baseline", "value", "actual", "status"),
    [
        ("0", "2000", "950", Status.ON_TRACK),
        ("0", "2000", "949.99", Status.AT_RISK),
        ("0", "2000", "850", Status.AT_RISK),
        ("0", "2000", "849.99", Status.OFF_TRACK),
        ("0", "2000", "1200", Status.ON_TRACK),
        # A large baseline: 100,949.99 is 99.9% of the expected level, but only 94.999% of
        # the expected progress, so it does not hide the shortfall.
        ("100000", "102000", "100950", Status.ON_TRACK),
        ("100000", "102000", "100949.99", Status.AT_RISK),
        ("100000", "102000", "100850", Status.AT_RISK),
        ("100000", "102000", "100849.99", Status.OFF_TRACK),
        # A falling target: 10,000 vacancies down to 8,000, so 9,000 expected.
        ("10000", "8000", "9050", Status.ON_TRACK),
        ("10000", "8000", "9050.01", Status.AT_RISK),
        ("10000", "8000", "9150", Status.AT_RISK),
        ("10000", "8000", "9150.01", Status.OFF_TRACK),
        ("10000", "8000", "10500", Status.OFF_TRACK),
    ],
)
def test_the_status_rule_at_its_boundaries(
    baseline: str, value: str, actual: str, status: Status
) -> None:
    suggestion = suggest(target(baseline, value), figure(actual))
    assert suggestion is not None
    assert suggestion.status == status
    assert suggestion.expected == Decimal(baseline) + (Decimal(value) - Decimal(baseline)) / 2
    assert (suggestion.actual, suggestion.on) == (Decimal(actual), MIDPOINT)


def test_the_ratio_is_the_share_of_the_expected_progress_since_the_baseline() -> None:
    suggestion = suggest(target("100000", "102000"), figure("100900"))
    assert suggestion is not None
    assert suggestion.ratio == Decimal("0.9")


@pytest.mark.parametrize(
    ("baseline", "value", "actual", "status"),
    [
        ("1000", "2000", "1000", Status.ON_TRACK),
        ("1000", "2000", "999", Status.OFF_TRACK),
        ("1000", "500", "1000", Status.ON_TRACK),
        ("1000", "500", "1001", Status.OFF_TRACK),
    ],
)
def test_on_the_baseline_date_reaching_the_baseline_in_the_targets_direction_is_on_track(
    baseline: str, value: str, actual: str, status: Status
) -> None:
    suggestion = suggest(target(baseline, value), figure(actual, on=BASELINE_ON))
    assert suggestion is not None
    assert suggestion.status == status
    assert suggestion.ratio == (1 if status == Status.ON_TRACK else 0)


@pytest.fixture
def nurse_targets(nurses: Objective) -> tuple[Target, Target]:
    """Both nurse targets given a baseline of 0 on 1 April 2021."""
    nurses.targets.update(
        baseline_value=0, baseline_date=datetime.date(2021, 4, 1), baseline_precision="day"
    )
    return (
        Target.objects.get(objective=nurses, code="nurses-2024"),
        Target.objects.get(objective=nurses, code="nurses-2025"),
    )


def record(target: Target, user: User, on: str, value: str) -> None:
    measurement_record(
        target=target,
        recorded_by=user,
        measured_on=datetime.date.fromisoformat(on),
        value=Decimal(value),
    )


def test_the_objectives_suggestion_is_its_worst_targets_from_its_latest_figure(
    nurses: Objective,
    nurse_targets: tuple[Target, Target],
    updater: User,
    django_assert_num_queries,
) -> None:
    by_2024, by_2025 = nurse_targets
    # By 2024: 10,000 expected on 31 December 2021, and 10,000 there: on track.
    record(by_2024, updater, "2021-12-31", "10000")
    # By 2025: an early figure far behind, then a later one a little behind: 11,500 of the
    # 13,112 expected on 30 June 2022 is 87.7%, at risk. The latest figure is the one used.
    record(by_2025, updater, "2021-06-30", "10")
    record(by_2025, updater, "2022-06-30", "11500")

    with django_assert_num_queries(1):
        suggestion = suggestion_for(nurses)

    assert suggestion is not None
    assert suggestion.target == by_2025
    assert suggestion.on == datetime.date(2022, 6, 30)
    assert (suggestion.actual, suggestion.expected) == (Decimal("11500"), Decimal("13112"))
    assert suggestion.status == Status.AT_RISK

    record(by_2024, updater, "2022-12-31", "5000")  # now far behind: off track
    worst = suggestion_for(nurses)
    assert worst is not None
    assert (worst.target, worst.status) == (by_2024, Status.OFF_TRACK)


def test_within_a_status_the_target_furthest_behind_is_the_suggestion(
    nurses: Objective, nurse_targets: tuple[Target, Target], updater: User
) -> None:
    by_2024, by_2025 = nurse_targets
    record(by_2024, updater, "2021-12-31", "1000")  # 10% of the expected 10,000
    record(by_2025, updater, "2021-12-31", "1000")  # 12.7% of the expected 7,896
    suggestion = suggestion_for(nurses)
    assert suggestion is not None
    assert (suggestion.target, suggestion.status) == (by_2024, Status.OFF_TRACK)


def test_targets_without_a_baseline_or_a_figure_give_no_suggestion(
    nurses: Objective, updater: User
) -> None:
    assert suggestion_for(nurses) is None  # no baselines, no figures
    by_2024 = Target.objects.get(objective=nurses, code="nurses-2024")
    record(by_2024, updater, "2021-12-31", "10000")
    assert suggestion_for(nurses) is None  # a figure, but no baseline to measure it from
    Target.objects.filter(pk=by_2024.pk).update(
        baseline_value=0, baseline_date=datetime.date(2021, 4, 1), baseline_precision="day"
    )
    Target.objects.filter(objective=nurses, code="nurses-2025").update(
        baseline_value=0, baseline_date=datetime.date(2021, 4, 1), baseline_precision="day"
    )
    suggestion = suggestion_for(nurses)  # the 2025 target has no figure: only 2024 counts
    assert suggestion is not None
    assert suggestion.target == by_2024
