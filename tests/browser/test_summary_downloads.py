"""Issue 3 in a real browser: every format of a theme summary downloads from the theme
page, and the files hold what was recorded, as at the date chosen."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import openpyxl
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from objectives.models import Objective
from objectives.services import progress_update_record
from tests.browsing import log_in

THEME = "/mandates/hee-2021-22/themes/2/"


def download(page: Page, fmt: str, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.locator(f'.app-summary-downloads button[data-format="{fmt}"]').click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_each_format_downloads_from_the_theme_page_as_at_a_date(
    page: Page, live_server: object, viewer: User, updater: User, nurses: Objective, tmp_path: Path
) -> None:
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 12, 31),
        status="at_risk",
        percent_complete=45,
        narrative="=Q4: behind in two regions",
    )
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2022, 3, 31),  # the mandate's last day: none can be later
        status="on_track",
        percent_complete=60,
        narrative="Q1: recovered",
    )
    log_in(page, live_server, viewer)
    page.goto(THEME)
    # The NHS.UK date input: day, month and year in their own boxes.
    as_at = page.get_by_role("group", name="Figures as at")
    as_at.get_by_label("Day").fill("31")
    as_at.get_by_label("Month").fill("12")
    as_at.get_by_label("Year").fill("2021")

    files = {fmt: download(page, fmt, tmp_path) for fmt in ("xlsx", "pdf", "csv", "json")}

    assert {fmt: path.name for fmt, path in files.items()} == {
        fmt: f"hee-2021-22-theme-2-summary-2021-12-31.{fmt}"
        for fmt in ("xlsx", "pdf", "csv", "json")
    }
    sheet = openpyxl.load_workbook(files["xlsx"]).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Reference")
    row = dict(zip(header, next(r for r in rows if r[0] == "3"), strict=True))
    assert (row["Status"], row["% complete"], row["Narrative"]) == (
        "At risk",
        0.45,  # a percentage cell
        "=Q4: behind in two regions",
    )
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(files["pdf"]).pages)
    assert "=Q4: behind in two regions" in pdf_text and "Q1: recovered" not in pdf_text
    csv_row = next(csv.DictReader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"))))
    assert (csv_row["Status"], csv_row["Narrative"]) == ("At risk", "'=Q4: behind in two regions")
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    assert data["as_at"] == "2021-12-31"
    assert data["themes"][0]["objectives"][0]["percent_complete"] == 45


def test_the_print_view_opens_in_the_browser(
    page: Page, live_server: object, viewer: User, updater: User, nurses: Objective
) -> None:
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2022, 3, 31),  # the mandate's last day: none can be later
        status="on_track",
        percent_complete=60,
        narrative="Q1: recovered",
    )
    log_in(page, live_server, viewer)
    page.goto(THEME)
    page.locator('.app-summary-downloads button[data-format="html"]').click()
    # The date's boxes left empty: today's figures.
    expect(page).to_have_url(  # type: ignore[attr-defined]
        f"{live_server.url}{THEME}summary.html?as_at_day=&as_at_month=&as_at_year="
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "theme 2: Government healthcare workforce priorities"
    )
    expect(page.get_by_text("Q1: recovered")).to_be_visible()
