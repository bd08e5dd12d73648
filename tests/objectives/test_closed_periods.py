"""Closing a quarter: afterwards its updates change only by an Editor, with a reason,
and are marked as changed after closing."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from mandates.models import ReportingPeriod
from mandates.services import reporting_period_close
from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_edit, progress_update_record

pytestmark = pytest.mark.usefixtures("mandates")
PERIODS = "/mandates/hee-2021-22/periods/"
RECORD = "/mandates/hee-2021-22/objectives/3/record/"
D = datetime.date


@pytest.fixture
def q1(editor: User) -> ReportingPeriod:
    """April to June 2021, closed."""
    period = ReportingPeriod.objects.get(mandate__slug="hee-2021-22", start=D(2021, 4, 1))
    return reporting_period_close(period=period, editor=editor)


def form(**changes: object) -> dict[str, object]:
    return {
        "as_of": "2021-06-30",
        "status": "on_track",
        "percent_complete": "20",
        "narrative": "Late figures.",
        "evidence_url": "",
    } | changes


def test_the_periods_page_lists_the_quarters_with_close_buttons_for_editors(
    client: Client, editor: User, viewer: User
) -> None:
    client.force_login(editor)
    soup = BeautifulSoup(client.get(PERIODS).content, "html.parser")
    rows = [[td.text.strip() for td in tr.select("td")] for tr in soup.select("tbody tr")]
    assert [row[:2] for row in rows] == [
        ["April 2021 to June 2021", "14 July 2021"],
        ["July 2021 to September 2021", "14 October 2021"],
        ["October 2021 to December 2021", "14 January 2022"],
        ["January 2022 to March 2022", "14 April 2022"],
    ]
    # Each open quarter's Close asks to confirm first (test_close_period_confirmation).
    closes = soup.select('tbody a[href$="/close/"]')
    assert [a.text for a in closes] == [f"Close {row[0]}" for row in rows]
    client.force_login(viewer)
    assert not BeautifulSoup(client.get(PERIODS).content, "html.parser").select("tbody a")


def test_an_editor_closes_a_quarter(client: Client, editor: User) -> None:
    period = ReportingPeriod.objects.get(mandate__slug="hee-2021-22", start=D(2021, 4, 1))
    client.force_login(editor)
    response = client.post(f"/periods/{period.pk}/close/", follow=True)
    assert "April 2021 to June 2021 is closed." in response.content.decode()
    period.refresh_from_db()
    assert period.closed_by == editor
    again = client.post(f"/periods/{period.pk}/close/", follow=True)
    assert "already closed" in again.content.decode()


@pytest.mark.parametrize("who", ["viewer", "updater"])
def test_only_an_editor_may_close_a_quarter(
    client: Client, request: pytest.FixtureRequest, who: str
) -> None:
    period = ReportingPeriod.objects.get(mandate__slug="hee-2021-22", start=D(2021, 4, 1))
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"/periods/{period.pk}/close/").status_code == 403
    period.refresh_from_db()
    assert not period.is_closed


def test_closing_needs_a_post_and_a_login(client: Client, editor: User) -> None:
    period = ReportingPeriod.objects.get(mandate__slug="hee-2021-22", start=D(2021, 4, 1))
    assert client.post(f"/periods/{period.pk}/close/")["Location"].startswith("/accounts/login/")
    client.force_login(editor)
    assert client.get(f"/periods/{period.pk}/close/").status_code == 200  # the confirmation
    period.refresh_from_db()
    assert not period.is_closed


def test_an_updater_cannot_add_to_a_closed_quarter(
    client: Client, updater: User, nurses: Objective, q1: ReportingPeriod
) -> None:
    client.force_login(updater)
    response = client.post(RECORD, form())
    assert (
        "April 2021 to June 2021 is closed: only an Editor can add to or change its updates."
        in response.content.decode()
    )
    assert not ProgressUpdate.objects.exists()
    # The next quarter is still open to them.
    assert client.post(RECORD, form(as_of="2021-07-31")).status_code == 302


def test_an_editor_adds_to_a_closed_quarter_with_a_reason_and_it_is_marked(
    client: Client, editor: User, nurses: Objective, q1: ReportingPeriod
) -> None:
    client.force_login(editor)
    refused = client.post(RECORD, form())
    assert "give a reason for changing it now" in refused.content.decode()
    assert not ProgressUpdate.objects.exists()

    client.post(RECORD, form(after_close_reason="Figures arrived late from the regions"))

    update = ProgressUpdate.objects.get()
    assert (update.after_close, update.after_close_reason) == (
        True,
        "Figures arrived late from the regions",
    )
    page = BeautifulSoup(client.get(nurses.get_absolute_url()).content, "html.parser")
    assert "Changed after its quarter closed" in page.select_one("li.app-timeline__item h3").text
    assert "Figures arrived late from the regions" in page.select_one(".app-after-close").text


def test_an_update_recorded_before_closing_is_marked_when_changed_after(
    editor: User, updater: User, nurses: Objective
) -> None:
    update = progress_update_record(
        objective=nurses,
        author=updater,
        as_of=D(2021, 6, 30),
        status="on_track",
        percent_complete=20,
        narrative="On time.",
    )
    assert not update.after_close
    reporting_period_close(
        period=ReportingPeriod.objects.get(mandate=nurses.mandate, start=D(2021, 4, 1)),
        editor=editor,
    )

    edited = progress_update_edit(
        update=update, editor=editor, reason="Audit correction", percent_complete=18
    )

    assert (edited.after_close, edited.after_close_reason) == (True, "Audit correction")


def test_moving_an_update_out_of_a_closed_quarter_counts_as_changing_it(
    updater: User, editor: User, nurses: Objective, q1: ReportingPeriod
) -> None:
    open_update = progress_update_record(
        objective=nurses,
        author=updater,
        as_of=D(2021, 7, 31),
        status="on_track",
        percent_complete=20,
        narrative="n",
    )
    edited = progress_update_edit(
        update=open_update, editor=editor, reason="Wrong quarter", as_of=D(2021, 6, 30)
    )
    assert edited.after_close


def test_the_service_refuses_an_updater_whatever_the_page_shows(
    updater: User, nurses: Objective, q1: ReportingPeriod
) -> None:
    with pytest.raises(ValidationError, match="is closed"):
        progress_update_record(
            objective=nurses,
            author=updater,
            as_of=D(2021, 5, 1),
            status="on_track",
            percent_complete=1,
            narrative="n",
            after_close_reason="please",
        )
    assert not ProgressUpdate.objects.exists()


def test_the_admin_shows_the_rule_rather_than_an_error_page(
    client: Client, updater: User, nurses: Objective, q1: ReportingPeriod
) -> None:
    client.force_login(updater)
    response = client.post(
        "/admin/objectives/progressupdate/add/",
        {
            "objective": nurses.pk,
            "as_of": "2021-06-30",
            "status": "on_track",
            "percent_complete": 20,
            "narrative": "n",
            "evidence_url": "",
            "status_reason": "",
            "after_close_reason": "",
        },
    )
    assert response.status_code == 200
    assert "is closed" in str(response.context["adminform"].form.errors)
    assert not ProgressUpdate.objects.exists()


def test_the_periods_page_query_count_is_fixed(
    client: Client, viewer: User, editor: User, django_assert_num_queries
) -> None:
    client.force_login(viewer)
    # session, user, mandate, its periods with who closed them, permissions (own, groups)
    with django_assert_num_queries(6):
        client.get(PERIODS)
    for period in ReportingPeriod.objects.filter(mandate__slug="hee-2021-22"):
        reporting_period_close(period=period, editor=editor)
    with django_assert_num_queries(6):
        client.get(PERIODS)
