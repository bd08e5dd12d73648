"""Edit, withdraw and restore on the pages: Editors (and, to edit, an update's own Updater
while its quarter is open: test_own_corrections.py), always with a reason."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from core.roles import UPDATER
from core.versions import version_of
from objectives.forms import ProgressUpdateRestoreForm
from objectives.models import ProgressUpdate
from objectives.services import progress_update_edit, progress_update_withdraw
from tests.pages import error_summary

pytestmark = pytest.mark.usefixtures("mandates")


@pytest.fixture
def another_updater(db: None) -> User:
    """An Updater who is not the author of `recorded`."""
    user = User.objects.create_user(username="otto-updater", is_staff=True)
    user.groups.add(Group.objects.get(name=UPDATER))
    return user


def edit_form(update: ProgressUpdate, **changes: object) -> dict[str, object]:
    return {
        "as_of": update.as_of.isoformat(),
        "status": update.status,
        "percent_complete": update.percent_complete,
        "narrative": update.narrative,
        "evidence_url": update.evidence_url,
        "reason": "Figure corrected",
        "read_version": version_of(update),  # the version the form was read at
    } | changes


def reasons(update: ProgressUpdate) -> list[str]:
    return list(
        update.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )


def test_an_editor_edits_an_update_with_a_reason(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    client.force_login(editor)
    response = client.post(
        f"/updates/{recorded.pk}/edit/", edit_form(recorded, percent_complete=30)
    )
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.percent_complete == 30
    assert reasons(recorded) == ["Recorded", "Edited: Figure corrected"]


def test_an_edit_without_a_reason_or_change_is_refused(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    client.force_login(editor)
    no_reason = client.post(
        f"/updates/{recorded.pk}/edit/", edit_form(recorded, percent_complete=30, reason="  ")
    )
    assert "Give a reason for the change." in no_reason.content.decode()
    no_change = client.post(f"/updates/{recorded.pk}/edit/", edit_form(recorded))
    assert "Change at least one answer, or cancel" in no_change.content.decode()
    recorded.refresh_from_db()
    assert recorded.percent_complete == 20
    assert reasons(recorded) == ["Recorded"]


@pytest.mark.parametrize("who", ["viewer", "another_updater"])
def test_only_an_editor_may_change_an_update(
    client: Client, request: pytest.FixtureRequest, who: str, recorded: ProgressUpdate
) -> None:
    client.force_login(request.getfixturevalue(who))
    first = recorded.history.get()
    assert (
        client.post(
            f"/updates/{recorded.pk}/edit/", edit_form(recorded, percent_complete=99)
        ).status_code
        == 403
    )
    assert client.post(f"/updates/{recorded.pk}/withdraw/", {"reason": "mine"}).status_code == 403
    assert (
        client.post(
            f"/updates/{recorded.pk}/versions/{first.history_id}/restore/", {"reason": "r"}
        ).status_code
        == 403
    )
    recorded.refresh_from_db()
    assert (recorded.percent_complete, recorded.is_withdrawn, recorded.history.count()) == (
        20,
        False,
        1,
    )


def test_the_author_may_edit_but_not_withdraw_or_restore(
    client: Client, updater: User, recorded: ProgressUpdate
) -> None:
    client.force_login(updater)
    first = recorded.history.get()
    assert client.post(f"/updates/{recorded.pk}/withdraw/", {"reason": "mine"}).status_code == 403
    restore = f"/updates/{recorded.pk}/versions/{first.history_id}/restore/"
    assert client.post(restore, {"reason": "r"}).status_code == 403
    recorded.refresh_from_db()
    assert not recorded.is_withdrawn


def test_anonymous_changes_go_to_log_in(client: Client, recorded: ProgressUpdate) -> None:
    response = client.post(f"/updates/{recorded.pk}/withdraw/", {"reason": "x"})
    assert response["Location"].startswith("/accounts/login/")
    recorded.refresh_from_db()
    assert not recorded.is_withdrawn


def test_an_editor_withdraws_an_update_which_stays_in_the_history(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    client.force_login(editor)
    assert (
        "Give a reason for the change."
        in client.post(f"/updates/{recorded.pk}/withdraw/", {"reason": ""}).content.decode()
    )
    response = client.post(
        f"/updates/{recorded.pk}/withdraw/", {"reason": "Duplicate entry"}, follow=True
    )
    assert "Update withdrawn." in response.content.decode()
    recorded.refresh_from_db()
    assert recorded.withdrawn_reason == "Duplicate entry"
    again = client.post(f"/updates/{recorded.pk}/withdraw/", {"reason": "again"})
    assert "already withdrawn" in again.content.decode()


def test_a_withdrawn_update_cannot_be_edited_until_restored(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    progress_update_withdraw(update=recorded, editor=editor, reason="Doubtful")
    client.force_login(editor)
    response = client.post(
        f"/updates/{recorded.pk}/edit/", edit_form(recorded, percent_complete=50), follow=True
    )
    assert "restore it before editing it" in response.content.decode()
    recorded.refresh_from_db()
    assert recorded.percent_complete == 20


def test_an_editor_restores_an_earlier_version(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    first = recorded.history.get()
    progress_update_edit(update=recorded, editor=editor, reason="Guess", percent_complete=90)
    client.force_login(editor)
    url = f"/updates/{recorded.pk}/versions/{first.history_id}/restore/"
    assert "20%" in client.get(url).content.decode()

    client.post(url, {"reason": "The guess was wrong"})

    recorded.refresh_from_db()
    assert recorded.percent_complete == 20
    assert reasons(recorded)[-1].endswith(": The guess was wrong")
    assert recorded.history.count() == 3


def test_a_version_of_another_update_is_not_found(
    client: Client, editor: User, recorded: ProgressUpdate, updater: User
) -> None:
    other = ProgressUpdate.objects.create(
        objective=recorded.objective,
        author=updater,
        as_of=recorded.as_of,
        status="on_track",
        percent_complete=1,
        narrative="o",
        recorded_at=recorded.recorded_at,
    )
    client.force_login(editor)
    assert (
        client.post(
            f"/updates/{other.pk}/versions/{recorded.history.get().history_id}/restore/",
            {"reason": "r"},
        ).status_code
        == 404
    )


def test_an_unknown_update_is_not_found(client: Client, editor: User, mandates: None) -> None:
    client.force_login(editor)
    assert client.get("/updates/999/edit/").status_code == 404


@pytest.fixture
def version_the_rules_refuse(recorded: ProgressUpdate, editor: User) -> tuple[ProgressUpdate, int]:
    """An update whose first version chose another status than the figures suggested
    without saying why (saved before the rule was kept), and whose second follows them."""
    ProgressUpdate.objects.filter(pk=recorded.pk).update(suggested_status="at_risk")
    recorded.refresh_from_db()
    first = recorded.history.get().history_id
    edited = progress_update_edit(
        update=recorded, editor=editor, reason="As the figures say", status="at_risk"
    )
    return edited, first


SAY_WHY = "The figures suggest at risk: say why you chose another status."


def test_a_version_the_rules_refuse_is_not_restored_and_the_page_says_why(
    client: Client, editor: User, version_the_rules_refuse: tuple[ProgressUpdate, int]
) -> None:
    update, first = version_the_rules_refuse
    client.force_login(editor)
    response = client.post(
        f"/updates/{update.pk}/versions/{first}/restore/", {"reason": "Back to on track"}
    )
    assert response.status_code == 200
    assert SAY_WHY in error_summary(response)
    update.refresh_from_db()
    assert (update.status, update.history.count()) == ("at_risk", 2)


def test_a_rule_the_service_finds_after_the_form_is_still_a_message(
    client: Client,
    editor: User,
    version_the_rules_refuse: tuple[ProgressUpdate, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As if the rules changed between the form's check and the service's.
    monkeypatch.setattr(ProgressUpdateRestoreForm, "clean", lambda form: form.cleaned_data)
    update, first = version_the_rules_refuse
    client.force_login(editor)
    response = client.post(
        f"/updates/{update.pk}/versions/{first}/restore/", {"reason": "Back to on track"}
    )
    assert response.status_code == 200
    assert SAY_WHY in error_summary(response)
    assert update.history.count() == 2
