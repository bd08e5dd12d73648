from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_record
from tests.factories import add_objectives, add_updates

pytestmark = pytest.mark.usefixtures("mandates")


def references(response) -> list[str]:  # type: ignore[no-untyped-def]
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        row.select("td")[0].text.strip()
        for row in soup.select("table.app-table tbody tr")
        if row.select("td a")
    ]


@pytest.fixture
def viewer_client(client: Client, viewer: User) -> Client:
    client.force_login(viewer)
    return client


def test_it_lists_every_objective_25_to_a_page(viewer_client: Client) -> None:
    first = viewer_client.get("/objectives/")
    assert len(references(first)) == 25
    assert "37 objectives" in first.content.decode()
    second = viewer_client.get("/objectives/", {"page": 2})
    assert len(references(second)) == 12


def test_it_filters_by_mandate_and_free_text(viewer_client: Client) -> None:
    response = viewer_client.get("/objectives/", {"mandate": "hee-2021-22", "q": "nurses"})
    assert references(response) == ["3"]
    assert (
        viewer_client.get("/objectives/", {"q": "physician associates"})
        .context["table"]
        .paginator.count
        == 1
    )
    # A reference is matched whole, so "3" finds objective 3 and not 13 or 3.1.
    assert references(viewer_client.get("/objectives/", {"mandate": "hee-2021-22", "q": "3"})) == [
        "3"
    ]


def test_it_filters_by_theme_status_owner_and_needing_an_update(
    viewer_client: Client, nurses: Objective, updater: User
) -> None:
    nurses.owner = updater
    nurses.save()
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2022, 3, 31),  # the mandate's last day: it has ended
        status="at_risk",
        percent_complete=10,
        narrative="n",
    )

    assert references(viewer_client.get("/objectives/", {"theme": nurses.theme_id})) == [
        "3",
        "4",
        "5",
    ]
    assert references(viewer_client.get("/objectives/", {"status": "at_risk"})) == ["3"]
    assert (
        viewer_client.get("/objectives/", {"status": "no_update"}).context["table"].paginator.count
        == 36
    )
    assert references(viewer_client.get("/objectives/", {"owner": updater.pk})) == ["3"]
    # Overdue as the "Needs an update" page counts it: the 2021-22 objectives without an
    # update since its last quarter fell due; the withdrawn 2017-18 mandate asks for none.
    overdue = viewer_client.get("/objectives/", {"overdue": "true", "mandate": "hee-2021-22"})
    assert overdue.context["table"].paginator.count == 13
    assert "3" not in references(overdue)
    assert (
        viewer_client.get("/objectives/", {"overdue": "true", "mandate": "hee-2017-18"})
        .context["table"]
        .paginator.count
        == 0
    )
    assert references(
        viewer_client.get("/objectives/", {"overdue": "false", "mandate": "hee-2021-22"})
    ) == ["3"]


def test_it_sorts_by_a_column_and_keeps_the_filter_in_the_links(
    viewer_client: Client, nurses: Objective, updater: User
) -> None:
    gp = Objective.objects.get(mandate__slug="hee-2021-22", reference="4")
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status="on_track",
        percent_complete=70,
        narrative="n",
    )
    progress_update_record(
        objective=gp,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status="on_track",
        percent_complete=20,
        narrative="n",
    )

    response = viewer_client.get("/objectives/", {"status": "on_track", "sort": "-latest_percent"})
    assert references(response) == ["3", "4"]
    assert references(
        viewer_client.get("/objectives/", {"status": "on_track", "sort": "latest_percent"})
    ) == ["4", "3"]
    soup = BeautifulSoup(response.content, "html.parser")
    header_links = [a["href"] for a in soup.select("thead a")]
    assert all("status=on_track" in href for href in header_links)


def test_references_sort_in_the_mandates_order_not_as_text(viewer_client: Client) -> None:
    response = viewer_client.get("/objectives/", {"mandate": "hee-2021-22", "sort": "reference"})
    assert references(response)[:11] == [str(n) for n in range(1, 12)]


@pytest.mark.parametrize(
    "params",
    [
        {"mandate": "no-such-mandate"},
        {"theme": "not-a-number"},
        {"status": "<script>"},
        {"owner": "99999"},
        {"overdue": "perhaps"},
        {"sort": "password"},
        {"q": "x" * 500},
        {"q": "a\x00b"},
    ],
)
def test_bad_parameters_get_a_message_not_an_error(
    viewer_client: Client, params: dict[str, str]
) -> None:
    response = viewer_client.get("/objectives/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html


@pytest.mark.parametrize(("page", "shown"), [("99", 2), ("0", 2), ("-1", 2), ("abc", 1)])
# django-tables2: a page past either end shows the last page; a non-number, the first.
def test_a_page_out_of_range_shows_the_nearest_page(
    viewer_client: Client, page: str, shown: int
) -> None:
    response = viewer_client.get("/objectives/", {"page": page})
    assert response.context["table"].page.number == shown
    assert len(references(response)) == (12 if shown == 2 else 25)


def test_a_bad_filter_value_is_explained_in_the_error_summary(viewer_client: Client) -> None:
    html = viewer_client.get("/objectives/", {"mandate": "no-such-mandate"}).content.decode()
    assert "There is a problem" in html
    assert "Select a valid choice" in html


def test_its_query_count_does_not_grow_with_objectives_or_updates(
    viewer_client: Client, nurses: Objective, updater: User, django_assert_num_queries
) -> None:
    # session, user, the filter form's mandates, themes and owners, count, page
    with django_assert_num_queries(7):
        viewer_client.get("/objectives/", {"q": "a"})
    extra = add_objectives(nurses.theme, 60, owner=updater)
    add_updates(extra, 5, author=updater)
    with django_assert_num_queries(7):
        made = viewer_client.get("/objectives/", {"q": "a"})
    assert len(references(made)) == 25
    assert ProgressUpdate.objects.count() == 300


def test_the_owner_filter_offers_the_owners_by_name(
    viewer_client: Client, nurses: Objective, updater: User, editor: User
) -> None:
    nurses.owner = updater
    nurses.save()
    editor.first_name, editor.last_name = "", ""
    editor.save()
    Objective.objects.filter(reference="4", mandate=nurses.mandate).update(owner=editor)
    soup = BeautifulSoup(viewer_client.get("/objectives/").content, "html.parser")
    options = [o.text for o in soup.select("select[name=owner] option")]
    # Owners only, each by full name, else username; those who own nothing are not offered.
    assert options == ["Anyone", "eddie-editor", "Uma-Updater"]
