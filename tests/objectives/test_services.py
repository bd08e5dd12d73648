"""Recording, editing, withdrawing and restoring progress keeps every version."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from objectives.models import Objective, ProgressUpdate
from objectives.services import (
    progress_update_edit,
    progress_update_record,
    progress_update_reinstate,
    progress_update_restore,
    progress_update_withdraw,
)


def versions(update: ProgressUpdate) -> list[tuple[str, str, int, str]]:
    """Oldest first: (who, why, percent, withdrawn?)."""
    return [
        (
            v.history_user.username,
            v.history_change_reason,
            v.percent_complete,
            "withdrawn" if v.withdrawn_at else "",
        )
        for v in update.history.order_by("history_date", "history_id")
    ]


def latest(objective: Objective) -> Objective:
    return Objective.objects.get(pk=objective.pk)


def test_recording_keeps_a_first_version_with_its_author(recorded: ProgressUpdate) -> None:
    assert versions(recorded) == [("uma-updater", "Recorded", 20, "")]
    assert recorded.recorded_at is not None
    assert latest(recorded.objective).latest_status == "on_track"


def test_an_edit_keeps_the_earlier_version_and_says_who_and_why(
    recorded: ProgressUpdate, editor: User
) -> None:
    edited = progress_update_edit(
        update=recorded, editor=editor, reason="Typo in the figure", percent_complete=25
    )

    assert edited.percent_complete == 25
    assert edited.edited_at is not None
    assert edited.author.username == "uma-updater"  # the author stays the original's
    assert versions(edited) == [
        ("uma-updater", "Recorded", 20, ""),
        ("eddie-editor", "Edited: Typo in the figure", 25, ""),
    ]


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_edit_without_a_reason_is_refused_and_changes_nothing(
    recorded: ProgressUpdate, editor: User, reason: str
) -> None:
    with pytest.raises(ValidationError, match="reason"):
        progress_update_edit(update=recorded, editor=editor, reason=reason, percent_complete=99)
    recorded.refresh_from_db()
    assert recorded.percent_complete == 20
    assert recorded.history.count() == 1


def test_only_the_progress_fields_can_be_edited(recorded: ProgressUpdate, editor: User) -> None:
    with pytest.raises(TypeError, match="author"):
        progress_update_edit(update=recorded, editor=editor, reason="r", author=editor)


def test_a_withdrawn_update_leaves_the_summaries_but_stays_in_the_history(
    recorded: ProgressUpdate, editor: User, updater: User
) -> None:
    older = progress_update_record(
        objective=recorded.objective,
        author=updater,
        as_of=datetime.date(2021, 5, 31),
        status="at_risk",
        percent_complete=10,
        narrative="Slow start.",
    )
    progress_update_withdraw(
        update=recorded, editor=editor, reason="Recorded against the wrong objective"
    )

    assert latest(recorded.objective).latest_update_id == older.pk
    assert latest(recorded.objective).latest_status == "at_risk"
    recorded.refresh_from_db()
    assert recorded.withdrawn_by == editor
    assert recorded.withdrawn_reason == "Recorded against the wrong objective"
    assert ProgressUpdate.objects.filter(pk=recorded.pk).exists()
    assert versions(recorded)[-1] == (
        "eddie-editor",
        "Withdrawn: Recorded against the wrong objective",
        20,
        "withdrawn",
    )

    with pytest.raises(ValidationError, match="already withdrawn"):
        progress_update_withdraw(update=recorded, editor=editor, reason="again")


def test_a_withdrawal_can_be_undone(recorded: ProgressUpdate, editor: User) -> None:
    progress_update_withdraw(update=recorded, editor=editor, reason="Mistake?")
    progress_update_reinstate(update=recorded, editor=editor, reason="It was right after all")

    assert latest(recorded.objective).latest_update_id == recorded.pk
    assert [why for _, why, _, _ in versions(recorded)] == [
        "Recorded",
        "Withdrawn: Mistake?",
        "Reinstated: It was right after all",
    ]


def test_restoring_an_earlier_version_adds_a_version(
    recorded: ProgressUpdate, editor: User
) -> None:
    first = recorded.history.get()
    progress_update_edit(
        update=recorded, editor=editor, reason="Revised", percent_complete=40, narrative="Revised."
    )
    progress_update_withdraw(update=recorded, editor=editor, reason="Doubtful")

    restored = progress_update_restore(
        update=recorded, history_id=first.history_id, editor=editor, reason="Back to the original"
    )

    assert (restored.percent_complete, restored.narrative, restored.is_withdrawn) == (
        20,
        "Recruitment campaign launched.",
        False,
    )
    assert len(versions(restored)) == 4
    assert versions(restored)[-1][1].startswith("Restored the version of ")
    assert versions(restored)[-1][1].endswith(": Back to the original")


def test_a_version_of_another_update_cannot_be_restored(
    recorded: ProgressUpdate, editor: User, updater: User
) -> None:
    other = progress_update_record(
        objective=recorded.objective,
        author=updater,
        as_of=datetime.date(2021, 9, 30),
        status="on_track",
        percent_complete=30,
        narrative="Other.",
    )
    with pytest.raises(ValidationError, match="does not belong"):
        progress_update_restore(
            update=recorded, history_id=other.history.get().history_id, editor=editor, reason="r"
        )


def test_the_latest_update_is_the_latest_as_of_date_not_the_latest_recorded(
    recorded: ProgressUpdate, updater: User
) -> None:
    progress_update_record(
        objective=recorded.objective,
        author=updater,
        as_of=datetime.date(2021, 4, 30),
        status="off_track",
        percent_complete=5,
        narrative="Back-filled April.",
    )
    assert latest(recorded.objective).latest_update_id == recorded.pk
    assert latest(recorded.objective).latest_percent == 20
    assert latest(recorded.objective).latest_as_of == datetime.date(2021, 6, 30)
