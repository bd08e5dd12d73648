"""A target's chart in words: its headline and description, the table of its figures, and
the reason for the status its figures suggest. objectives.charts draws the same numbers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.formats import date_format

from core.numbers import figure
from core.precision import Precision, in_words
from objectives.models import Measurement, Target
from objectives.trajectory import AT_RISK_FROM, ON_TRACK_FROM, Suggestion, Trajectory, suggest

# Days as a chart, short of room, writes them: "30 Jun 2022" (config/formats).
SHORT = "SHORT_DATE_FORMAT"


@dataclass(frozen=True)
class FigureRow:
    """A figure as the table under the chart shows it."""

    on: datetime.date
    when: str  # the date to its precision: "September 2019", "2020"
    actual: str
    expected: str  # empty without a trajectory
    percent: str  # of the expected progress since the baseline; empty without a trajectory
    note: str
    publisher: str  # empty for a figure recorded here
    source_url: str
    published_on: datetime.date | None


def short(day: datetime.date, precision: str) -> str:
    """A date as a chart, short of room, says it: "30 Jun 2022", or to its precision,
    "September 2019", never a day its source did not give."""
    if precision == Precision.DAY:
        return date_format(day, SHORT)
    return in_words(day, precision)


def dated(day: datetime.date | None, precision: str, preposition: str = "for") -> str:
    """ "on 30 Jun 2022", or "for September 2019" (a count for a month or a year)."""
    if day is None:
        return ""
    if precision == Precision.DAY:
        return f"on {short(day, precision)}"
    return f"{preposition} {short(day, precision)}"


def percent_label(ratio: Decimal) -> str:
    """A ratio as a percentage, rounded down so that 94.99% never reads as 95% (the line
    between at risk and on track)."""
    percent = (ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
    if percent == percent.to_integral_value():
        return f"{int(percent)}%"
    return f"{percent}%"


def describe(
    target: Target, line: Trajectory | None, series: Sequence[Measurement]
) -> tuple[str, str, Suggestion | None]:
    """The headline and the full description in words, and the suggestion they state."""
    unit = target.unit
    suggestion = suggest(target, series[-1]) if series else None
    if suggestion is not None:
        headline = (
            f"{figure(suggestion.actual)} {unit} "
            f"{dated(suggestion.on, suggestion.precision)} against "
            f"{figure(suggestion.expected)} expected: {suggestion.status.label.lower()}"
        )
    elif series:
        latest = series[-1]
        headline = (
            f"{figure(Decimal(latest.value))} {unit} "
            f"{dated(latest.measured_on, latest.measured_precision)}"
            "; no trajectory to compare it with"
        )
    else:
        headline = "No figures recorded yet"
    parts = [headline + "."]
    if line is not None:
        parts.append(
            f"The trajectory runs from {figure(line.start_value)} {unit} "
            f"{dated(target.baseline_date, target.baseline_precision, 'in')} to "
            f"{figure(line.end_value)} "
            f"{target.deadline_words or 'by ' + date_format(line.end, SHORT)}."
        )
    else:
        parts.append(
            f"The target is {figure(Decimal(target.value))} {unit}; without a baseline and a "
            "deadline there is no trajectory."
        )
    if series:
        count = "1 figure" if len(series) == 1 else f"{len(series)} figures"
        published = sum(1 for m in series if m.is_published)
        if published:
            count += f" ({published} published by others)"
        first, last = series[0], series[-1]
        parts.append(
            f"{count} recorded, from {short(first.measured_on, first.measured_precision)} "
            f"to {short(last.measured_on, last.measured_precision)}."
        )
    return headline, " ".join(parts), suggestion


def suggestion_reason(suggestion: Suggestion | None, unit: str) -> str:
    """The suggestion in words, with its numbers: on the objective page and the form."""
    if suggestion is None:
        return ""
    return (
        f"The latest figure, {figure(suggestion.actual)} {unit} "
        f"{dated(suggestion.on, suggestion.precision)}, is "
        f"{percent_label(suggestion.ratio)} of the "
        f"progress expected since the baseline by then ({figure(suggestion.expected)} "
        "expected). On track from "
        f"{percent_label(ON_TRACK_FROM)}, at risk from {percent_label(AT_RISK_FROM)}."
    )


def figure_rows(line: Trajectory | None, series: Sequence[Measurement]) -> list[FigureRow]:
    rows = []
    for measurement in series:
        expected = percent = ""
        if line is not None:
            value = line.expected_on(measurement.stands_on)
            expected = figure(value)
            percent = percent_label(line.ratio(Decimal(measurement.value), value))
        rows.append(
            FigureRow(
                on=measurement.measured_on,
                when=short(measurement.measured_on, measurement.measured_precision),
                actual=figure(Decimal(measurement.value)),
                expected=expected,
                percent=percent,
                note=measurement.note,
                publisher=measurement.publisher,
                source_url=measurement.source_url,
                published_on=measurement.published_on,
            )
        )
    return rows
