"""The dates an update and a figure may carry (objectives.dates): an update's as-of date
within its mandate's period and not in the future, a figure's not in the future, the
same in the pages, the admin and the services; and an old update still withdrawn and
restored once its mandate has ended."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from objectives.dates import as_of_range, check_as_of, check_measured_on, latest_as_of
from objectives.models import Measurement, Objective, ProgressUpdate, Target
from objectives.services import (
    measurement_record,
    progress_update_edit,
    progress_update_reinstate,
    progress_update_restore,
    progress_update_withdraw,
)
from tests.pages import error_summary

pytestmark = pytest.mark.usefixtures("mandates")

D = datetime.date
RECORD_URL = "/mandates/hee-2021-22/objectives/3/record/"
ENDED = "The date must be between 1 April 2021 and 31 March 2022."


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def on(day: datetime.date) -> time_machine.travel:
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=ZoneInfo("Europe/London"))
    return time_machine.travel(noon, tick=False)


def progress(**changes: object) -> dict[str, object]:
    # A status reason in case the targets' figures suggest another status: it is not
    # what these tests are about, and is ignored where it is not asked.
    return {
        "as_of": "2021-06-30",
        "status": "at_risk",
        "status_reason": "Two regions are behind plan.",
        "percent_complete": "40",
        "narrative": "Recruitment is behind plan in two regions.",
        "evidence_url": "",
    } | changes


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


class Period:
    period_start = D(2021, 4, 1)
    period_end = D(2022, 3, 31)


def test_the_range_runs_to_today_while_the_mandate_runs_and_to_its_end_after() -> None:
    assert as_of_range(Period, D(2021, 12, 3)) == (D(2021, 4, 1), D(2021, 12, 3))
    assert as_of_range(Period, D(2026, 12, 3)) == (D(2021, 4, 1), D(2022, 3, 31))
    assert latest_as_of(Period, D(2021, 12, 3)) == D(2021, 12, 3)
    assert latest_as_of(Period, D(2026, 12, 3)) == D(2022, 3, 31)


@pytest.mark.parametrize(
    ("day", "today", "message"),
    [
        (D(2021, 3, 31), D(2026, 12, 3), ENDED),
        (D(2022, 4, 1), D(2026, 12, 3), ENDED),
        (D(2021, 12, 4), D(2021, 12, 3), "between 1 April 2021 and today, 3 December 2021."),
        (D(2021, 4, 1), D(2021, 3, 1), "on or after 1 April 2021, when the mandate starts."),
    ],
)
def test_a_date_outside_is_refused_naming_the_range(
    day: datetime.date, today: datetime.date, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        check_as_of(Period, day, today)
    assert message in refused.value.message_dict["as_of"][0]


def test_the_first_and_last_allowed_days_are_allowed() -> None:
    check_as_of(Period, D(2021, 4, 1), D(2026, 12, 3))
    check_as_of(Period, D(2022, 3, 31), D(2026, 12, 3))
    check_as_of(Period, D(2021, 12, 3), D(2021, 12, 3))
    check_measured_on(D(2016, 1, 1), D(2021, 12, 3))  # a baseline, before the mandate
    with pytest.raises(ValidationError):
        check_measured_on(D(2021, 12, 4), D(2021, 12, 3))


# The record page.


@pytest.mark.parametrize(
    "as_of",
    ["2021-03-31", "2022-04-01", "2100-12-31"],
    ids=["before the start", "after the end", "in the future"],
)
def test_the_record_page_refuses_a_date_outside_the_ended_mandate(
    updater: User, nurses: Objective, as_of: str
) -> None:
    response = client_for(updater).post(RECORD_URL, progress(as_of=as_of))
    assert response.status_code == 200
    assert ENDED in error_summary(response)
    assert not ProgressUpdate.objects.exists()


def test_the_record_page_accepts_the_mandates_last_day(updater: User, nurses: Objective) -> None:
    response = client_for(updater).post(RECORD_URL, progress(as_of="2022-03-31"))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().as_of == D(2022, 3, 31)


def test_while_the_mandate_runs_a_date_after_today_is_refused(
    updater: User, nurses: Objective
) -> None:
    with on(D(2021, 12, 3)):
        client = client_for(updater)
        refused = client.post(RECORD_URL, progress(as_of="2021-12-04"))
        assert "The date must be between 1 April 2021 and today, 3 December 2021." in (
            error_summary(refused)
        )
        assert not ProgressUpdate.objects.exists()
        assert client.post(RECORD_URL, progress(as_of="2021-12-03")).status_code == 302


def test_the_form_offers_today_while_the_mandate_runs(updater: User, nurses: Objective) -> None:
    with on(D(2021, 12, 3)):
        form = client_for(updater).get(RECORD_URL).context["form"]
    assert form.initial["as_of"] == D(2021, 12, 3)
    assert "between 1 April 2021 and today, 3 December 2021" in form.fields["as_of"].help_text


@pytest.mark.parametrize(
    ("url", "last_day"),
    [
        (RECORD_URL, D(2022, 3, 31)),
        ("/mandates/hee-2017-18/objectives/1.1/record/", D(2018, 3, 31)),
    ],
)
def test_the_form_offers_an_ended_mandates_last_day(
    updater: User, url: str, last_day: datetime.date
) -> None:
    response = client_for(updater).get(url)
    assert response.context["form"].initial["as_of"] == last_day
    # Typed in the date boxes; the bound is said in words, as text boxes have none.
    soup = BeautifulSoup(response.content, "html.parser")
    boxes = soup.select(".nhsuk-date-input input")
    assert [box["value"] for box in boxes] == [
        str(last_day.day),
        str(last_day.month),
        str(last_day.year),
    ]
    assert not any(box.has_attr("max") or box.has_attr("min") for box in boxes)


def test_the_edit_page_refuses_a_new_date_outside_the_mandate(
    editor: User, recorded: ProgressUpdate
) -> None:
    response = client_for(editor).post(
        f"/updates/{recorded.pk}/edit/",
        progress(as_of="2022-04-01", percent_complete="20", reason="Date corrected"),
    )
    assert ENDED in error_summary(response)
    recorded.refresh_from_db()
    assert recorded.as_of == D(2021, 6, 30)


# The figure page.


def test_the_figure_page_refuses_a_date_in_the_future_and_takes_a_baseline(
    updater: User, nurses: Objective
) -> None:
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    url = f"/targets/{target.pk}/measurements/record/"
    figures = Measurement.objects.count()
    client = client_for(updater)
    refused = client.post(url, {"measured_on": tomorrow().isoformat(), "value": "12000"})
    assert "The date of the figure cannot be in the future." in error_summary(refused)
    assert Measurement.objects.count() == figures

    assert client.post(url, {"measured_on": "2016-06-30", "value": "100"}).status_code == 302
    assert Measurement.objects.filter(target=target, measured_on=D(2016, 6, 30)).exists()


# The admin.


def test_the_admins_add_page_refuses_an_update_outside_the_mandate(
    superuser: User, nurses: Objective
) -> None:
    response = client_for(superuser).post(
        reverse("admin:objectives_progressupdate_add"),
        progress(objective=nurses.pk, as_of="2021-03-31", after_close_reason=""),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["as_of"] == [ENDED]
    assert not ProgressUpdate.objects.exists()


def test_the_admins_add_page_refuses_a_figure_in_the_future(
    superuser: User, nurses: Objective
) -> None:
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    figures = Measurement.objects.count()
    response = client_for(superuser).post(
        reverse("admin:objectives_measurement_add"),
        {"target": target.pk, "measured_on": tomorrow().isoformat(), "value": "1", "note": ""},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["measured_on"] == [
        "The date of the figure cannot be in the future."
    ]
    assert Measurement.objects.count() == figures


# The services, and the updates already recorded.


def test_the_services_refuse_a_date_outside_the_mandate(
    editor: User, updater: User, recorded: ProgressUpdate
) -> None:
    with pytest.raises(ValidationError, match="between 1 April 2021 and 31 March 2022"):
        progress_update_edit(update=recorded, editor=editor, reason="Moved", as_of=D(2022, 4, 1))
    target = Target.objects.get(objective=recorded.objective, code="nurses-2024")
    with pytest.raises(ValidationError, match="cannot be in the future"):
        measurement_record(target=target, recorded_by=updater, measured_on=tomorrow(), value=1)


def test_an_ended_mandates_update_is_still_withdrawn_reinstated_and_restored(
    editor: User, recorded: ProgressUpdate
) -> None:
    progress_update_edit(update=recorded, editor=editor, reason="Later", as_of=D(2021, 9, 30))
    progress_update_withdraw(update=recorded, editor=editor, reason="Entered twice")
    progress_update_reinstate(update=recorded, editor=editor, reason="It was right")
    first = recorded.history.earliest("history_date")
    progress_update_restore(
        update=recorded, history_id=first.history_id, editor=editor, reason="Undo"
    )
    recorded.refresh_from_db()
    assert (recorded.as_of, recorded.is_withdrawn) == (D(2021, 6, 30), False)


def test_a_version_dated_outside_the_mandate_before_the_rule_is_still_restored(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    # Saved as it could be before the rule, without validation; then put right.
    recorded.as_of = D(2021, 3, 31)
    recorded.save()
    legacy = recorded.history.latest("history_id")
    progress_update_edit(
        update=recorded, editor=editor, reason="Into the mandate", as_of=D(2021, 4, 1)
    )

    response = client_for(editor).post(
        f"/updates/{recorded.pk}/versions/{legacy.history_id}/restore/",
        {"reason": "The earlier date was the source's"},
    )
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.as_of == D(2021, 3, 31)
    progress_update_withdraw(update=recorded, editor=editor, reason="Outside the mandate")
    recorded.refresh_from_db()
    assert recorded.is_withdrawn
