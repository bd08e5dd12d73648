"""The page of a theme's quarterly return: an Editor signs it off or sends it back; others
see where it stands and its history."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from mandates.models import ReportingPeriod, Theme, ThemeReturn

pytestmark = pytest.mark.usefixtures("mandates")


@pytest.fixture
def theme() -> Theme:
    return Theme.objects.select_related("mandate").get(mandate__slug="hee-2021-22", number=1)


@pytest.fixture
def quarter(theme: Theme) -> ReportingPeriod:
    return ReportingPeriod.objects.get(mandate=theme.mandate, start=datetime.date(2021, 4, 1))


@pytest.fixture
def url(theme: Theme, quarter: ReportingPeriod) -> str:
    return reverse("mandates:theme-return", args=[theme.mandate.slug, theme.number, quarter.pk])


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_an_editor_signs_it_off_and_the_theme_page_says_so(
    client: Client, editor: User, theme: Theme, url: str
) -> None:
    client.force_login(editor)
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.select_one("#return-state").get_text(" ", strip=True).startswith("Not signed off")
    response = client.post(
        url, {"decision": "sign_off", "comment": "Figures checked."}, follow=True
    )
    assert "Theme 1's return for April 2021 to June 2021: signed off." in text(response)
    state = BeautifulSoup(response.content, "html.parser").select_one("#return-2021-04")
    assert "Signed off by Eddie-Editor" in state.get_text(" ", strip=True)
    again = text(client.get(url))
    assert "Signed off by Eddie-Editor on" in again and "Figures checked." in again


def test_sending_back_without_a_comment_is_refused_on_the_page(
    client: Client, editor: User, url: str
) -> None:
    client.force_login(editor)
    response = client.post(url, {"decision": "send_back", "comment": ""})
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.select_one(".nhsuk-error-summary a")
    assert link.get_text() == "Enter a comment that says what the owners should change."
    assert soup.select_one(link["href"]).get("name") == "comment"
    assert not ThemeReturn.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "updater"])
def test_others_see_it_but_cannot_decide(
    client: Client, url: str, role: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(role))
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert not soup.select("button[name=decision]")
    assert client.post(url, {"decision": "sign_off"}).status_code == 403
    assert not ThemeReturn.objects.exists()


def test_a_quarter_of_another_mandate_is_not_found(
    client: Client, editor: User, theme: Theme
) -> None:
    other = ReportingPeriod.objects.exclude(mandate=theme.mandate).first()
    client.force_login(editor)
    url = reverse("mandates:theme-return", args=[theme.mandate.slug, theme.number, other.pk])
    assert client.get(url).status_code == 404
