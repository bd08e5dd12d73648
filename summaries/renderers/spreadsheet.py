"""The summary as an Excel workbook made for people: a header block saying what the
figures are and when they stand, a table to read and filter, statuses in words and colour.

A summary holds one line per objective (no updates, no history), so an ordinary
in-memory workbook stays small whatever the number of updates behind it.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.status import BAR_COLOURS, ORDER, StatusCounts, key, label
from summaries.renderers.data import target_text
from summaries.summary import ObjectiveLine, Summary, ThemeSummary

# (heading, width in characters, wrap the text)
COLUMNS: list[tuple[str, int, bool]] = [
    ("Reference", 11, False),
    ("Objective", 40, True),
    ("Owner", 20, True),
    ("Status", 15, False),
    ("% complete", 11, False),
    ("As of", 13, False),
    ("Overdue", 9, False),
    ("Narrative", 60, True),
    ("Evidence link", 35, True),
    ("Targets", 60, True),
]
OVERVIEW_COLUMNS: list[tuple[str, int]] = [
    ("Theme", 9),
    ("Title", 45),
    ("Objectives", 11),
    *((label(status), 13) for status in ORDER),
    ("Overdue for an update", 14),
]

# Excel's own format for the as-of column's dates: 30 Jun 2021, as SHORT_DATE_FORMAT
# (config/formats) writes them on the pages; a cell keeps a date for sorting and filtering.
DATE_FORMAT = "d mmm yyyy"
# Excel refuses a cell longer than this; a longer narrative is cut and says so.
CELL_LIMIT = 32_767
CUT_MARK = " [cut: too long for a spreadsheet cell]"
SHEET_TITLE_LIMIT = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_FILL = PatternFill("solid", fgColor="D8DDE0")
STATUS_COLOURS = {status: colour.lstrip("#").upper() for status, colour in BAR_COLOURS.items()}


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on this fill (WCAG contrast ratio)."""
    light = _luminance(colour)
    on_white, on_black = 1.05 / (light + 0.05), (light + 0.05) / 0.05
    return "FFFFFF" if on_white > on_black else "000000"


def _status_style(cell: Cell, status: str) -> None:
    colour = STATUS_COLOURS[status]
    cell.fill = PatternFill("solid", fgColor=colour)
    cell.font = Font(bold=True, color=_ink(colour))


def sheet_title(text: str) -> str:
    """A title Excel accepts: no [ ] : * ? / \\ and at most 31 characters."""
    return SHEET_TITLE_FORBIDDEN.sub(" ", text).strip()[:SHEET_TITLE_LIMIT] or "Sheet"


def _text(value: str) -> str:
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > CELL_LIMIT:
        value = value[: CELL_LIMIT - len(CUT_MARK)] + CUT_MARK
    return value


def _put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one cell. Text is always stored as text: "=HYPERLINK(...)" typed into a
    narrative is shown as typed, never run as a formula (openpyxl would take any string
    starting with "=" for one)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _day(value: datetime.date) -> str:
    return date_format(value)  # 3 November 2026, as the HTML and PDF summary


def _moment(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _header_block(ws: Worksheet, summary: Summary, title: str) -> int:
    """The lines that say what the sheet is; returns the row for the table's header."""
    mandate = summary.mandate
    lines = [
        title,
        f"Mandate period: {_day(mandate.period_start)} to {_day(mandate.period_end)}",
        f"Figures as at {_day(summary.as_at)}",
        f"Recorded by {_moment(summary.recorded_by)}",
        f"Produced {_moment(summary.produced_at)} by {summary.produced_by or 'an unnamed user'}",
        mandate.licence,
    ]
    for row, line in enumerate(lines, start=1):
        _put(ws, row, 1, line)
    ws.cell(row=1, column=1).font = TITLE_FONT
    return len(lines) + 2  # a blank row, then the table


def _table_header(ws: Worksheet, row: int, headings: list[str]) -> None:
    for column, heading in enumerate(headings, start=1):
        cell = _put(ws, row, column, heading)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    # Keep the header block and the table's header in view while scrolling, and on
    # every printed page.
    ws.freeze_panes = ws.cell(row=row + 1, column=1).coordinate
    ws.print_title_rows = f"{row}:{row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _widths(ws: Worksheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def _objective_row(ws: Worksheet, row: int, line: ObjectiveLine) -> None:
    values: list[Any] = [
        line.reference,
        line.title,
        line.owner,
        line.status_label,
        line.percent,
        line.as_of,
        "Yes" if line.overdue else "No",
        line.narrative,
        line.evidence_url,
        "\n".join(target_text(t) for t in line.targets),
    ]
    for column, (value, (_, _, wrap)) in enumerate(zip(values, COLUMNS, strict=True), start=1):
        cell = _put(ws, row, column, value)
        cell.alignment = WRAP if wrap else TOP
    _status_style(ws.cell(row=row, column=4), key(line.status))
    ws.cell(row=row, column=5).number_format = "0"
    ws.cell(row=row, column=6).number_format = DATE_FORMAT
    if line.overdue:
        ws.cell(row=row, column=7).font = BOLD
    link = ws.cell(row=row, column=9)
    if line.evidence_url.startswith(("https://", "http://")):
        link.hyperlink = line.evidence_url
        link.font = Font(color="005EB8", underline="single")


def _totals(ws: Worksheet, row: int, counts: StatusCounts, heading: str) -> None:
    """Label and count under the Objective and Owner columns, where there is room."""
    _put(ws, row, 2, heading).font = BOLD
    for status in ORDER:
        row += 1
        _status_style(_put(ws, row, 2, label(status)), status)
        _put(ws, row, 3, counts.counts.get(status, 0))
    _put(ws, row + 1, 2, "Total objectives").font = BOLD
    _put(ws, row + 1, 3, counts.total).font = BOLD
    _put(ws, row + 2, 2, "Overdue for an update")
    _put(ws, row + 2, 3, counts.stale)


def _theme_sheet(ws: Worksheet, summary: Summary, theme: ThemeSummary) -> None:
    # In a whole mandate's workbook each theme's sheet names its theme, as a theme's own does.
    title = f"{summary.mandate.title}, theme {theme.number}: {theme.title}"
    row = _header_block(ws, summary, title)
    _table_header(ws, row, [heading for heading, _, _ in COLUMNS])
    _widths(ws, [width for _, width, _ in COLUMNS])
    for offset, line in enumerate(theme.lines, start=1):
        _objective_row(ws, row + offset, line)
    last = row + len(theme.lines)
    ws.auto_filter.ref = f"A{row}:{get_column_letter(len(COLUMNS))}{last}"
    _totals(ws, last + 2, theme.counts, f"Theme {theme.number} totals by status")


def _overview_sheet(ws: Worksheet, summary: Summary) -> None:
    row = _header_block(ws, summary, summary.title)
    _table_header(ws, row, [heading for heading, _ in OVERVIEW_COLUMNS])
    _widths(ws, [width for _, width in OVERVIEW_COLUMNS])
    for column, status in enumerate(ORDER, start=4):
        _status_style(ws.cell(row=row, column=column), status)
    rows = [(theme.number, theme.title, theme.counts) for theme in summary.themes]
    rows.append(("Total", "All themes", summary.totals))
    for offset, (number, title, counts) in enumerate(rows, start=1):
        values = [
            number,
            title,
            counts.total,
            *(counts.counts.get(status, 0) for status in ORDER),
            counts.stale,
        ]
        for column, value in enumerate(values, start=1):
            cell = _put(ws, row + offset, column, value)
            cell.alignment = WRAP if column == 2 else TOP
            if number == "Total":
                cell.font = BOLD


def summary_xlsx(summary: Summary) -> bytes:
    workbook = Workbook()
    first = workbook.active
    if summary.whole_mandate:
        first.title = "Overview"
        _overview_sheet(first, summary)
        sheets = [workbook.create_sheet() for _ in summary.themes]
    else:
        sheets = [first]
    for ws, theme in zip(sheets, summary.themes, strict=True):
        ws.title = sheet_title(f"Theme {theme.number}")
        _theme_sheet(ws, summary, theme)
    workbook.properties.title = _text(summary.title)
    workbook.properties.creator = _text(summary.produced_by or "Mandate Tracker")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
