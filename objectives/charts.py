"""The geometry of a target's chart: its figures against its trajectory, drawn as SVG.

Everything is worked out here, in Python, so the template only places what it is given
(DESIGN.md: no computation in templates) and the page needs no script: a strict Content
Security Policy draws it, and so does print. Coordinates are in the units of a fixed
viewBox, rounded to one decimal place.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.formats import date_format

from core.numbers import figure, round_number
from objectives.models import Measurement, Target
from objectives.trajectory import (
    AT_RISK_FROM,
    ON_TRACK_FROM,
    Suggestion,
    Trajectory,
    suggest,
    trajectory,
)

WIDTH = 640
HEIGHT = 320
MARGIN_TOP = 28  # room for the target line's label when the target is the top tick
MARGIN_RIGHT = 16
MARGIN_BOTTOM = 36
MARGIN_LEFT = 76  # room for value labels as wide as "150,000"

# Days as a chart, short of room, writes them: "30 Jun 2022" (config/formats).
SHORT = "SHORT_DATE_FORMAT"
MAX_VALUE_TICKS = 6
MAX_DATE_TICKS = 6
TICK_LENGTH = 6
# Text sits on its baseline: these shift labels (14 units high) clear of what they name.
LABEL_GAP = 8  # between a value label and the axis
LABEL_CENTRE = 5  # down from a grid line to centre its label on it
DATE_LABEL_DROP = 24  # down from the axis to a date label's baseline
# A lone figure without a trajectory still needs a stretch of time to sit in.
LONE_DATE_PADDING = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class SeriesPoint:
    """One recorded figure, where it is drawn and how it is said."""

    on: datetime.date
    value: Decimal
    x: float
    y: float
    label: str  # "12,000 nurses on 30 Jun 2022"


@dataclass(frozen=True)
class Tick:
    """A tick (or grid line) from (x1, y1) to (x2, y2), and its label's anchor."""

    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class FigureRow:
    """A figure as the table under the chart shows it."""

    on: datetime.date
    actual: str
    expected: str  # empty without a trajectory
    percent: str  # of the expected progress since the baseline; empty without a trajectory
    note: str


@dataclass(frozen=True)
class TrajectoryChart:
    width: int
    height: int
    margin_top: int
    margin_right: int
    margin_bottom: int
    margin_left: int
    trajectory: tuple[Point, Point] | None  # baseline -> deadline
    series: list[SeriesPoint]  # in date order
    date_ticks: list[Tick]
    value_ticks: list[Tick]
    target_line: Tick  # across the plot at the target value, labelled
    title: str
    label: str  # the headline, for aria-label: the latest figure and what it suggests
    description: str  # the whole chart in words
    figures: list[FigureRow]
    suggestion: Suggestion | None
    reason: str  # why the figures suggest what they do; empty without a suggestion

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def plot_left(self) -> int:
        return self.margin_left

    @property
    def plot_right(self) -> int:
        return self.width - self.margin_right

    @property
    def plot_top(self) -> int:
        return self.margin_top

    @property
    def plot_bottom(self) -> int:
        return self.height - self.margin_bottom

    @property
    def polyline_points(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.series)


def percent_label(ratio: Decimal) -> str:
    """A ratio as a percentage, rounded down so that 94.99% never reads as 95% (the line
    between at risk and on track)."""
    percent = (ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
    if percent == percent.to_integral_value():
        return f"{int(percent)}%"
    return f"{percent}%"


def nice_value_ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    """Round numbers from at or below `low` to at or above `high`, a step of 1, 2, 2.5 or 5
    times a power of ten apart, about MAX_VALUE_TICKS of them."""
    if high <= low:
        high = low + 1
    raw_step = (high - low) / (MAX_VALUE_TICKS - 1)
    magnitude = Decimal(10) ** raw_step.adjusted()
    step = next(
        magnitude * m
        for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
        if magnitude * m >= raw_step
    )
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    ticks = [first]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def _firsts_of_months(start: datetime.date, end: datetime.date, every: int) -> list[datetime.date]:
    """The first days of months in [start, end] whose month number is 1 modulo `every`."""
    days = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        day = datetime.date(year, month, 1)
        if start <= day and (month - 1) % every == 0:
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def date_marks(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, str]]:
    """A few dates to mark on the time axis: the starts of years if there are two or more
    in the range, else of quarters, else of months, else the two ends."""
    # Marks of months are "Jun 2021": no format setting shortens the month, and "September
    # 2021" six times over would not fit the axis.
    for every, fmt in ((12, "Y"), (3, "M Y"), (1, "M Y")):
        days = _firsts_of_months(start, end, every)
        if len(days) >= 2:
            days = days[:: math.ceil(len(days) / MAX_DATE_TICKS)]
            return [(day, date_format(day, fmt)) for day in days]
    return [(start, date_format(start, SHORT)), (end, date_format(end, SHORT))]


class _Scale:
    """Dates and values to viewBox coordinates."""

    def __init__(
        self, first: datetime.date, last: datetime.date, low: Decimal, high: Decimal
    ) -> None:
        self.first, self.days = first, max((last - first).days, 1)
        self.low, self.span = low, (high - low) or Decimal(1)

    def x(self, day: datetime.date) -> float:
        share = (day - self.first).days / self.days
        return round(MARGIN_LEFT + share * (WIDTH - MARGIN_LEFT - MARGIN_RIGHT), 1)

    def y(self, value: Decimal) -> float:
        share = float((value - self.low) / self.span)
        return round(HEIGHT - MARGIN_BOTTOM - share * (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM), 1)


def _describe(
    target: Target, line: Trajectory | None, series: Sequence[Measurement]
) -> tuple[str, str, Suggestion | None]:
    """The headline and the full description in words, and the suggestion they state."""
    unit = target.unit
    suggestion = suggest(target, series[-1]) if series else None
    if suggestion is not None:
        headline = (
            f"{figure(suggestion.actual)} {unit} on {date_format(suggestion.on, SHORT)} against "
            f"{figure(suggestion.expected)} expected: {suggestion.status.label.lower()}"
        )
    elif series:
        latest = series[-1]
        headline = (
            f"{figure(Decimal(latest.value))} {unit} on {date_format(latest.measured_on, SHORT)}"
            "; no trajectory to compare it with"
        )
    else:
        headline = "No figures recorded yet"
    parts = [headline + "."]
    if line is not None:
        parts.append(
            f"The trajectory runs from {figure(line.start_value)} {unit} on "
            f"{date_format(line.start, SHORT)} to {figure(line.end_value)} "
            f"by {date_format(line.end, SHORT)}."
        )
    else:
        parts.append(
            f"The target is {figure(Decimal(target.value))} {unit}; without a baseline and a "
            "deadline there is no trajectory."
        )
    if series:
        count = "1 figure" if len(series) == 1 else f"{len(series)} figures"
        parts.append(
            f"{count} recorded, from {date_format(series[0].measured_on, SHORT)} "
            f"to {date_format(series[-1].measured_on, SHORT)}."
        )
    return headline, " ".join(parts), suggestion


def suggestion_reason(suggestion: Suggestion | None, unit: str) -> str:
    """The suggestion in words, with its numbers: on the objective page and the form."""
    if suggestion is None:
        return ""
    return (
        f"The latest figure, {figure(suggestion.actual)} {unit} on "
        f"{date_format(suggestion.on, SHORT)}, is {percent_label(suggestion.ratio)} of the "
        f"progress expected since the baseline by then ({figure(suggestion.expected)} "
        "expected). On track from "
        f"{percent_label(ON_TRACK_FROM)}, at risk from {percent_label(AT_RISK_FROM)}."
    )


def _figure_rows(line: Trajectory | None, series: Sequence[Measurement]) -> list[FigureRow]:
    rows = []
    for measurement in series:
        expected = percent = ""
        if line is not None:
            value = line.expected_on(measurement.measured_on)
            expected = figure(value)
            percent = percent_label(line.ratio(Decimal(measurement.value), value))
        rows.append(
            FigureRow(
                measurement.measured_on,
                figure(Decimal(measurement.value)),
                expected,
                percent,
                measurement.note,
            )
        )
    return rows


def trajectory_chart(target: Target, measurements: Iterable[Measurement]) -> TrajectoryChart | None:
    """The chart of the target's figures against its trajectory. With figures but no
    trajectory it draws the figures alone; with a trajectory but no figures, the line
    alone; with neither there is nothing to draw, and it is None."""
    line = trajectory(target)
    series = sorted(measurements, key=lambda m: m.measured_on)
    if line is None and not series:
        return None

    days = [m.measured_on for m in series]
    values = [Decimal(target.value)] + [Decimal(m.value) for m in series]
    if line is not None:
        days += [line.start, line.end]
        values.append(line.start_value)
    first, last = min(days), max(days)
    if first == last:
        first, last = first - LONE_DATE_PADDING, last + LONE_DATE_PADDING
    # Counts read truest from zero; only when every figure sits far above it (a target of
    # 105,000 from 100,000) does the axis start near them, so that change can be seen.
    low, high = min(values), max(values)
    if 0 <= low <= high / 2:
        low = Decimal(0)
    ticks = nice_value_ticks(low, high)
    scale = _Scale(first, last, ticks[0], ticks[-1])

    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    bottom = HEIGHT - MARGIN_BOTTOM
    value_ticks = [
        Tick(
            left,
            scale.y(v),
            right,
            scale.y(v),
            round_number(v),
            left - LABEL_GAP,
            round(scale.y(v) + LABEL_CENTRE, 1),
        )
        for v in ticks
    ]
    date_ticks = [
        Tick(
            scale.x(d),
            bottom,
            scale.x(d),
            bottom + TICK_LENGTH,
            label,
            scale.x(d),
            bottom + DATE_LABEL_DROP,
        )
        for d, label in date_marks(first, last)
    ]
    target_y = scale.y(Decimal(target.value))
    deadline = f" by {date_format(target.deadline, SHORT)}" if target.deadline else ""
    target_line = Tick(
        left,
        target_y,
        right,
        target_y,
        f"Target: {figure(Decimal(target.value))} {target.unit}{deadline}",
        right,
        round(target_y - LABEL_GAP, 1),
    )
    headline, description, suggestion = _describe(target, line, series)
    return TrajectoryChart(
        width=WIDTH,
        height=HEIGHT,
        margin_top=MARGIN_TOP,
        margin_right=MARGIN_RIGHT,
        margin_bottom=MARGIN_BOTTOM,
        margin_left=MARGIN_LEFT,
        trajectory=None
        if line is None
        else (
            Point(scale.x(line.start), scale.y(line.start_value)),
            Point(scale.x(line.end), scale.y(line.end_value)),
        ),
        series=[
            SeriesPoint(
                m.measured_on,
                Decimal(m.value),
                scale.x(m.measured_on),
                scale.y(Decimal(m.value)),
                f"{figure(Decimal(m.value))} {target.unit} on {date_format(m.measured_on, SHORT)}",
            )
            for m in series
        ],
        date_ticks=date_ticks,
        value_ticks=value_ticks,
        target_line=target_line,
        title=f"{target.description}: figures against the trajectory",
        label=headline,
        description=description,
        figures=_figure_rows(line, series),
        suggestion=suggestion,
        reason=suggestion_reason(suggestion, target.unit),
    )
