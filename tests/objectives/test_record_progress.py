from __future__ import annotations

import datetime

import pytest
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
        ({"percent_complete": "150"}, "Percent complete must be 100 or less."),
        ({"percent_complete": "-1"}, "Percent complete must be 0 or more."),
        ({"percent_complete": "lots"}, "Enter a whole number."),
        (
            {"status": "complete", "percent_complete": "90"},
            "A complete objective is 100% complete.",
        ),
        (
            {"status": "finished"},
            "Select a valid choice. finished is not one of the available choices.",
        ),
        ({"as_of": "2999-01-01"}, "The date must be between 1 April 2021 and 31 March 2022."),
        ({"as_of": "1999-12-31"}, "The date must be between 1 April 2021 and 31 March 2022."),
        ({"as_of": "31/02/2021"}, "Enter a valid date."),
        ({"narrative": ""}, "This field is required."),
        (
            {"narrative": "x" * 10_001},
            "Ensure this value has at most 10000 characters (it has 10001).",
        ),
        ({"evidence_url": "javascript:alert(1)"}, "Enter a valid URL."),
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
