"""The "Needs an update" page: overdue objectives grouped by owner, the reader's own first."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup, Tag
from django.contrib.auth.models import User
from django.test import Client

from mandates.models import Theme
from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_record
from tests.factories import add_objectives, add_updates

pytestmark = pytest.mark.usefixtures("mandates")

URL = "/needs-update/"
# 14 October 2021: the July to September quarter of 2021-22 has just fallen due.
OCTOBER_14 = datetime.datetime(2021, 10, 14, 9, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(OCTOBER_14, tick=False) as traveller:
        yield traveller


def objective(reference: str) -> Objective:
    return Objective.objects.get(mandate__slug="hee-2021-22", reference=reference)


def own(user: User, *references: str) -> None:
    Objective.objects.filter(mandate__slug="hee-2021-22", reference__in=references).update(
        owner=user
    )


def page(client: Client) -> BeautifulSoup:
    response = client.get(URL)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def headings(soup: BeautifulSoup) -> list[str]:
    return [h.get_text(strip=True) for h in soup.select("section.app-owner-group h2")]


def references(section: Tag) -> list[str]:
    return [a.get_text(strip=True).split(" ", 1)[0] for a in section.select("tbody a")]


def cells(row: Tag) -> list[str]:
    return [" ".join(td.get_text(" ", strip=True).split()) for td in row.select("td")]


def test_it_sends_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_it_refuses_a_post(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    assert client.post(URL).status_code == 405


def test_it_groups_by_owner_with_the_readers_own_first_headed_yours(
    client: Client, updater: User, editor: User, viewer: User
) -> None:
    own(updater, "3", "4")
    own(editor, "5")
    own(viewer, "6", "7", "8")
    client.force_login(updater)

    soup = page(client)

    assert soup.h1.get_text(strip=True) == "Objectives that need an update (14)"
    # Then the others by name, and "No owner" last.
    assert headings(soup) == [
        "Yours (2)",
        "Eddie-Editor (1)",
        "Vera-Viewer (3)",
        "No owner (8)",
    ]
    assert references(soup.select_one("#yours")) == ["3", "4"]
    assert references(soup.select_one(f"#owner-{editor.pk}")) == ["5"]
    assert references(soup.select_one(f"#owner-{viewer.pk}")) == ["6", "7", "8"]
    assert references(soup.select_one("#no-owner")) == ["1", "2", "9", "10", "11", "12", "13", "14"]


def test_a_reader_who_owns_nothing_overdue_has_no_yours_group(
    client: Client, updater: User, viewer: User
) -> None:
    own(updater, "3")
    client.force_login(viewer)
    assert headings(page(client)) == ["Uma-Updater (1)", "No owner (13)"]


def test_each_row_links_to_its_objective_and_says_what_is_due_and_where_it_stands(
    client: Client, updater: User, nurses: Objective
) -> None:
    own(updater, "3", "4")
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status=ProgressUpdate.Status.AT_RISK,
        percent_complete=40,
        narrative="Behind on recruitment.",
    )
    client.force_login(updater)

    rows = page(client).select("#yours tbody tr")

    assert [row.a["href"] for row in rows] == [
        "/mandates/hee-2021-22/objectives/3/",
        "/mandates/hee-2021-22/objectives/4/",
    ]
    assert cells(rows[0]) == [
        "3 Help deliver 50,000 more nurses in the NHS",
        "Health Education England mandate: 2021 to 2022",
        "July to September 2021, due 14 October 2021",
        "At risk",
        "30 June 2021",
    ]
    assert cells(rows[1])[3:] == ["No update yet", "never"]


def test_an_objective_updated_this_quarter_is_not_listed(
    client: Client, updater: User, nurses: Objective
) -> None:
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 9, 30),
        status=ProgressUpdate.Status.ON_TRACK,
        percent_complete=50,
        narrative="On course.",
    )
    client.force_login(updater)
    soup = page(client)
    assert "3" not in references(soup.select_one("#no-owner"))
    assert headings(soup) == ["No owner (13)"]


def test_when_nothing_is_due_yet_it_says_so(
    client: Client, viewer: User, frozen_clock: time_machine.Coordinates
) -> None:
    frozen_clock.move_to(datetime.datetime(2021, 7, 13, 9, tzinfo=ZoneInfo("Europe/London")))
    client.force_login(viewer)
    soup = page(client)
    assert soup.h1.get_text(strip=True) == "Objectives that need an update (0)"
    assert "Every objective has its update for the latest quarter due." in soup.text
    assert soup.select("table") == []


def test_the_header_links_to_it_after_objectives(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    links = [
        (a.get_text(strip=True), a["href"])
        for a in soup.select("nav[aria-label=Menu] a.nhsuk-header__navigation-link")
    ]
    assert links[:3] == [("Home", "/"), ("Objectives", "/objectives/"), ("Needs an update", URL)]


def test_its_query_count_does_not_grow_with_objectives_owners_or_updates(
    client: Client, viewer: User, updater: User, editor: User, django_assert_num_queries
) -> None:
    client.force_login(viewer)
    # session, user, the periods due, the overdue objectives with their mandate, theme,
    # owner and latest update
    with django_assert_num_queries(4):
        client.get(URL)
    # Updates dated April: still overdue on 14 October, so every one of these is listed.
    extra = add_objectives(Theme.objects.get(mandate__slug="hee-2021-22", number=4), 40)
    Objective.objects.filter(pk__in=[o.pk for o in extra[:20]]).update(owner=viewer)
    Objective.objects.filter(pk__in=[o.pk for o in extra[20:]]).update(owner=editor)
    add_updates(extra, 3, author=updater)
    with django_assert_num_queries(4):
        soup = page(client)
    assert headings(soup) == ["Yours (20)", "Eddie-Editor (20)", "No owner (14)"]
