"""The summary downloads as the pages offer them: roles, dates, file names, bad input."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_record

pytestmark = pytest.mark.usefixtures("mandates")
THEME = "/mandates/hee-2021-22/themes/2/"


def test_the_theme_page_offers_every_format(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(THEME).content, "html.parser")
    buttons = {
        b["data-format"]: b["formaction"] for b in soup.select(".app-summary-downloads button")
    }
    assert buttons == {
        fmt: f"{THEME}summary.{fmt}" for fmt in ("html", "pdf", "xlsx", "csv", "json")
    }
    # The NHS.UK date input: day, month and year boxes in a fieldset named by its legend.
    fieldset = soup.select_one(".app-summary-downloads fieldset")
    assert fieldset.legend.text.strip() == "Figures as at"
    boxes = fieldset.select('input[inputmode="numeric"]')
    assert [box["name"] for box in boxes] == ["as_at_day", "as_at_month", "as_at_year"]
    assert not soup.select('.app-summary-downloads input[type="date"]')


def test_the_mandate_page_offers_the_whole_mandate(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    soup = BeautifulSoup(client.get("/mandates/hee-2017-18/").content, "html.parser")
    assert (
        soup.select_one('button[data-format="xlsx"]')["formaction"]
        == "/mandates/hee-2017-18/summary.xlsx"
    )


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx", "csv", "json"])
def test_anonymous_downloads_go_to_log_in(client: Client, fmt: str) -> None:
    response = client.get(f"{THEME}summary.{fmt}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_file_name_says_what_it_holds(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    response = client.get(f"{THEME}summary.csv", {"as_at": "2022-03-31"})
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="hee-2021-22-theme-2-summary-2022-03-31.csv"'
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_an_as_at_export_before_and_after_a_later_update(
    client: Client, viewer: User, updater: User, nurses: Objective
) -> None:
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status="on_track",
        percent_complete=20,
        narrative="Q1",
    )
    client.force_login(viewer)
    first = json.loads(client.get(f"{THEME}summary.json", {"as_at": "2021-06-30"}).content)
    recorded_by = first["recorded_by"]

    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 9, 30),
        status="off_track",
        percent_complete=25,
        narrative="Q2",
    )

    again = json.loads(
        client.get(
            f"{THEME}summary.json", {"as_at": "2021-06-30", "recorded_by": recorded_by}
        ).content
    )
    assert again["themes"] == first["themes"]
    later = json.loads(client.get(f"{THEME}summary.json", {"as_at": "2021-09-30"}).content)
    assert later["themes"][0]["objectives"][0]["narrative"] == "Q2"
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(f"{THEME}summary.csv", {"as_at": "2021-09-30"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert (rows[0]["Status"], rows[0]["Percent complete"]) == ("Off track", "25")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_at": "2999-01-01"}, "The as-at date cannot be in the future."),
        ({"as_at": "31/31/2021"}, "The as-at date must be a real date"),
        ({"as_at_day": "31", "as_at_month": "2", "as_at_year": "2021"}, "must be a real date"),
        ({"as_at_day": "1", "as_at_month": "", "as_at_year": ""}, "must include a month and year"),
        ({"as_at": "1999-12-31"}, "The as-at date must be in 2000 or later."),
        ({"recorded_by": "yesterday"}, "Enter a valid date/time."),
    ],
)
def test_a_bad_date_gets_a_message_and_a_400(
    client: Client, viewer: User, params: dict[str, str], message: str
) -> None:
    client.force_login(viewer)
    response = client.get(f"{THEME}summary.xlsx", params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        f"{THEME}summary.exe",
        "/mandates/hee-2021-22/themes/9/summary.csv",
        "/mandates/nope/summary.csv",
    ],
)
def test_unknown_formats_themes_and_mandates_are_not_found(
    client: Client, viewer: User, url: str
) -> None:
    client.force_login(viewer)
    assert client.get(url).status_code == 404


def test_downloading_changes_nothing(
    client: Client, viewer: User, recorded: ProgressUpdate
) -> None:
    client.force_login(viewer)
    for fmt in ("csv", "json", "xlsx"):
        client.get(f"{THEME}summary.{fmt}")
    assert recorded.history.count() == 1
    assert client.post(f"{THEME}summary.csv").status_code == 405
