"""Closing a quarter asks first (mandates.views.close): GET says what closing means and
offers "Close <quarter>" or Cancel; POST closes, and the list says it can be reopened."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from mandates.models import ReportingPeriod
from mandates.services import reporting_period_close

pytestmark = pytest.mark.usefixtures("mandates")
PERIODS = "/mandates/hee-2021-22/periods/"


@pytest.fixture
def q1() -> ReportingPeriod:
    return ReportingPeriod.objects.get(mandate__slug="hee-2021-22", start=datetime.date(2021, 4, 1))


def test_the_list_links_each_open_quarter_to_its_confirmation(
    client: Client, editor: User, q1: ReportingPeriod
) -> None:
    client.force_login(editor)
    soup = BeautifulSoup(client.get(PERIODS).content, "html.parser")
    row = soup.select_one("#period-2021-04")
    assert row.select_one("form") is None  # no one-click close
    assert row.find("a", href=f"/periods/{q1.pk}/close/").text == "Close April 2021 to June 2021"


def test_the_confirmation_says_what_closing_means_and_closes_nothing(
    client: Client, editor: User, q1: ReportingPeriod
) -> None:
    client.force_login(editor)
    response = client.get(f"/periods/{q1.pk}/close/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.text == "Close April 2021 to June 2021?"
    text = " ".join(soup.select_one("main").text.split())
    assert "only an Editor can add to or change its updates" in text
    assert "they must give a reason for each update they add or change" in text
    assert "marked on the objective's page as made after the quarter closed" in text
    assert "You can reopen the quarter later" in text
    form = soup.select_one("main form")
    assert form["method"] == "post" and not form.get("action")  # posts back to this page
    assert form.button.text == "Close April 2021 to June 2021"
    assert soup.find("a", string="Cancel")["href"] == PERIODS
    q1.refresh_from_db()
    assert not q1.is_closed


def test_confirming_closes_it_and_the_list_offers_to_reopen_it(
    client: Client, editor: User, q1: ReportingPeriod
) -> None:
    client.force_login(editor)
    response = client.post(f"/periods/{q1.pk}/close/", follow=True)
    assert response.redirect_chain == [(PERIODS, 302)]
    soup = BeautifulSoup(response.content, "html.parser")
    banner = soup.select_one(".nhsuk-notification-banner--success").text
    assert "April 2021 to June 2021 is closed." in banner
    assert "You can reopen it from this page, giving a reason" in banner
    reopen = soup.select_one("#period-2021-04").find("a", href=f"/periods/{q1.pk}/reopen/")
    assert reopen.text == "Reopen April 2021 to June 2021"
    q1.refresh_from_db()
    assert q1.closed_by == editor


def test_a_closed_quarter_is_not_offered_for_closing_again(
    client: Client, editor: User, q1: ReportingPeriod
) -> None:
    reporting_period_close(period=q1, editor=editor)
    client.force_login(editor)
    response = client.get(f"/periods/{q1.pk}/close/", follow=True)
    assert response.redirect_chain == [(PERIODS, 302)]
    assert "This quarter is already closed." in response.content.decode()


@pytest.mark.parametrize("who", ["viewer", "updater"])
def test_only_those_who_may_close_see_the_confirmation(
    client: Client, request: pytest.FixtureRequest, who: str, q1: ReportingPeriod
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/periods/{q1.pk}/close/").status_code == 403
    assert client.get("/periods/999999/close/").status_code == 404


def test_whoever_may_close_may_reopen(client: Client, editor: User, q1: ReportingPeriod) -> None:
    client.force_login(editor)
    client.post(f"/periods/{q1.pk}/close/")
    response = client.post(f"/periods/{q1.pk}/reopen/", {"reason": "Closed by mistake"})
    assert response.status_code == 302
    q1.refresh_from_db()
    assert not q1.is_closed
