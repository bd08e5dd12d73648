"""A withdrawn update on the objective page has its own "Restore" where it stands: the
restore (objectives:update-restore, which asks a reason) of the version it had before it
was withdrawn, for those who may edit updates."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from objectives.models import ProgressUpdate
from objectives.services import progress_update_edit, progress_update_withdraw

pytestmark = pytest.mark.usefixtures("mandates")
URL = "/mandates/hee-2021-22/objectives/3/"


def restore_action(client: Client, user: User, update: ProgressUpdate) -> BeautifulSoup | None:
    """The Restore link beside the update's own actions (not in its earlier versions)."""
    client.force_login(user)
    item = BeautifulSoup(client.get(URL).content, "html.parser").select_one(f"#update-{update.pk}")
    return next(
        (a for a in item.find_all("a") if a.find_parent("details") is None and "Restore" in a.text),
        None,
    )


def test_a_withdrawn_update_offers_to_restore_the_version_before_its_withdrawal(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    progress_update_edit(
        update=recorded, editor=editor, reason="Figure corrected", percent_complete=25
    )
    progress_update_withdraw(update=recorded, editor=editor, reason="Entered twice")
    before = recorded.history.order_by("history_id")[1]  # the edit, not the withdrawal
    link = restore_action(client, editor, recorded)
    assert link["href"] == f"/updates/{recorded.pk}/versions/{before.history_id}/restore/"
    assert " ".join(link.text.split()) == (
        "Restore the update as of 30 June 2021 as it was before it was withdrawn"
    )

    # The restore page asks why, as every restore does; with a reason it counts again.
    assert client.get(link["href"]).status_code == 200
    response = client.post(link["href"], {"reason": "Not a duplicate after all"})
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert (recorded.is_withdrawn, recorded.percent_complete) == (False, 25)
    assert recorded.history.latest("history_id").history_change_reason.endswith(
        ": Not a duplicate after all"
    )
    assert restore_action(client, editor, recorded) is None  # counted again: nothing to restore


def test_only_those_who_may_edit_updates_see_it(
    client: Client, editor: User, viewer: User, updater: User, recorded: ProgressUpdate
) -> None:
    progress_update_withdraw(update=recorded, editor=editor, reason="Entered twice")
    assert restore_action(client, viewer, recorded) is None
    assert restore_action(client, updater, recorded) is None
    assert restore_action(client, editor, recorded) is not None


def test_an_update_that_counts_has_no_restore_beside_its_actions(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    progress_update_edit(
        update=recorded, editor=editor, reason="Figure corrected", percent_complete=25
    )
    assert restore_action(client, editor, recorded) is None
