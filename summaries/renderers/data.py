"""The summary as data: CSV for a spreadsheet user, JSON for another program.

Each CSV row stands alone (mandate, theme and "as at" on every one), since a reader sorts,
filters and pastes rows apart from the file they came from. The JSON's shape is described
in README.md, "The JSON summary".
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from core.numbers import figure
from core.precision import Precision, iso
from objectives.chart_words import dated
from objectives.provenance import codes
from summaries.summary import ObjectiveLine, SignOff, Summary, TargetLine, ThemeSummary

# A cell starting with one of these is taken for a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV without a byte-order mark in the machine's legacy code page, which
# garbles dashes, "£" and accented names; with one it reads UTF-8.
CSV_ENCODING = "utf-8-sig"

CSV_HEADER = [
    "Mandate",
    "Theme",
    "Theme title",
    "As at",
    "Reference",
    "Provenance marks",
    "Objective",
    "Owner",
    "Status",
    "Percent complete",
    "As of",
    "Overdue",
    "Narrative",
    "Evidence link",
    "Targets",
    "Provenance",
    "Demonstration data",
    "Was",
    "Was at",
    "Theme sign-off",
]


def defuse(text: str) -> str:
    """Make text that a spreadsheet would run as a formula read as the text it is."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def target_text(target: TargetLine) -> str:
    """The target as its source words it, then where it stands."""
    inferred = " (deadline inferred)" if target.deadline_inferred else ""
    if target.latest_value is None or target.latest_on is None:
        return f"{target.description}{inferred}: no figure recorded"
    on = dated(target.latest_on, target.latest_precision or Precision.DAY)
    return f"{target.description}{inferred}: {figure(target.latest_value)} {target.unit} {on}"


def _csv_row(summary: Summary, theme: ThemeSummary, line: ObjectiveLine) -> list:
    theme_number, theme_title = theme.number, theme.title
    return [
        summary.mandate.title,
        theme_number,
        theme_title,
        summary.as_at.isoformat(),
        line.reference,
        codes(line.marks),
        line.title,
        line.owner,
        line.status_label,
        "" if line.percent is None else line.percent,
        line.as_of.isoformat() if line.as_of else "",
        yes_no(line.overdue),
        line.narrative,
        line.evidence_url,
        "; ".join(target_text(t) for t in line.targets),
        # The marks in words, so a row read on its own needs no legend.
        "; ".join([line.provenance_label, *(mark.label for mark in line.marks)]),
        yes_no(line.demonstration),
        summary.was_words(line),
        summary.previous_end.isoformat() if summary.previous_end else "",
        theme.sign_off_words,
    ]


def summary_csv(summary: Summary) -> bytes:
    """The CSV as downloaded: UTF-8 with a byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for theme in summary.themes:
        for line in theme.lines:
            row = _csv_row(summary, theme, line)
            writer.writerow([defuse(cell) if isinstance(cell, str) else cell for cell in row])
    return out.getvalue().encode(CSV_ENCODING)


def number(value: Decimal | None) -> int | float | None:
    """A figure as a JSON number: whole ones as integers, others as floats (the figures
    hold two places at most, which a float carries without loss of what is shown)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def text_or_null(value: str) -> str | None:
    """Missing text is null, never "": a reader tests one thing for "not given"."""
    return value or None


def _deadline(target: TargetLine) -> dict[str, Any] | None:
    if not target.deadline and target.deadline_iso is None:
        return None
    return {
        "text": text_or_null(target.deadline),
        "iso": target.deadline_iso,
        "precision": target.deadline_precision,
        "inferred": target.deadline_inferred,
    }


def _target(target: TargetLine) -> dict[str, Any]:
    return {
        "description": target.description,
        "value": number(target.value),
        "unit": text_or_null(target.unit),
        "deadline": _deadline(target),
        "latest_value": number(target.latest_value),
        "latest_on": None
        if target.latest_on is None
        else iso(target.latest_on, target.latest_precision or Precision.DAY),
        "source": text_or_null(target.source_note),
    }


def _was(summary: Summary, line: ObjectiveLine) -> dict[str, Any] | None:
    if summary.previous_end is None:
        return None
    return {
        "status": line.was_status,
        "status_label": line.was_status_label,
        "at": summary.previous_end.isoformat(),
    }


def _sign_off(sign_off: SignOff | None) -> dict[str, Any] | None:
    if sign_off is None:
        return None
    period = sign_off.period
    return {
        "quarter": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": period.label,
        },
        "state": sign_off.state,
        "state_label": sign_off.state_label,
        "by": text_or_null(sign_off.by),
        "at": sign_off.at.isoformat() if sign_off.at else None,
        "comment": text_or_null(sign_off.comment),
    }


def _line(summary: Summary, line: ObjectiveLine) -> dict[str, Any]:
    return {
        "reference": line.reference,
        "title": line.title,
        "owner": text_or_null(line.owner),
        "status": line.status,
        "status_label": line.status_label,
        "percent_complete": line.percent,
        "as_of": line.as_of.isoformat() if line.as_of else None,
        "overdue": line.overdue,
        "narrative": text_or_null(line.narrative),
        "evidence_url": text_or_null(line.evidence_url),
        "provenance": {
            "value": line.provenance,
            "label": line.provenance_label,
            "marks": [mark.code for mark in line.marks],
        },
        "demonstration": line.demonstration,
        "was": _was(summary, line),
        "targets": [_target(t) for t in line.targets],
    }


def summary_json(summary: Summary) -> dict[str, Any]:
    mandate = summary.mandate
    return {
        "title": summary.title,
        "mandate": {
            "slug": mandate.slug,
            "title": mandate.title,
            "period_start": mandate.period_start.isoformat(),
            "period_end": mandate.period_end.isoformat(),
            "source_url": text_or_null(mandate.source_url),
        },
        "as_at": summary.as_at.isoformat(),
        "previous_quarter_end": summary.previous_end.isoformat() if summary.previous_end else None,
        "recorded_by": summary.recorded_by.isoformat(),
        "produced_at": summary.produced_at.isoformat(),
        "produced_by": text_or_null(summary.produced_by),
        "licence": text_or_null(mandate.licence),
        "demonstration": summary.demonstration,
        "marks": [{"code": mark.code, "label": mark.label} for mark in summary.marks_used],
        "totals": dict(summary.totals.counts) | {"total": summary.totals.total},
        "themes": [
            {
                "number": theme.number,
                "title": theme.title,
                "totals": dict(theme.counts.counts) | {"total": theme.counts.total},
                "sign_off": _sign_off(theme.sign_off),
                "objectives": [_line(summary, line) for line in theme.lines],
            }
            for theme in summary.themes
        ],
    }
