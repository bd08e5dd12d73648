"""Each objective's status at the previous quarter's end beside the current one ("was /
now"), and each theme's sign-off for the quarter reported, in every format of the board
summary; both as recorded at the paper's moment, at a cost that does not grow."""

from __future__ import annotations

import csv
import datetime
import io
import json
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from core.people import display_name
from mandates.models import Mandate, ReportingPeriod
from mandates.sign_offs import theme_return_send_back, theme_return_sign_off
from objectives.models import Objective
from summaries.summary import build_summary
from tests.factories import add_objectives, record_progress

pytestmark = pytest.mark.usefixtures("mandates")
D = datetime.date
URL = "/mandates/hee-2021-22/summary"
DASH = "\N{EN DASH}"
COMMENT = "Objective 1 needs its evidence."


def quarter(end: datetime.date) -> ReportingPeriod:
    return ReportingPeriod.objects.get(mandate__slug="hee-2021-22", end=end)


@pytest.fixture
def was_on_track_now_at_risk(nurses: Objective, updater: User) -> Objective:
    record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20, "Q1.")
    record_progress(nurses, updater, D(2021, 9, 30), "at_risk", 30, "Q2.")
    return nurses


@pytest.fixture
def decided(was_on_track_now_at_risk: Objective, editor: User) -> User:
    """Theme 2's July to September return signed off, theme 1's sent back."""
    mandate = Mandate.objects.get(slug="hee-2021-22")
    period = quarter(D(2021, 9, 30))
    theme_return_sign_off(theme=mandate.themes.get(number=2), period=period, user=editor)
    theme_return_send_back(
        theme=mandate.themes.get(number=1), period=period, user=editor, comment=COMMENT
    )
    return editor


def get(client: Client, viewer: User, extension: str, as_at: str = "2021-09-30") -> bytes:
    client.force_login(viewer)
    response = client.get(f"{URL}.{extension}", {"as_at": as_at})
    assert response.status_code == 200
    return response.content


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def nurses_of(rows: list[dict[str, str]]) -> dict[str, str]:
    return next(row for row in rows if row["Reference"] == "3" and row["Theme"] == "2")


def test_every_format_shows_was_on_track_now_at_risk_and_each_theme_s_sign_off(
    client: Client, viewer: User, decided: User
) -> None:
    by = display_name(decided)
    on = timezone.localdate().strftime("%-d %b %Y")
    signed = f"Signed off by {by} on {on}"
    sent_back = f"Sent back by {by} on {on}: {COMMENT}"

    # JSON
    data = json.loads(get(client, viewer, "json"))
    assert data["previous_quarter_end"] == "2021-06-30"
    theme_1, theme_2 = data["themes"][0], data["themes"][1]
    nurses = next(o for o in theme_2["objectives"] if o["reference"] == "3")
    assert nurses["status"] == "at_risk"
    assert nurses["was"] == {"status": "on_track", "status_label": "On track", "at": "2021-06-30"}
    assert theme_2["sign_off"]["quarter"] == {
        "start": "2021-07-01",
        "end": "2021-09-30",
        "label": "July 2021 to September 2021",
    }
    assert theme_2["sign_off"]["state"] == "signed_off"
    assert theme_2["sign_off"]["state_label"] == "Signed off"
    assert theme_2["sign_off"]["by"] == by
    assert theme_2["sign_off"]["comment"] is None
    assert theme_1["sign_off"]["state"] == "sent_back"
    assert theme_1["sign_off"]["comment"] == COMMENT
    assert data["themes"][2]["sign_off"]["state"] is None  # nobody decided theme 3's

    # CSV: every row stands alone
    rows = csv_rows(get(client, viewer, "csv"))
    row = nurses_of(rows)
    assert (row["Was"], row["Was at"], row["Status"]) == ("On track", "2021-06-30", "At risk")
    assert row["Theme sign-off"] == signed
    assert {r["Theme sign-off"] for r in rows if r["Theme"] == "1"} == {sent_back}
    assert {r["Theme sign-off"] for r in rows if r["Theme"] == "3"} == {"Not signed off"}

    # XLSX: the Was column beside Status, the sign-off in each sheet's header block, and
    # the Overview's return column
    book = load_workbook(BytesIO(get(client, viewer, "xlsx")))
    sheet = book["Theme 2"]
    assert sheet["E8"].value == "Status" and sheet["F8"].value == "Was (30 June 2021)"
    nurses_row = next(r for r in range(9, sheet.max_row + 1) if sheet.cell(r, 1).value == "3")
    assert sheet.cell(nurses_row, 5).value == "At risk"
    assert sheet.cell(nurses_row, 6).value == "On track"
    assert sheet.cell(nurses_row, 6).fill.fgColor.rgb == "00007F3B"  # as On track's Status
    assert sheet["A7"].value == f"Return for July 2021 to September 2021: {signed}"
    assert book["Theme 1"]["A7"].value == f"Return for July 2021 to September 2021: {sent_back}"
    overview = book["Overview"]
    assert overview.cell(8, 11).value == "Return for July 2021 to September 2021"
    assert [overview.cell(r, 11).value for r in (9, 10, 11)] == [
        sent_back,
        signed,
        "Not signed off",
    ]
    # Every sheet's table starts on the same row.
    assert {book[name].freeze_panes for name in book.sheetnames} == {"A9"}

    # Print view
    soup = BeautifulSoup(get(client, viewer, "html"), "html.parser")
    section = soup.select_one("section[aria-labelledby=theme-2]")
    headers = [th.text for th in section.select("thead th")]
    assert headers[4:6] == ["Was (30 Jun 2021)", "Now"]
    tr = next(tr for tr in section.select("tbody tr") if tr.th.a.text == "3")
    for span in tr.select(".app-summary__heading"):
        span.extract()
    cells = [cell.text.strip() for cell in tr.select("th, td")]
    assert cells[4:6] == ["On track", "At risk"]
    assert tr.select_one(".app-summary__was")["data-status"] == "on_track"
    sign_off = section.select_one(".app-summary__sign-off").text
    assert sign_off == f"Return for July 2021 to September 2021: {signed}"
    assert COMMENT in soup.select_one("section[aria-labelledby=theme-1]").text

    # PDF
    reader = PdfReader(BytesIO(get(client, viewer, "pdf")))
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Was (30 Jun 2021)" in words
    assert signed in words
    assert f"Sent back by {by}" in words and COMMENT in words


def test_with_no_previous_quarter_was_is_a_dash_or_null(
    client: Client, viewer: User, nurses: Objective, updater: User
) -> None:
    record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20, "Q1.")
    data = json.loads(get(client, viewer, "json", as_at="2021-06-30"))
    assert data["previous_quarter_end"] is None
    assert all(o["was"] is None for t in data["themes"] for o in t["objectives"])
    row = nurses_of(csv_rows(get(client, viewer, "csv", as_at="2021-06-30")))
    assert (row["Was"], row["Was at"]) == (DASH, "")
    book = load_workbook(BytesIO(get(client, viewer, "xlsx", as_at="2021-06-30")))
    assert book["Theme 2"]["F8"].value == "Was"
    assert book["Theme 2"]["F9"].value == DASH
    # Before any quarter has ended there is no return to report either.
    early = json.loads(get(client, viewer, "json", as_at="2021-05-01"))
    assert {t["sign_off"] for t in early["themes"]} == {None}


def test_a_sign_off_made_after_the_recording_moment_is_not_in_the_paper(
    was_on_track_now_at_risk: Objective, editor: User
) -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    before = timezone.now()
    theme_return_sign_off(
        theme=mandate.themes.get(number=2), period=quarter(D(2021, 9, 30)), user=editor
    )

    def theme_2(recorded_by: datetime.datetime):  # type: ignore[no-untyped-def]
        summary = build_summary(
            mandate=mandate,
            theme=mandate.themes.get(number=2),
            as_at=D(2021, 9, 30),
            recorded_by=recorded_by,
            produced_by="",
            produced_at=timezone.now(),
        )
        return summary.themes[0].sign_off

    assert theme_2(before).words == "Not signed off"
    assert theme_2(timezone.now()).words.startswith("Signed off by ")


def test_building_a_summary_with_was_and_sign_offs_costs_the_same_queries_whatever_the_size(
    decided: User, updater: User, django_assert_num_queries
) -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")

    def build() -> None:
        build_summary(
            mandate=mandate,
            theme=None,
            as_at=D(2022, 3, 31),
            recorded_by=timezone.now(),
            produced_by="",
            produced_at=timezone.now(),
        )

    # themes, the quarters, objectives with their "was", update versions, targets, the
    # period due, the sign-offs
    with django_assert_num_queries(7):
        build()
    theme = mandate.themes.get(number=2)
    for objective in add_objectives(theme, 15):
        for month in (5, 8, 11):
            record_progress(objective, updater, D(2021, month, 1), "on_track", month, "x")
    for number in (1, 3):
        theme_return_sign_off(
            theme=mandate.themes.get(number=number), period=quarter(D(2021, 12, 31)), user=decided
        )
    with django_assert_num_queries(7):
        build()
