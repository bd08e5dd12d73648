from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup, Tag
from django.contrib.auth.models import User
from django.test import Client

from objectives.models import Objective, ObjectiveLink, ProgressUpdate
from objectives.services import progress_update_record
from tests.factories import add_objectives, add_updates

pytestmark = pytest.mark.usefixtures("mandates")

URL = "/compare/hee-2017-18/hee-2021-22/"


def soup_of(client: Client, user: User, url: str = URL) -> BeautifulSoup:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def rows_for(soup: BeautifulSoup, later: str) -> list[Tag]:
    return soup.select(f'section.app-compare-theme tr[data-later="{later}"]')


def left_of(soup: BeautifulSoup, later: str) -> list[str]:
    """The earlier references on the left of a later objective's rows, in order."""
    return [row.get("data-earlier", "") for row in rows_for(soup, later)]


def not_carried_over(soup: BeautifulSoup) -> list[str]:
    return [li["data-earlier"] for li in soup.select("#not-carried-over li[data-earlier]")]


def test_it_shows_a_section_per_theme_of_the_later_mandate(client: Client, viewer: User) -> None:
    soup = soup_of(client, viewer)
    assert "HEE mandate 2017 to 2018" in soup.h1.text
    assert "Health Education England mandate: 2021 to 2022" in soup.h1.text
    sections = soup.select("section.app-compare-theme")
    assert [section["data-theme"] for section in sections] == ["1", "2", "3", "4", "5", "6"]
    assert sections[1].h2.text.strip() == "Theme 2: Government healthcare workforce priorities"
    # Every section's table scrolls on its own on a narrow screen.
    assert all(table.parent["class"] == ["table-container"] for table in soup.select("table"))
    # One row per objective of 2021-22: none continues more than one of 2017-18.
    assert len(soup.select("section.app-compare-theme tbody tr")) == 14


def test_it_aligns_each_later_objective_with_what_it_continues(
    client: Client, viewer: User
) -> None:
    soup = soup_of(client, viewer)
    expected = {"4": ["1.1"], "3": ["3.3"], "6": ["2.5"], "7": ["2.5"], "13": ["1.5"]}
    expected |= {"9": ["2.1"], "11": ["6.1"]}
    for later, earlier in expected.items():
        assert left_of(soup, later) == earlier, later
    row = rows_for(soup, "4")[0]
    left, right = row.select("td")
    assert left.a.text.strip() == "1.1 5,000 more doctors in general practice by 2020"
    assert left.a["href"] == "/mandates/hee-2017-18/objectives/1.1/"
    assert "Theme 1: Develop the workforce to improve out of hospital care" in left.text
    assert right.a.text.strip() == "4 Increase GP training places to 4,000"
    assert right.a["href"] == "/mandates/hee-2021-22/objectives/4/"
    assert right.select_one("strong.nhsuk-tag").text == "No update yet"


def test_it_marks_later_objectives_that_continue_nothing_as_new(
    client: Client, viewer: User
) -> None:
    soup = soup_of(client, viewer)
    (row,) = rows_for(soup, "1")
    left = row.select("td")[0]
    assert left.text.strip() == "New in Health Education England mandate: 2021 to 2022"
    new = [row["data-later"] for row in soup.select("tbody tr:not([data-earlier])")]
    assert new == ["1", "2", "5", "8", "10", "12", "14"]
    counts = " ".join(soup.select_one("#comparison-counts").text.split())
    assert counts == (
        "Of the 14 objectives of Health Education England mandate: 2021 to 2022, 7 continue "
        "one of HEE mandate 2017 to 2018 and 7 are new. 17 objectives of HEE mandate 2017 "
        "to 2018 were not carried over."
    )


def test_it_marks_inferred_links_quietly(client: Client, viewer: User) -> None:
    soup = soup_of(client, viewer)
    note = rows_for(soup, "3")[0].select_one(".app-compare-note--inferred")
    assert note is not None and "nhsuk-body-s" in note["class"]
    assert note.text.strip() == (
        "Retention of nurses then; 50,000 more nurses now. "
        "Inferred: the mandates do not state the link."
    )
    assert len(soup.select(".app-compare-note--inferred")) == 7


def test_an_inferred_link_without_a_note_still_says_so(client: Client, viewer: User) -> None:
    ObjectiveLink.objects.filter(to_objective__reference="9").update(note="")
    soup = soup_of(client, viewer)
    note = rows_for(soup, "9")[0].select_one(".app-compare-note--inferred")
    assert note.text.strip() == "Inferred: the mandates do not state the link."


def test_it_lists_what_was_not_carried_over_by_theme(client: Client, viewer: User) -> None:
    soup = soup_of(client, viewer)
    listed = not_carried_over(soup)
    assert len(listed) == 23 - 6
    assert not {"1.1", "3.3", "2.5", "1.5", "2.1", "6.1"} & set(listed)
    assert listed[:4] == ["1.2", "1.3", "1.4", "2.2"]
    groups = soup.select("#not-carried-over ul.app-not-carried-over")
    # Theme 6 had one objective, 6.1, and it carried over.
    assert [group["data-theme"] for group in groups] == ["1", "2", "3", "4", "5"]
    assert soup.select_one("#not-carried-over h3").text == (
        "Theme 1: Develop the workforce to improve out of hospital care"
    )


def test_it_shows_the_latest_status_of_a_later_objective(
    client: Client, viewer: User, updater: User, nurses: Objective
) -> None:
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 9, 30),
        status=ProgressUpdate.Status.AT_RISK,
        percent_complete=35,
        narrative="Fewer international recruits than planned.",
    )
    soup = soup_of(client, viewer)
    right = rows_for(soup, "3")[0].select("td")[1]
    assert right.select_one("strong.nhsuk-tag").text == "At risk"


def test_the_reversed_order_redirects_to_earlier_then_later(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    response = client.get("/compare/hee-2021-22/hee-2017-18/")
    assert response.status_code == 302
    assert response["Location"] == URL


@pytest.mark.parametrize(
    "url",
    [
        "/compare/hee-1999-00/hee-2021-22/",
        "/compare/hee-2017-18/hee-1999-00/",
        "/compare/hee-2021-22/hee-2021-22/",
    ],
)
def test_unknown_mandates_are_not_found(client: Client, viewer: User, url: str) -> None:
    client.force_login(viewer)
    assert client.get(url).status_code == 404


def test_it_rejects_anonymous_get(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_it_rejects_post(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    assert client.post(URL).status_code == 405


def test_the_mandate_pages_link_to_the_comparison(client: Client, viewer: User) -> None:
    for slug in ("hee-2017-18", "hee-2021-22"):
        link = soup_of(client, viewer, f"/mandates/{slug}/").select_one("#compare-with a")
        assert link["href"] == URL
    assert link.text == "Compare with HEE mandate 2017 to 2018"


def test_the_query_count_does_not_grow(
    client: Client, viewer: User, updater: User, nurses: Objective, django_assert_num_queries
) -> None:
    client.force_login(viewer)
    # session, user, the two mandates, their themes, their objectives with the latest
    # update, the links between them
    with django_assert_num_queries(6):
        client.get(URL)
    earlier_theme = Objective.objects.get(mandate__slug="hee-2017-18", reference="1.1").theme
    earlier = add_objectives(earlier_theme, 20, owner=updater)
    later = add_objectives(nurses.theme, 30, owner=updater)
    add_updates(later, 3, author=updater)
    ObjectiveLink.objects.bulk_create(
        ObjectiveLink(from_objective=old, to_objective=new, note="Made for a test.")
        for old, new in zip(earlier, later, strict=False)
    )
    with django_assert_num_queries(6):
        response = client.get(URL)
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(rows_for(soup, "x0")) == 1 and left_of(soup, "x0") == ["x0"]
    assert len(not_carried_over(soup)) == 17  # the 20 new earlier ones all carried over
