"""The geometry of a target's chart: its figures against its trajectory, drawn as SVG.

Everything is worked out here, in Python, so the template only places what it is given
(DESIGN.md: no computation in templates) and the page needs no script: a strict Content
Security Policy draws it, and so does print. Coordinates are in the units of a fixed
viewBox, rounded to one decimal place.

A chart is drawn twice, in two layouts, and the stylesheet shows the one that fits the
screen (app.scss, .app-chart--wide and --narrow): an SVG scales its text with its width, so
one 640-unit drawing squeezed onto a phone's 343 px would write its labels 7 px high. The
narrow one is as wide in units as a phone is in pixels, so its labels are drawn at about the
size they are set in, and it marks fewer dates so that they still fit side by side.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.formats import date_format

from core.numbers import figure, round_number
from core.precision import period_middle
from objectives.chart_words import FigureRow, dated, describe, figure_rows, suggestion_reason
from objectives.models import Measurement, Target, TargetStep
from objectives.trajectory import Suggestion, Trajectory, trajectory


@dataclass(frozen=True)
class Layout:
    """A chart's size in viewBox units and the room around its plot."""

    width: int
    height: int
    margin_top: int  # room for the target line's label when the target is the top tick
    margin_right: int
    margin_bottom: int
    margin_left: int  # room for value labels as wide as "150,000"
    max_date_ticks: int


# For a screen from a tablet's up (NHS.UK's 641 px breakpoint): at least 577 px wide there,
# so its 14-unit text is drawn at 12.6 px or more.
WIDE = Layout(640, 320, 28, 16, 36, 76, 6)
# For a phone: 320 units across about 290 to 610 px, so the text is 12.7 px or more.
NARROW = Layout(320, 260, 28, 12, 36, 64, 3)

# Days as a chart, short of room, writes them: "30 Jun 2022" (config/formats).
SHORT = "SHORT_DATE_FORMAT"
MAX_VALUE_TICKS = 6
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
class TrajectoryChart:
    layout: str  # "wide" or "narrow": the stylesheet's modifier of .app-chart
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
    steps: list[Tick]  # a target that steps up year by year: its value across each year
    axis_break: float | None  # where the value axis is broken (it does not start at zero)
    title: str
    label: str  # the headline, for aria-label: the latest figure and what it suggests
    description: str  # the whole chart in words
    figures: list[FigureRow]
    suggestion: Suggestion | None
    reason: str  # why the figures suggest what they do; empty without a suggestion
    narrow: TrajectoryChart | None  # the same chart for a phone (on the wide one only)

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


def date_marks(
    start: datetime.date, end: datetime.date, most: int = WIDE.max_date_ticks
) -> list[tuple[datetime.date, str]]:
    """A few dates (`most` at most) to mark on the time axis: the starts of years if there
    are two or more in the range, else of quarters, else of months, else the two ends."""
    # Marks of months are "Jun 2021": no format setting shortens the month, and "September
    # 2021" six times over would not fit the axis.
    for every, fmt in ((12, "Y"), (3, "M Y"), (1, "M Y")):
        days = _firsts_of_months(start, end, every)
        if len(days) >= 2:
            days = days[:: math.ceil(len(days) / most)]
            return [(day, date_format(day, fmt)) for day in days]
    return [(start, date_format(start, SHORT)), (end, date_format(end, SHORT))]


class _Scale:
    """Dates and values to viewBox coordinates in a layout."""

    def __init__(
        self,
        layout: Layout,
        first: datetime.date,
        last: datetime.date,
        low: Decimal,
        high: Decimal,
    ) -> None:
        self.layout = layout
        self.first, self.days = first, max((last - first).days, 1)
        self.low, self.span = low, (high - low) or Decimal(1)
        self.left, self.right = layout.margin_left, layout.width - layout.margin_right
        self.top, self.bottom = layout.margin_top, layout.height - layout.margin_bottom

    def x(self, day: datetime.date) -> float:
        share = (day - self.first).days / self.days
        return round(self.left + share * (self.right - self.left), 1)

    def y(self, value: Decimal) -> float:
        share = float((value - self.low) / self.span)
        return round(self.bottom - share * (self.bottom - self.top), 1)


def _extent(
    target: Target,
    line: Trajectory | None,
    series: Sequence[Measurement],
    steps: Sequence[TargetStep],
) -> tuple[datetime.date, datetime.date, Decimal, Decimal]:
    """The first and last day and the lowest and highest value the chart must hold."""
    days = [period_middle(m.measured_on, m.measured_precision) for m in series]
    values = [Decimal(target.value)] + [Decimal(m.value) for m in series]
    for step in steps:
        days += [datetime.date(step.year, 1, 1), datetime.date(step.year, 12, 31)]
        values.append(Decimal(step.value))
    if line is not None:
        days += [line.start, line.end]
        values.append(line.start_value)
    first, last = min(days), max(days)
    if first == last:
        first, last = first - LONE_DATE_PADDING, last + LONE_DATE_PADDING
    # Counts read truest from zero; only when every figure sits far above it (a target of
    # 105,000 from 100,000) does the axis start near them, so that change can be seen, and
    # then the chart marks the break.
    low, high = min(values), max(values)
    if 0 <= low <= high / 2:
        low = Decimal(0)
    return first, last, low, high


def _value_ticks(scale: _Scale, ticks: list[Decimal]) -> list[Tick]:
    return [
        Tick(
            scale.left,
            scale.y(v),
            scale.right,
            scale.y(v),
            round_number(v),
            scale.left - LABEL_GAP,
            round(scale.y(v) + LABEL_CENTRE, 1),
        )
        for v in ticks
    ]


def _date_ticks(scale: _Scale, first: datetime.date, last: datetime.date) -> list[Tick]:
    bottom = scale.bottom
    return [
        Tick(
            scale.x(d),
            bottom,
            scale.x(d),
            bottom + TICK_LENGTH,
            label,
            scale.x(d),
            bottom + DATE_LABEL_DROP,
        )
        for d, label in date_marks(first, last, scale.layout.max_date_ticks)
    ]


def _target_line(scale: _Scale, target: Target) -> Tick:
    y = scale.y(Decimal(target.value))
    deadline = f" {target.deadline_words}" if target.deadline else ""
    label = f"Target: {figure(Decimal(target.value))} {target.unit}{deadline}"
    return Tick(scale.left, y, scale.right, y, label, scale.right, round(y - LABEL_GAP, 1))


def _series_points(
    scale: _Scale, target: Target, series: Sequence[Measurement]
) -> list[SeriesPoint]:
    return [
        SeriesPoint(
            m.measured_on,
            Decimal(m.value),
            scale.x(period_middle(m.measured_on, m.measured_precision)),
            scale.y(Decimal(m.value)),
            f"{figure(Decimal(m.value))} {target.unit} "
            f"{dated(m.measured_on, m.measured_precision)}",
        )
        for m in series
    ]


def _step_lines(scale: _Scale, target: Target, steps: Sequence[TargetStep]) -> list[Tick]:
    """Each year's step as a line across that year, labelled with its value."""
    lines = []
    for step in steps:
        y = scale.y(Decimal(step.value))
        x1 = scale.x(datetime.date(step.year, 1, 1))
        x2 = scale.x(datetime.date(step.year, 12, 31))
        label = f"{step.year}: {figure(Decimal(step.value))} {target.unit}"
        lines.append(Tick(x1, y, x2, y, label, x1, round(y - LABEL_GAP, 1)))
    return lines


def trajectory_chart(
    target: Target, measurements: Iterable[Measurement], steps: Iterable[TargetStep] = ()
) -> TrajectoryChart | None:
    """The chart of the target's figures against its trajectory and its yearly steps, in
    the wide layout, with the same in the narrow one as its `narrow`. With figures but no
    trajectory it draws the figures alone; with a trajectory but no figures, the line
    alone; with neither there is nothing to draw, and it is None. A figure for a month or a
    year is drawn at that period's middle (core.precision)."""
    line = trajectory(target)
    series = sorted(measurements, key=lambda m: m.stands_on)
    yearly = sorted(steps, key=lambda step: step.year)
    if line is None and not series and not yearly:
        return None
    narrow = _drawn(NARROW, target, line, series, yearly, narrow=None)
    return _drawn(WIDE, target, line, series, yearly, narrow=narrow)


def _drawn(
    layout: Layout,
    target: Target,
    line: Trajectory | None,
    series: Sequence[Measurement],
    yearly: Sequence[TargetStep],
    narrow: TrajectoryChart | None,
) -> TrajectoryChart:
    first, last, low, high = _extent(target, line, series, yearly)
    ticks = nice_value_ticks(low, high)
    scale = _Scale(layout, first, last, ticks[0], ticks[-1])
    headline, description, suggestion = describe(target, line, series)
    if ticks[0] > 0:
        description += f" The value axis starts at {figure(ticks[0])}, not at zero."
    return TrajectoryChart(
        layout="narrow" if layout == NARROW else "wide",
        width=layout.width,
        height=layout.height,
        margin_top=layout.margin_top,
        margin_right=layout.margin_right,
        margin_bottom=layout.margin_bottom,
        margin_left=layout.margin_left,
        trajectory=None
        if line is None
        else (
            Point(scale.x(line.start), scale.y(line.start_value)),
            Point(scale.x(line.end), scale.y(line.end_value)),
        ),
        series=_series_points(scale, target, series),
        date_ticks=_date_ticks(scale, first, last),
        value_ticks=_value_ticks(scale, ticks),
        target_line=_target_line(scale, target),
        steps=_step_lines(scale, target, yearly),
        axis_break=scale.y(ticks[0]) if ticks[0] > 0 else None,
        title=f"{target.description}: figures against the trajectory",
        label=headline,
        description=description,
        figures=figure_rows(line, series),
        suggestion=suggestion,
        reason=suggestion_reason(suggestion, target.unit),
        narrow=narrow,
    )
