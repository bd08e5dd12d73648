"""The summary as an Excel workbook made for people: a header block saying what the
figures are and when they stand, a table to read and filter, statuses in words and colour,
typed cells (dates, percentages) a reader can sort and sum, rows as tall as their wrapped
text, and on paper a header and footer saying what each page is.

A summary holds one line per objective (no updates, no history), so an ordinary
in-memory workbook stays small whatever the number of updates behind it.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import textwrap
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.status import BAR_COLOURS, ORDER, StatusCounts, key, label
from objectives.provenance import Mark, codes
from summaries.renderers.data import target_text, yes_no
from summaries.summary import ObjectiveLine, Summary, ThemeSummary

# (heading, width in characters, wrap the text)
COLUMNS: list[tuple[str, int, bool]] = [
    ("Reference", 11, False),
    ("Marks", 8, False),
    ("Objective", 40, True),
    ("Owner", 20, True),
    ("Status", 15, False),
    ("Was", 15, False),  # the status at the previous quarter's end: its heading names the day
    ("% complete", 11, False),
    ("As of", 13, False),
    ("Overdue", 9, False),
    ("Narrative", 60, True),
    ("Evidence link", 35, True),
    ("Targets", 60, True),
]
# The columns' widths and whether each wraps, as every row's height is worked out from them.
WIDTHS = [width for _, width, _ in COLUMNS]
WRAPPED = [wrap for _, _, wrap in COLUMNS]
OVERVIEW_COLUMNS: list[tuple[str, int]] = [
    ("Theme", 9),
    ("Title", 45),
    ("Objectives", 11),
    *((label(status), 13) for status in ORDER),
    ("Overdue for an update", 14),
    ("Return", 40),  # each theme's sign-off for the quarter reported: its heading names it
]

# Excel's own format for the as-of column's dates: 30 Jun 2021, as SHORT_DATE_FORMAT
# (config/formats) writes them on the pages; a cell keeps a date for sorting and filtering.
DATE_FORMAT = "d mmm yyyy"
PERCENT_FORMAT = "0%"
# Excel refuses a cell longer than this; a longer narrative is cut and says so.
CELL_LIMIT = 32_767
CUT_MARK = " [cut: too long for a spreadsheet cell]"
SHEET_TITLE_LIMIT = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
DEMONSTRATION = "Demonstration data, not a report"
# In a whole mandate's workbook, on each theme's sheet where the first sheet has the licence.
LICENCE_ELSEWHERE = "Licence: see the Overview sheet"

# Excel does not fit a row to wrapped text that openpyxl writes (it fits only rows it
# edits itself), so each row's height is set from its text: a line of Calibri 11 is 15
# points, and a column of width w holds about w characters of ordinary text.
LINE_POINTS = 15.0
ROW_PADDING_POINTS = 3.0
MAX_ROW_POINTS = 409.0  # Excel's limit
# Excel's header and footer hold 255 characters in all; "&" starts a code in them.
HEADER_TEXT_LIMIT = 120

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


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide, as Excel
    wraps it: at spaces, and within a word longer than the column."""
    chars = max(1, math.floor(width) - 1)  # a character's margin, so a row is never short
    return sum(max(1, len(textwrap.wrap(part, chars))) for part in text.split("\n"))


def fit_row(ws: Worksheet, row: int, widths: list[int], wrapped: list[bool]) -> None:
    """Set the row's height to its tallest wrapped cell."""
    lines = 1
    for column, (width, wrap) in enumerate(zip(widths, wrapped, strict=True), start=1):
        value = ws.cell(row=row, column=column).value
        if wrap and isinstance(value, str) and value:
            lines = max(lines, text_lines(value, width))
    height = min(MAX_ROW_POINTS, lines * LINE_POINTS + ROW_PADDING_POINTS)
    ws.row_dimensions[row].height = height


def _header_text(text: str) -> str:
    if len(text) > HEADER_TEXT_LIMIT:
        text = text[: HEADER_TEXT_LIMIT - 1] + "\N{HORIZONTAL ELLIPSIS}"
    return _text(text).replace("&", "&&")


def _print_header_footer(ws: Worksheet, summary: Summary, title: str) -> None:
    """On every printed page: what the paper is and as at when, and which page of how
    many, in case its pages come apart."""
    ws.oddHeader.left.text = _header_text(title)
    ws.oddHeader.right.text = _header_text(f"Figures as at {_day(summary.as_at)}")
    ws.oddFooter.left.text = _header_text(summary.mandate.title)
    ws.oddFooter.right.text = "Page &P of &N"
    for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.left, ws.oddFooter.right):
        part.size = 8


def _titled(summary: Summary, title: str) -> str:
    """The title, saying so first when any line shows demonstration data."""
    return f"{DEMONSTRATION}: {title}" if summary.demonstration else title


def _day(value: datetime.date) -> str:
    return date_format(value)  # 3 November 2026, as the HTML and PDF summary


def _moment(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _return_heading(summary: Summary) -> str:
    quarter = summary.reported_quarter
    return f"Return for {quarter.label}" if quarter else "Return"


def _sign_off_line(summary: Summary, theme: ThemeSummary | None) -> str:
    """The header block's sign-off line: the theme's decision, or on the Overview where
    each theme's stands."""
    if summary.reported_quarter is None:
        return f"No quarter had ended by {_day(summary.as_at)}: no return to sign off"
    if theme is None:
        return f"{_return_heading(summary)}: see each theme's in the table"
    return f"{_return_heading(summary)}: {theme.sign_off_words}"


def _was_heading(summary: Summary) -> str:
    return f"Was ({_day(summary.previous_end)})" if summary.previous_end else "Was"


def _header_block(
    ws: Worksheet, summary: Summary, title: str, *, licence: bool, theme: ThemeSummary | None
) -> int:
    """The lines that say what the sheet is; returns the row for the table's header. The
    licence stands once in a file, as in the PDF: on the workbook's first sheet, and the
    others point to it in its place, so every sheet's table starts on the same row."""
    mandate = summary.mandate
    lines = [
        _titled(summary, title),
        f"Mandate period: {_day(mandate.period_start)} to {_day(mandate.period_end)}",
        f"Figures as at {_day(summary.as_at)}",
        f"Updates recorded up to {_moment(summary.recorded_by)}",
        f"Produced {_moment(summary.produced_at)} by {summary.produced_by or 'an unnamed user'}",
        mandate.licence if licence else LICENCE_ELSEWHERE,
        _sign_off_line(summary, theme),
    ]
    for row, line in enumerate(lines, start=1):
        _put(ws, row, 1, line)
    ws.cell(row=1, column=1).font = TITLE_FONT
    _print_header_footer(ws, summary, _titled(summary, title))
    # The sign-off line stands apart, bold, just above the table it signs off.
    ws.cell(row=len(lines), column=1).font = BOLD
    return len(lines) + 1


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


def _objective_row(ws: Worksheet, row: int, line: ObjectiveLine, summary: Summary) -> None:
    values: list[Any] = [
        line.reference,
        codes(line.marks),
        line.title,
        line.owner,
        line.status_label,
        summary.was_words(line),
        None if line.percent is None else line.percent / 100,  # a percentage cell: 0.45
        line.as_of,
        yes_no(line.overdue),
        line.narrative,
        line.evidence_url,
        "\n".join(target_text(t) for t in line.targets),
    ]
    for column, (value, (_, _, wrap)) in enumerate(zip(values, COLUMNS, strict=True), start=1):
        cell = _put(ws, row, column, value)
        cell.alignment = WRAP if wrap else TOP
    _status_style(ws.cell(row=row, column=5), key(line.status))
    if summary.previous_end:
        _status_style(ws.cell(row=row, column=6), key(line.was_status))
    ws.cell(row=row, column=7).number_format = PERCENT_FORMAT
    ws.cell(row=row, column=8).number_format = DATE_FORMAT
    if line.overdue:
        ws.cell(row=row, column=9).font = BOLD
    fit_row(ws, row, WIDTHS, WRAPPED)
    link = ws.cell(row=row, column=11)
    if line.evidence_url.startswith(("https://", "http://")):
        link.hyperlink = line.evidence_url
        link.font = Font(color="005EB8", underline="single")


def _totals(ws: Worksheet, row: int, counts: StatusCounts, heading: str) -> int:
    """Label and count under the Objective and Owner columns, where there is room; returns
    the last row written."""
    _put(ws, row, 3, heading).font = BOLD
    for status in ORDER:
        row += 1
        _status_style(_put(ws, row, 3, label(status)), status)
        _put(ws, row, 4, counts.counts.get(status, 0))
    _put(ws, row + 1, 3, "Total objectives").font = BOLD
    _put(ws, row + 1, 4, counts.total).font = BOLD
    _put(ws, row + 2, 3, "Overdue for an update")
    _put(ws, row + 2, 4, counts.stale)
    return row + 2


def _legend(ws: Worksheet, row: int, marks: list[Mark], column: int, width: int) -> None:
    """What the marks this workbook uses mean: code in `column`, meaning beside it."""
    if not marks:
        return
    _put(ws, row, column, "Provenance marks").font = BOLD
    for offset, mark in enumerate(marks, start=1):
        _put(ws, row + offset, column, mark.code).alignment = TOP
        _put(ws, row + offset, column + 1, mark.label).alignment = WRAP
        lines = text_lines(mark.label, width)
        ws.row_dimensions[row + offset].height = lines * LINE_POINTS + ROW_PADDING_POINTS


def _theme_sheet(ws: Worksheet, summary: Summary, theme: ThemeSummary, *, first: bool) -> None:
    # In a whole mandate's workbook each theme's sheet names its theme, as a theme's own does.
    title = f"{summary.mandate.title}, theme {theme.number}: {theme.title}"
    row = _header_block(ws, summary, title, licence=first, theme=theme)
    widths = WIDTHS
    headings = [heading for heading, _, _ in COLUMNS]
    headings[5] = _was_heading(summary)
    _table_header(ws, row, headings)
    _widths(ws, widths)
    fit_row(ws, row, widths, [True] * len(COLUMNS))
    for offset, line in enumerate(theme.lines, start=1):
        _objective_row(ws, row + offset, line, summary)
    last = row + len(theme.lines)
    ws.auto_filter.ref = f"A{row}:{get_column_letter(len(COLUMNS))}{last}"
    end = _totals(ws, last + 2, theme.counts, f"Theme {theme.number} totals by status")
    # The marks of the workbook, not only of this theme: every sheet reads the same.
    _legend(ws, end + 2, summary.marks_used, column=2, width=widths[2])


def _overview_sheet(ws: Worksheet, summary: Summary) -> None:
    row = _header_block(ws, summary, summary.title, licence=True, theme=None)
    widths = [width for _, width in OVERVIEW_COLUMNS]
    headings = [heading for heading, _ in OVERVIEW_COLUMNS]
    headings[-1] = _return_heading(summary)
    _table_header(ws, row, headings)
    _widths(ws, widths)
    fit_row(ws, row, widths, [True] * len(OVERVIEW_COLUMNS))
    for column, status in enumerate(ORDER, start=4):
        _status_style(ws.cell(row=row, column=column), status)
    rows = [
        (theme.number, theme.title, theme.counts, theme.sign_off_words) for theme in summary.themes
    ]
    rows.append(("Total", "All themes", summary.totals, ""))
    for offset, (number, title, counts, sign_off) in enumerate(rows, start=1):
        values = [
            number,
            title,
            counts.total,
            *(counts.counts.get(status, 0) for status in ORDER),
            counts.stale,
            sign_off or None,
        ]
        wrapped = (2, len(values))
        for column, value in enumerate(values, start=1):
            cell = _put(ws, row + offset, column, value)
            cell.alignment = WRAP if column in wrapped else TOP
            if number == "Total":
                cell.font = BOLD
        fit_row(ws, row + offset, widths, [c in wrapped for c in range(1, len(widths) + 1)])
    _legend(ws, row + len(rows) + 2, summary.marks_used, column=1, width=widths[1])


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
        _theme_sheet(ws, summary, theme, first=ws is first)
    workbook.properties.title = _text(_titled(summary, summary.title))
    workbook.properties.creator = _text(summary.produced_by or "Mandate Tracker")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
