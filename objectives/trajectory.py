"""Numbers against targets: where a target's figures should stand on a day, and the
status the latest figure suggests for its objective.

A target's trajectory is the straight line from its baseline (baseline_date,
baseline_value) to its deadline (deadline, value), each taken at the last day of the
period its precision gives (core.precision). Before the baseline date it is the
baseline; after the deadline, the target value. A target without a baseline, without a
deadline, or whose deadline is not after its baseline date has no trajectory, and so no
suggestion: there is nothing to compare its figures with.

The rule (issue 4/5): compare the latest actual figure with the trajectory's expected
value on the figure's date, as progress made since the baseline,

    ratio = (actual - baseline) / (expected - baseline)

On track at ON_TRACK_FROM (95%) of the expected progress or more, at risk from
AT_RISK_FROM (85%), off track below. Measuring progress rather than the level means a large
baseline cannot hide a shortfall (200,000 against an expected 210,000 from a baseline of
190,000 is half the progress, not 95% of the level), and a falling target (value below
baseline: fewer vacancies) works the same way, since both differences are then negative.

Expected values are rounded to the precision of the target's own figures (whole numbers
for a count), and the rule compares with the rounded value, the one the page shows.

On or before the baseline date the expected progress is nil and the ratio would divide by
zero: there the ratio is 1 if the actual figure has reached the baseline in the target's
direction (at or above it for a rising or flat target, at or below it for a falling one),
and 0 if it has gone the wrong way.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.precision import Precision
from objectives.models import Measurement, Objective, ProgressUpdate, Target

Status = ProgressUpdate.Status

# The share of the expected progress since the baseline at or above which a target is
# on track, and at or above which it is at risk rather than off track.
ON_TRACK_FROM = Decimal("0.95")
AT_RISK_FROM = Decimal("0.85")

# Worst first: the objective's suggestion is its most worrying target's.
SEVERITY = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2}

# Expected values are rounded to the precision of the target's own figures (whole nurses
# for a count of nurses, pence for a sum in pounds), so the value shown on the page is the
# value the rule compared with.
WHOLE = Decimal(1)
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Suggestion:
    """The status a target's latest figure suggests, with the numbers behind it."""

    status: ProgressUpdate.Status
    target: Target
    actual: Decimal
    expected: Decimal
    on: datetime.date  # the figure's date as held, to its precision (core.precision)
    ratio: Decimal  # share of the expected progress since the baseline: 1 is on the line
    precision: str = Precision.DAY


@dataclass(frozen=True)
class Trajectory:
    """The straight line a target's figures should follow, from its baseline to its deadline."""

    start: datetime.date
    start_value: Decimal
    end: datetime.date
    end_value: Decimal

    @property
    def falling(self) -> bool:
        return self.end_value < self.start_value

    def expected_on(self, day: datetime.date) -> Decimal:
        if day <= self.start:
            return self.start_value
        if day >= self.end:
            return self.end_value
        elapsed = Decimal((day - self.start).days)
        span = Decimal((self.end - self.start).days)
        expected = self.start_value + (self.end_value - self.start_value) * elapsed / span
        return expected.quantize(self.precision, rounding=ROUND_HALF_UP)

    @property
    def precision(self) -> Decimal:
        whole = all(v == v.to_integral_value() for v in (self.start_value, self.end_value))
        return WHOLE if whole else CENTS

    def ratio(self, actual: Decimal, expected: Decimal) -> Decimal:
        """The share of the expected progress since the baseline that `actual` has made."""
        if expected == self.start_value:
            reached = actual <= expected if self.falling else actual >= expected
            return Decimal(1) if reached else Decimal(0)
        return (actual - self.start_value) / (expected - self.start_value)


def trajectory(target: Target) -> Trajectory | None:
    """The target's trajectory; None without a baseline or a deadline, or with a deadline
    not after the baseline date (no line can be drawn)."""
    # A baseline or deadline held to a month or a year stands at its period's end
    # (core.precision): "by 2020" runs to the end of 2020.
    start, start_value, end = target.baseline_end, target.baseline_value, target.deadline_end
    if start is None or start_value is None or end is None or end <= start:
        return None
    return Trajectory(start, Decimal(start_value), end, Decimal(target.value))


def expected_on(target: Target, day: datetime.date) -> Decimal | None:
    """The trajectory's value on `day`, or None when the target has no trajectory."""
    line = trajectory(target)
    return None if line is None else line.expected_on(day)


def status_for(ratio: Decimal) -> ProgressUpdate.Status:
    if ratio >= ON_TRACK_FROM:
        return Status.ON_TRACK
    if ratio >= AT_RISK_FROM:
        return Status.AT_RISK
    return Status.OFF_TRACK


def suggest(target: Target, latest: Measurement) -> Suggestion | None:
    """The status `latest`, the target's latest figure, suggests by the rule above: its
    progress since the baseline against the trajectory's on its date. None when the target
    has no trajectory."""
    line = trajectory(target)
    if line is None:
        return None
    actual = Decimal(latest.value)
    expected = line.expected_on(latest.stands_on)
    ratio = line.ratio(actual, expected)
    return Suggestion(
        status=status_for(ratio),
        target=target,
        actual=actual,
        expected=expected,
        on=latest.measured_on,
        ratio=ratio,
        precision=latest.measured_precision,
    )


def worst(suggestions: Iterable[Suggestion | None]) -> Suggestion | None:
    """The most worrying suggestion: off track before at risk before on track, and within a
    status the one furthest behind its line."""
    found = [s for s in suggestions if s is not None]
    return min(found, key=lambda s: (SEVERITY[s.status], s.ratio), default=None)


def suggestions_for(objectives: Iterable[Objective]) -> dict[int, Suggestion]:
    """Each objective's suggested status, by objective id (none where there is nothing to
    suggest): the worst across its targets that have a trajectory and at least one figure.
    One query, however many objectives, targets or figures."""
    targets = (
        Target.objects.filter(
            objective__in=list(objectives),
            baseline_value__isnull=False,
            baseline_date__isnull=False,
            deadline__isnull=False,
        )
        .with_latest_figure()
        .filter(latest_on__isnull=False)
    )
    by_objective: dict[int, list[Suggestion | None]] = {}
    for target in targets:
        # Only the date and value matter to the rule: no need to fetch the row itself.
        latest = Measurement(
            target=target,
            measured_on=target.latest_on,  # type: ignore[attr-defined]
            measured_precision=target.latest_precision,  # type: ignore[attr-defined]
            value=target.latest_value,  # type: ignore[attr-defined]
        )
        by_objective.setdefault(target.objective_id, []).append(suggest(target, latest))
    found = {pk: worst(options) for pk, options in by_objective.items()}
    return {pk: suggestion for pk, suggestion in found.items() if suggestion is not None}


def suggestion_for(objective: Objective) -> Suggestion | None:
    """The objective's suggested status (suggestions_for). One query."""
    return suggestions_for([objective]).get(objective.pk)
