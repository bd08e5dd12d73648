"""The summary as data: CSV for a spreadsheet user, JSON for another program."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.formats import date_format

from core.numbers import figure
from summaries.summary import ObjectiveLine, Summary, TargetLine

# A cell starting with one of these is taken for a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CSV_HEADER = [
    "Theme",
    "Reference",
    "Objective",
    "Owner",
    "Status",
    "Percent complete",
    "As of",
    "Overdue",
    "Narrative",
    "Evidence link",
    "Targets",
]


def defuse(text: str) -> str:
    """Make text that a spreadsheet would run as a formula read as the text it is."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def target_text(target: TargetLine) -> str:
    """The target as its source words it, then where it stands."""
    if target.latest_value is None or target.latest_on is None:
        return f"{target.description}: no figure recorded"
    on = date_format(target.latest_on, "SHORT_DATE_FORMAT")
    return f"{target.description}: {figure(target.latest_value)} {target.unit} on {on}"


def summary_csv(summary: Summary) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for theme in summary.themes:
        for line in theme.lines:
            row: list[Any] = [
                theme.number,
                line.reference,
                line.title,
                line.owner,
                line.status_label,
                "" if line.percent is None else line.percent,
                line.as_of.isoformat() if line.as_of else "",
                "Yes" if line.overdue else "No",
                line.narrative,
                line.evidence_url,
                "; ".join(target_text(t) for t in line.targets),
            ]
            writer.writerow([defuse(cell) if isinstance(cell, str) else cell for cell in row])
    return out.getvalue()


def _line(line: ObjectiveLine) -> dict[str, Any]:
    return {
        "reference": line.reference,
        "title": line.title,
        "owner": line.owner or None,
        "status": line.status,
        "status_label": line.status_label,
        "percent_complete": line.percent,
        "as_of": line.as_of.isoformat() if line.as_of else None,
        "overdue": line.overdue,
        "narrative": line.narrative,
        "evidence_url": line.evidence_url or None,
        "targets": [
            {
                "description": t.description,
                "value": str(t.value),
                "unit": t.unit,
                "deadline": t.deadline or None,
                "latest_value": None if t.latest_value is None else str(t.latest_value),
                "latest_on": t.latest_on.isoformat() if t.latest_on else None,
                "source": t.source_note,
            }
            for t in line.targets
        ],
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
            "source_url": mandate.source_url,
        },
        "as_at": summary.as_at.isoformat(),
        "recorded_by": summary.recorded_by.isoformat(),
        "produced_at": summary.produced_at.isoformat(),
        "produced_by": summary.produced_by,
        "licence": mandate.licence,
        "totals": dict(summary.totals.counts) | {"total": summary.totals.total},
        "themes": [
            {
                "number": theme.number,
                "title": theme.title,
                "totals": dict(theme.counts.counts) | {"total": theme.counts.total},
                "objectives": [_line(line) for line in theme.lines],
            }
            for theme in summary.themes
        ],
    }
