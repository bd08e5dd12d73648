from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from objectives.models import Objective, ProgressUpdate
from tests.pages import error_summary

pytestmark = pytest.mark.usefixtures("mandates")
URL = "/mandates/hee-2021-22/objectives/3/record/"


def valid(**changes: object) -> dict[str, object]:
    return {
        "as_of": "2022-03-31",  # the mandate's last day: it has ended
        "status": "at_risk",
        "percent_complete": "40",
        "narrative": "Recruitment is behind plan in two regions.",
        "evidence_url": "https://example.org/report",
    } | changes


@pytest.mark.usefixtures("without_published_figures")  # figures would suggest a status
def test_an_updater_records_progress_and_sees_it_on_the_objective(
    client: Client, updater: User, nurses: Objective
) -> None:
    client.force_login(updater)
    response = client.post(URL, valid(), follow=True)

    update = ProgressUpdate.objects.get()
    assert (update.author, update.status, update.percent_complete) == (updater, "at_risk", 40)
    assert update.evidence_url == "https://example.org/report"
    assert response.redirect_chain == [("/mandates/hee-2021-22/objectives/3/", 302)]
    html = response.content.decode()
    assert "Progress recorded." in html
    assert "Recruitment is behind plan in two regions." in html


def test_the_form_starts_from_the_latest_update(
    client: Client, updater: User, recorded: ProgressUpdate
) -> None:
    client.force_login(updater)
    form = client.get(URL).context["form"]
    assert form.initial["status"] == "on_track"
    assert form.initial["percent_complete"] == 20
    assert form.initial["as_of"] == datetime.date(2022, 3, 31)  # the mandate's last day


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"percent_complete": "150"}, "Enter percent complete as a number from 0 to 100"),
        ({"percent_complete": "-1"}, "Enter percent complete as a number from 0 to 100"),
        ({"percent_complete": "lots"}, "Enter percent complete as a number from 0 to 100"),
        ({"percent_complete": ""}, "Enter percent complete as a number from 0 to 100"),
        (
            {"status": "complete", "percent_complete": "90"},
            "Enter 100 for percent complete, or select another status",
        ),
        ({"status": "finished"}, "Select a status from the list"),
        ({"status": ""}, "Select a status"),
        ({"as_of": "2999-01-01"}, "The date must be between 1 April 2021 and 31 March 2022."),
        ({"as_of": "1999-12-31"}, "The date must be between 1 April 2021 and 31 March 2022."),
        ({"as_of": "31/02/2021"}, "The as-of date must be a real date"),
        ({"as_of": ""}, "Enter the as-of date"),
        ({"narrative": ""}, "Enter a narrative"),
        (
            {"narrative": "x" * 10_001},
            "The narrative must be 10000 characters or fewer",
        ),
        (
            {"evidence_url": "javascript:alert(1)"},
            "Enter the evidence link as a full web address, like https://www.example.com/report",
        ),
        ({"narrative": "Half\x00way"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_is_explained_in_the_error_summary_and_nothing_is_saved(
    client: Client, updater: User, nurses: Objective, changes: dict[str, object], message: str
) -> None:
    client.force_login(updater)
    response = client.post(URL, valid(**changes))
    assert response.status_code == 200
    assert message in error_summary(response)
    assert not ProgressUpdate.objects.exists()


def test_a_viewer_who_posts_the_form_is_refused_and_nothing_is_saved(
    client: Client, viewer: User, nurses: Objective
) -> None:
    client.force_login(viewer)
    refused = client.get(URL)
    assert refused.status_code == 403
    assert "Updaters also record progress and figures" in refused.content.decode()
    assert client.post(URL, valid()).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_an_anonymous_post_goes_to_log_in(client: Client, nurses: Objective) -> None:
    response = client.post(URL, valid())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not ProgressUpdate.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(updater: User, nurses: Objective) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(updater)
    assert client.post(URL, valid()).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_the_form_carries_a_csrf_token(client: Client, updater: User, nurses: Objective) -> None:
    client.force_login(updater)
    assert 'name="csrfmiddlewaretoken"' in client.get(URL).content.decode()


def test_recording_against_an_unknown_objective_is_not_found(
    client: Client, updater: User, mandates: None
) -> None:
    client.force_login(updater)
    assert client.post("/mandates/hee-2021-22/objectives/15/record/", valid()).status_code == 404


def test_other_methods_are_not_allowed(client: Client, updater: User, nurses: Objective) -> None:
    client.force_login(updater)
    assert client.put(URL).status_code == 405


def test_the_form_asks_with_date_boxes_and_status_radios(
    client: Client, updater: User, nurses: Objective
) -> None:
    client.force_login(updater)
    soup = BeautifulSoup(client.get(URL).content, "html.parser")
    legends = [legend.text.strip() for legend in soup.select("form legend")]
    assert legends[:2] == ["As of", "Status"]
    assert [i["name"] for i in soup.select(".nhsuk-date-input input")] == [
        "as_of_day",
        "as_of_month",
        "as_of_year",
    ]
    radios = soup.select(".nhsuk-radios input[type=radio]")
    assert [r["value"] for r in radios] == list(ProgressUpdate.Status.values)
    labels = [soup.select_one(f"label[for={r['id']}]").text for r in radios]
    assert labels == list(ProgressUpdate.Status.labels)
    # The allowed range in words, and no bounds on text boxes.
    assert "It must be between 1 April 2021 and 31 March 2022" in soup.text
    assert not soup.select(".nhsuk-date-input input[min], .nhsuk-date-input input[max]")


def test_each_error_is_said_once_and_linked_to_its_first_box_or_radio(
    client: Client, updater: User, nurses: Objective
) -> None:
    client.force_login(updater)
    data = valid(status="", narrative="", percent_complete="") | {
        "as_of": "",
        "as_of_day": "30",
        "as_of_month": "",
        "as_of_year": "2021",
    }
    soup = BeautifulSoup(client.post(URL, data).content, "html.parser")
    links = {a.text.strip(): a["href"] for a in soup.select(".nhsuk-error-summary__list a")}
    assert links == {
        "The as-of date must include a month": "#id_as_of_month",
        "Select a status": "#id_status_0",
        "Enter percent complete as a number from 0 to 100": "#id_percent_complete",
        "Enter a narrative": "#id_narrative",
    }
    for href in links.values():
        assert soup.select_one(href) is not None
    assert "This field is required." not in soup.text
    assert soup.select_one("#id_as_of_month")["class"].count("nhsuk-input--error") == 1
    assert "nhsuk-input--error" not in soup.select_one("#id_as_of_day")["class"]
    assert not ProgressUpdate.objects.exists()
