"""The quarterly return page: an owner records all their objectives due this quarter at
once; rows left as offered are not recorded; one wrong row saves nothing and keeps what
was typed; an Editor takes another owner's or a theme's; a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from mandates.models import ReportingPeriod, Theme
from mandates.services import reporting_period_close
from mandates.sign_offs import theme_return_send_back
from objectives.models import Objective, ProgressUpdate
from tests.factories import add_objectives

pytestmark = pytest.mark.usefixtures("mandates")

LONDON = ZoneInfo("Europe/London")
RETURN = reverse("objectives:return")
Status = ProgressUpdate.Status


@pytest.fixture(autouse=True)
def july_2021() -> Iterator[None]:
    """April to June 2021 of 2021-22 has fallen due (14 July)."""
    with time_machine.travel(datetime.datetime(2021, 7, 20, 9, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def owned(updater: User) -> list[Objective]:
    objectives = list(
        Objective.objects.filter(
            mandate__slug="hee-2021-22", reference__in=["1", "2", "3"]
        ).order_by("position")
    )
    Objective.objects.filter(pk__in=[o.pk for o in objectives]).update(owner=updater)
    return objectives


def offered(response: Any) -> dict[str, str]:
    """The form's fields as the page offers them, as a browser would post them."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form:has(input[name=return-TOTAL_FORMS])")
    data: dict[str, str] = {}
    for element in form.select("input, textarea, select"):
        name = element.get("name")
        if not name:
            continue
        if element.name == "textarea":
            data[name] = element.get_text().removeprefix("\n")  # as a browser reads it
        elif element.name == "select":
            chosen = element.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif element.get("type") in ("radio", "checkbox"):
            if element.has_attr("checked"):
                data[name] = element.get("value", "on")
        else:
            data[name] = element.get("value", "")
    return data


def row_prefix(data: dict[str, str], objective: Objective) -> str:
    for key, value in data.items():
        if key.endswith("-row_objective") and value == str(objective.pk):
            return key.removesuffix("row_objective")
    raise AssertionError(f"no row for {objective}")


def test_it_offers_each_objective_due_from_its_latest_update(
    client: Client, updater: User, owned: list[Objective]
) -> None:
    client.force_login(updater)
    response = client.get(RETURN)
    soup = BeautifulSoup(response.content, "html.parser")
    headings = [h.get_text() for h in soup.select(".app-return-row h2")]
    assert headings == [f"{o.reference} {o.title}" for o in owned]
    data = offered(response)
    prefix = row_prefix(data, owned[0])
    # The quarter's end, as the NHS.UK date input's boxes or one ISO value.
    as_of = [data.get(f"{prefix}as_of_{part}") for part in ("day", "month", "year")]
    assert as_of == ["30", "6", "2021"] or data.get(f"{prefix}as_of") == "2021-06-30"


def test_the_changed_rows_are_recorded_and_the_rest_left(
    client: Client, updater: User, owned: list[Objective]
) -> None:
    client.force_login(updater)
    data = offered(client.get(RETURN))
    first, second = row_prefix(data, owned[0]), row_prefix(data, owned[1])
    data[f"{first}status"] = Status.ON_TRACK
    data[f"{first}percent_complete"] = "30"
    data[f"{first}narrative"] = "Thirty per cent done."
    data[f"{second}narrative"] = "Started."
    response = client.post(RETURN, data, follow=True)
    assert "Recorded 2 updates." in response.content.decode()
    recorded = {u.objective_id: u for u in ProgressUpdate.objects.all()}
    assert set(recorded) == {owned[0].pk, owned[1].pk}
    assert (recorded[owned[0].pk].status, recorded[owned[0].pk].percent_complete) == (
        Status.ON_TRACK,
        30,
    )
    assert recorded[owned[1].pk].narrative == "Started."
    assert recorded[owned[1].pk].author == updater
    assert recorded[owned[1].pk].as_of == datetime.date(2021, 6, 30)
    assert recorded[owned[1].pk].history.latest().history_change_reason == "Recorded"


def test_one_wrong_row_saves_nothing_and_keeps_what_was_typed(
    client: Client, updater: User, owned: list[Objective]
) -> None:
    client.force_login(updater)
    data = offered(client.get(RETURN))
    first, second = row_prefix(data, owned[0]), row_prefix(data, owned[1])
    data[f"{first}narrative"] = "Kept, though not saved yet."
    data[f"{second}narrative"] = "Wrong percent."
    data[f"{second}percent_complete"] = "140"
    response = client.post(RETURN, data)
    assert response.status_code == 200
    assert not ProgressUpdate.objects.exists()
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".nhsuk-error-summary")
    links = summary.select("a")
    assert len(links) == 1
    assert links[0].get_text().startswith(f"{owned[1].reference} {owned[1].title}: ")
    target = links[0]["href"].removeprefix("#")
    assert soup.find(id=target).get("name") == f"{second}percent_complete"
    again = offered(response)
    assert again[f"{first}narrative"] == "Kept, though not saved yet."
    assert again[f"{second}percent_complete"] == "140"


def test_nothing_changed_says_so(client: Client, updater: User, owned: list[Objective]) -> None:
    client.force_login(updater)
    response = client.post(RETURN, offered(client.get(RETURN)))
    assert "Nothing was changed: change at least one row, or go back." in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_row_no_longer_yours_keeps_its_words_and_saves_nothing(
    client: Client, updater: User, editor: User, owned: list[Objective]
) -> None:
    client.force_login(updater)
    data = offered(client.get(RETURN))
    first, second = row_prefix(data, owned[0]), row_prefix(data, owned[1])
    data[f"{first}narrative"] = "Mine still."
    data[f"{second}narrative"] = "Was mine."
    Objective.objects.filter(pk=owned[1].pk).update(owner=editor)
    response = client.post(RETURN, data)
    assert not ProgressUpdate.objects.exists()
    assert "is no longer in this return" in response.content.decode()
    assert offered(response)[f"{second}narrative"] == "Was mine."


def test_a_tampered_post_is_refused(client: Client, updater: User, owned: list[Objective]) -> None:
    client.force_login(updater)
    data = offered(client.get(RETURN))
    data[f"{row_prefix(data, owned[0])}row_objective"] = "999999"
    assert client.post(RETURN, data).status_code == 400
    assert client.post(RETURN, {"return-TOTAL_FORMS": "x"}).status_code == 400


def test_a_viewer_has_no_return(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    assert client.get(RETURN).status_code == 403


def test_a_closed_quarter_is_left_out_and_said(
    client: Client, updater: User, editor: User, owned: list[Objective]
) -> None:
    period = ReportingPeriod.objects.get(
        mandate__slug="hee-2021-22", start=datetime.date(2021, 4, 1)
    )
    reporting_period_close(period=period, editor=editor)
    client.force_login(updater)
    soup = BeautifulSoup(client.get(RETURN).content, "html.parser")
    assert not soup.select(".app-return-row")
    assert "April 2021 to June 2021 is closed" in soup.get_text()


def test_owners_see_the_editors_comment_on_a_theme_sent_back(
    client: Client, updater: User, editor: User, owned: list[Objective]
) -> None:
    period = ReportingPeriod.objects.get(
        mandate__slug="hee-2021-22", start=datetime.date(2021, 4, 1)
    )
    theme_return_send_back(
        theme=owned[0].theme, period=period, user=editor, comment="Add the June figures."
    )
    client.force_login(updater)
    soup = BeautifulSoup(client.get(RETURN).content, "html.parser")
    callout = soup.select_one(f"#sent-back-{owned[0].theme_id}")
    assert "Add the June figures." in callout.get_text()


def test_an_editor_takes_a_themes_return(
    client: Client, editor: User, updater: User, owned: list[Objective]
) -> None:
    theme = owned[0].theme
    client.force_login(editor)
    response = client.get(RETURN, {"theme": theme.pk})
    soup = BeautifulSoup(response.content, "html.parser")
    headings = [h.get_text() for h in soup.select(".app-return-row h2")]
    expected = Objective.objects.filter(theme=theme).order_by("position", "reference")
    assert headings == [f"{o.reference} {o.title}" for o in expected]
    by_owner = client.get(RETURN, {"owner": updater.pk})
    soup = BeautifulSoup(by_owner.content, "html.parser")
    assert len(soup.select(".app-return-row")) == 3


def test_its_queries_do_not_grow_with_objectives_or_updates(
    client: Client, updater: User, owned: list[Objective], django_assert_num_queries
) -> None:
    client.force_login(updater)
    client.get(RETURN)  # the session read and written once
    # session, user, the user's and their groups' permissions, quarters due, objectives
    # with their latest update, their targets' figures, themes sent back.
    with django_assert_num_queries(8):
        client.get(RETURN)
    theme = Theme.objects.get(mandate__slug="hee-2021-22", number=owned[0].theme.number)
    add_objectives(theme, 20, owner=updater)
    with django_assert_num_queries(8):
        response = client.get(RETURN)
    assert len(BeautifulSoup(response.content, "html.parser").select(".app-return-row")) == 23
