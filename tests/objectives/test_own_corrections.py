"""An Updater corrects their own update while its quarter is open, with a reason kept in
the history: on the page, in the admin and in the service alike (services.may_correct).
Nobody else's, not in a closed quarter, and never a withdrawal."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from core.roles import UPDATER
from core.versions import version_of
from mandates.models import ReportingPeriod
from mandates.services import reporting_period_close
from objectives.access import correctable_update_ids
from objectives.models import ProgressUpdate
from objectives.services import progress_update_edit, progress_update_withdraw

pytestmark = pytest.mark.usefixtures("mandates")


@pytest.fixture
def another_updater(db: None) -> User:
    user = User.objects.create_user(username="otto-updater", is_staff=True)
    user.groups.add(Group.objects.get(name=UPDATER))
    return user


@pytest.fixture
def closed(recorded: ProgressUpdate, editor: User) -> ReportingPeriod:
    """The quarter of `recorded` (as of 30 June 2021), closed."""
    period = ReportingPeriod.objects.get(
        mandate__slug="hee-2021-22", start=datetime.date(2021, 4, 1)
    )
    return reporting_period_close(period=period, editor=editor)


def page_form(update: ProgressUpdate, **changes: object) -> dict[str, object]:
    return {
        "as_of_day": str(update.as_of.day),
        "as_of_month": str(update.as_of.month),
        "as_of_year": str(update.as_of.year),
        "status": update.status,
        "percent_complete": update.percent_complete,
        "narrative": update.narrative,
        "evidence_url": update.evidence_url,
        "reason": "Typo in the figure",
        "read_version": version_of(update),
    } | changes


def admin_form(update: ProgressUpdate, **changes: object) -> dict[str, object]:
    return {
        "as_of": update.as_of.isoformat(),
        "status": update.status,
        "percent_complete": update.percent_complete,
        "narrative": update.narrative,
        "evidence_url": update.evidence_url,
        "reason": "Typo in the figure",
        "read_version": version_of(update),
    } | changes


def edit_url(update: ProgressUpdate) -> str:
    return f"/updates/{update.pk}/edit/"


def admin_url(update: ProgressUpdate) -> str:
    return reverse("admin:objectives_progressupdate_change", args=[update.pk])


def test_an_updater_corrects_their_own_update_and_the_reason_is_kept(
    client: Client, updater: User, recorded: ProgressUpdate
) -> None:
    client.force_login(updater)
    page = client.get(edit_url(recorded)).content.decode()
    assert "Edit the update as of" in page
    response = client.post(edit_url(recorded), page_form(recorded, percent_complete=25))
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.percent_complete == 25
    newest = recorded.history.order_by("-history_id").first()
    assert (newest.history_user, newest.history_change_reason) == (
        updater,
        "Edited: Typo in the figure",
    )


def test_an_updater_cannot_edit_someone_elses_update(
    client: Client, another_updater: User, recorded: ProgressUpdate
) -> None:
    client.force_login(another_updater)
    assert client.get(edit_url(recorded)).status_code == 403
    response = client.post(edit_url(recorded), page_form(recorded, percent_complete=25))
    assert response.status_code == 403
    recorded.refresh_from_db()
    assert recorded.percent_complete == 20


def test_an_updater_cannot_edit_their_own_update_in_a_closed_quarter(
    client: Client, updater: User, recorded: ProgressUpdate, closed: ReportingPeriod
) -> None:
    client.force_login(updater)
    assert client.get(edit_url(recorded)).status_code == 403
    response = client.post(edit_url(recorded), page_form(recorded, percent_complete=25))
    assert response.status_code == 403
    recorded.refresh_from_db()
    assert recorded.percent_complete == 20


def test_an_editor_still_edits_in_a_closed_quarter_with_a_reason(
    client: Client, editor: User, recorded: ProgressUpdate, closed: ReportingPeriod
) -> None:
    client.force_login(editor)
    response = client.post(edit_url(recorded), page_form(recorded, percent_complete=25))
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert (recorded.percent_complete, recorded.after_close) == (25, True)


def test_the_service_refuses_anyone_else_and_an_updaters_withdrawal(
    updater: User, another_updater: User, recorded: ProgressUpdate
) -> None:
    with pytest.raises(PermissionDenied):
        progress_update_edit(
            update=recorded, editor=another_updater, reason="mine", percent_complete=99
        )
    with pytest.raises(PermissionDenied):
        progress_update_withdraw(update=recorded, editor=updater, reason="mine")
    recorded.refresh_from_db()
    assert (recorded.percent_complete, recorded.is_withdrawn) == (20, False)


def test_the_objective_page_helper_names_what_each_person_may_correct(
    updater: User,
    another_updater: User,
    editor: User,
    recorded: ProgressUpdate,
    django_assert_num_queries: object,
) -> None:
    updates = [recorded]
    objective = recorded.objective
    assert correctable_update_ids(editor, objective, updates) == {recorded.pk}
    assert correctable_update_ids(another_updater, objective, updates) == frozenset()
    updater.get_all_permissions()  # read once per request, by the page before this
    with django_assert_num_queries(1):  # type: ignore[operator]  # the closed quarters
        assert correctable_update_ids(updater, objective, updates) == {recorded.pk}


def test_the_objective_page_helper_leaves_out_a_closed_quarter(
    updater: User, recorded: ProgressUpdate, closed: ReportingPeriod
) -> None:
    assert correctable_update_ids(updater, recorded.objective, [recorded]) == frozenset()


def test_in_the_admin_an_updater_corrects_their_own_update_but_cannot_withdraw_it(
    client: Client, updater: User, recorded: ProgressUpdate
) -> None:
    client.force_login(updater)
    page = client.get(admin_url(recorded))
    assert page.status_code == 200
    assert "withdrawn" not in page.context["adminform"].form.fields or (
        "withdrawn" not in [f for line in page.context["adminform"] for f in line]
    )
    assert 'name="withdrawn"' not in page.content.decode()
    response = client.post(
        admin_url(recorded), admin_form(recorded, percent_complete=25, withdrawn="on")
    )
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert (recorded.percent_complete, recorded.is_withdrawn) == (25, False)
    assert recorded.history.order_by("-history_id").first().history_change_reason == (
        "Edited: Typo in the figure"
    )


def test_in_the_admin_an_updater_cannot_change_someone_elses_or_a_closed_quarters(
    client: Client,
    another_updater: User,
    updater: User,
    recorded: ProgressUpdate,
    editor: User,
) -> None:
    client.force_login(another_updater)
    other = client.post(admin_url(recorded), admin_form(recorded, percent_complete=25))
    assert other.status_code == 403
    period = ReportingPeriod.objects.get(
        mandate__slug="hee-2021-22", start=datetime.date(2021, 4, 1)
    )
    reporting_period_close(period=period, editor=editor)
    client.force_login(updater)
    own_closed = client.post(admin_url(recorded), admin_form(recorded, percent_complete=25))
    assert own_closed.status_code == 403
    recorded.refresh_from_db()
    assert recorded.percent_complete == 20


def test_the_objective_page_offers_edit_to_the_author_and_editors_only(
    client: Client,
    updater: User,
    another_updater: User,
    editor: User,
    recorded: ProgressUpdate,
) -> None:
    def actions(user: User) -> list[str]:
        client.force_login(user)
        soup = BeautifulSoup(
            client.get(recorded.objective.get_absolute_url()).content, "html.parser"
        )
        item = soup.select_one(f"#update-{recorded.pk}")
        return [a.get_text(" ", strip=True).split(" ")[0] for a in item.select("p a.nhsuk-link")]

    assert actions(updater) == ["Edit"]  # their own, in an open quarter: no Withdraw
    assert actions(another_updater) == []
    assert actions(editor) == ["Edit", "Withdraw"]
