from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from objectives.models import Objective, ProgressUpdate
from tests.factories import add_objectives, add_updates

pytestmark = pytest.mark.usefixtures("mandates")


def soup_of(client: Client, user: User, url: str) -> BeautifulSoup:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table_rows(soup: BeautifulSoup) -> list[list[str]]:
    return [
        [td.text.strip() for td in tr.select("td")]
        for tr in soup.select("table.app-table tbody tr")
    ]


def test_the_mandate_page_shows_its_facts_themes_and_objectives(
    client: Client, viewer: User
) -> None:
    soup = soup_of(client, viewer, "/mandates/hee-2017-18/")
    text = soup.text
    assert "1 April 2017 to 31 March 2018" in text
    assert "Withdrawn" in text and "26 February 2019" in text
    assert len(soup.select("li.app-theme-summary")) == 6
    assert len(table_rows(soup)) == 23
    assert "Open Government Licence v3.0" in text


def test_the_theme_page_lists_its_objectives_with_their_latest_status(
    client: Client, viewer: User, recorded: ProgressUpdate
) -> None:
    soup = soup_of(client, viewer, "/mandates/hee-2021-22/themes/2/")
    assert soup.h1.text == "Theme 2: Government healthcare workforce priorities"
    rows = table_rows(soup)
    assert [row[0] for row in rows] == ["3", "4", "5"]
    assert rows[0][2:5] == ["On track", "20%", "30 Jun 2021"]
    assert rows[1][2] == "No update yet"
    assert (
        soup.select_one("svg.app-status-bar")["aria-label"]
        == "3 objectives: 1 on track, 2 no update yet"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/mandates/hee-2021-22/themes/7/",
        "/mandates/hee-1999-00/",
        "/mandates/hee-2021-22/themes/0/",
    ],
)
def test_unknown_mandates_and_themes_are_not_found(client: Client, viewer: User, url: str) -> None:
    client.force_login(viewer)
    assert client.get(url).status_code == 404


def test_the_theme_page_query_count_does_not_grow(
    client: Client, viewer: User, updater: User, nurses: Objective, django_assert_num_queries
) -> None:
    client.force_login(viewer)
    # session, user, the quarters due, theme with its mandate and status counts, the ended
    # quarters and the objectives' status at each (the trend), the ended quarters and the
    # theme's sign-offs (its returns), objectives count and page
    with django_assert_num_queries(10):
        client.get("/mandates/hee-2021-22/themes/2/")
    add_updates(add_objectives(nurses.theme, 40, owner=updater), 4, author=updater)
    with django_assert_num_queries(10):
        soup = BeautifulSoup(client.get("/mandates/hee-2021-22/themes/2/").content, "html.parser")
    assert len(table_rows(soup)) == 25


def test_the_mandate_page_query_count_does_not_grow(
    client: Client, viewer: User, updater: User, nurses: Objective, django_assert_num_queries
) -> None:
    client.force_login(viewer)
    # session, user, mandate, the quarters due, its themes with their status counts, the
    # ended quarters and the objectives' status at each (the trend), other mandates (for
    # the links to the comparison), objectives count and page
    with django_assert_num_queries(10):
        client.get("/mandates/hee-2021-22/")
    add_updates(add_objectives(nurses.theme, 40, owner=updater), 4, author=updater)
    with django_assert_num_queries(10):
        client.get("/mandates/hee-2021-22/")
