from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from objectives.forms import MeasurementForm
from objectives.models import Measurement, Objective, Target
from objectives.services import measurement_record
from tests.pages import error_summary

# The app's own figures: the published ones of the fixtures would stand among them.
pytestmark = pytest.mark.usefixtures("without_published_figures")

OBJECTIVE_URL = "/mandates/hee-2021-22/objectives/3/"


@pytest.fixture
def target(nurses: Objective) -> Target:
    return Target.objects.get(objective=nurses, code="nurses-2024")


def url(target: Target) -> str:
    return f"/targets/{target.pk}/measurements/record/"


def valid(**changes: object) -> dict[str, object]:
    return {
        "measured_on": "2022-06-30",
        "value": "12000",
        "note": "NHS workforce statistics, June 2022",
    } | changes


def test_an_updater_records_a_figure_and_sees_it_on_the_objective(
    client: Client, updater: User, target: Target
) -> None:
    client.force_login(updater)
    response = client.post(url(target), valid(), follow=True)

    measurement = Measurement.objects.get()
    assert (measurement.target, measurement.recorded_by) == (target, updater)
    assert (measurement.measured_on, measurement.value) == (
        datetime.date(2022, 6, 30),
        Decimal("12000"),
    )
    assert measurement.note == "NHS workforce statistics, June 2022"
    assert measurement.history.get().history_user == updater
    assert response.redirect_chain == [(OBJECTIVE_URL, 302)]
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Figure recorded: 12,000 more nurses on 30 Jun 2022." in soup.text
    row = soup.select_one(f"#target-{target.pk} table tbody tr")
    assert [td.text.strip() for td in row.select("td")] == [
        "30 Jun 2022",
        "12,000",
        "NHS workforce statistics, June 2022",
    ]


def test_the_form_names_the_target_and_starts_from_today(
    client: Client, editor: User, target: Target
) -> None:
    client.force_login(editor)
    response = client.get(url(target))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.text == "Record a figure"
    assert "50,000 more nurses by 2024 (HEE's own date)" in soup.text
    today = datetime.date.today()
    boxes = [
        soup.select_one(f"input[name=measured_on_{part}]") for part in ("day", "month", "year")
    ]
    assert [box["value"] for box in boxes] == [str(today.day), str(today.month), str(today.year)]
    assert soup.select_one("fieldset legend").text.strip() == "Date of the figure"
    # The target said once, not its description and then its value and unit again.
    assert soup.select_one("main p, p").text.count("50,000") <= 1
    assert soup.select_one("input[name=value]") is not None
    assert soup.select_one("input[name=csrfmiddlewaretoken]") is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "-1"}, "The figure must be 0 or more."),
        ({"value": "lots"}, "Enter the figure as a number, like 12000"),
        ({"value": ""}, "Enter the figure"),
        ({"value": "12000.123"}, "Enter the figure with no more than 2 decimal places"),
        ({"measured_on": "2999-01-01"}, "The date of the figure cannot be in the future."),
        ({"measured_on": "31/02/2022"}, "The date of the figure must be a real date"),
        ({"measured_on": ""}, "Enter the date of the figure"),
        (
            {"measured_on_day": "30", "measured_on_month": "", "measured_on_year": "2022"},
            "The date of the figure must include a month",
        ),
        ({"measured_on": "1999-12-31"}, "The date of the figure must be in 2000 or later"),
        ({"note": "x" * 301}, "The source must be 300 characters or fewer"),
    ],
)
def test_bad_input_is_explained_in_the_error_summary_and_nothing_is_saved(
    client: Client, updater: User, target: Target, changes: dict[str, object], message: str
) -> None:
    client.force_login(updater)
    response = client.post(url(target), valid(**changes))
    assert response.status_code == 200
    assert message in error_summary(response)
    assert not Measurement.objects.exists()


def test_a_second_figure_for_the_same_day_is_a_field_error_not_a_database_error(
    client: Client, updater: User, target: Target
) -> None:
    measurement_record(
        target=target,
        recorded_by=updater,
        measured_on=datetime.date(2022, 6, 30),
        value=Decimal("11000"),
    )
    client.force_login(updater)
    response = client.post(url(target), valid())
    assert response.status_code == 200
    message = "A figure for 30 June 2022 is already recorded for this target: choose another date."
    assert error_summary(response) == [message]
    soup = BeautifulSoup(response.content, "html.parser")
    assert message in soup.select_one("#id_measured_on_error").text
    assert Measurement.objects.get().value == Decimal("11000")


def test_the_same_day_may_have_a_figure_for_another_target(
    client: Client, updater: User, target: Target, nurses: Objective
) -> None:
    other = Target.objects.get(objective=nurses, code="nurses-2025")
    measurement_record(
        target=other,
        recorded_by=updater,
        measured_on=datetime.date(2022, 6, 30),
        value=Decimal("11000"),
    )
    client.force_login(updater)
    assert client.post(url(target), valid()).status_code == 302
    assert Measurement.objects.filter(target=target).count() == 1


def test_a_viewer_is_refused_and_nothing_is_saved(
    client: Client, viewer: User, target: Target
) -> None:
    client.force_login(viewer)
    refused = client.get(url(target))
    assert refused.status_code == 403
    assert "You cannot do that" in refused.content.decode()
    assert client.post(url(target), valid()).status_code == 403
    assert not Measurement.objects.exists()


def test_an_anonymous_post_goes_to_log_in(client: Client, target: Target) -> None:
    response = client.post(url(target), valid())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Measurement.objects.exists()


def test_an_unknown_target_is_not_found(client: Client, updater: User, mandates: None) -> None:
    client.force_login(updater)
    response = client.get("/targets/99999/measurements/record/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_post_without_the_csrf_token_is_refused(updater: User, target: Target) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(updater)
    assert client.post(url(target), valid()).status_code == 403
    assert not Measurement.objects.exists()


def test_a_figure_recorded_between_the_check_and_the_save_is_still_an_error_message(
    client: Client, updater: User, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if a double submit passed the form's check twice before either was saved.
    monkeypatch.setattr(
        MeasurementForm, "clean_measured_on", lambda form: form.cleaned_data["measured_on"]
    )
    measurement_record(
        target=target,
        recorded_by=updater,
        measured_on=datetime.date(2022, 6, 30),
        value=Decimal("11000"),
    )
    client.force_login(updater)
    response = client.post(url(target), valid())
    assert response.status_code == 200
    assert error_summary(response) == [
        "A figure for 30 June 2022 is already recorded for this target: choose another date."
    ]
    assert Measurement.objects.get().value == Decimal("11000")


def test_the_form_names_the_target_and_its_deadline_once(
    client: Client, updater: User, target: Target
) -> None:
    client.force_login(updater)

    def words() -> str:
        soup = BeautifulSoup(client.get(url(target)).content, "html.parser")
        return " ".join(soup.select_one("#target-words").text.split())

    assert words() == "Against the target: 50,000 more nurses by 2024 (HEE's own date)."
    target.description = "50,000 more nurses"  # a wording that leaves the deadline out
    target.save()
    assert words() == "Against the target: 50,000 more nurses by 2024."
