"""A theme's quarterly return (mandates.sign_offs): an Editor signs it off or sends it back;
a later change to an update of a signed-off quarter clears the sign-off and says so."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from mandates.models import Mandate, ReportingPeriod, Theme, ThemeReturn
from mandates.sign_offs import sign_off_clear, theme_return_send_back, theme_return_sign_off

pytestmark = pytest.mark.usefixtures("mandates")


@pytest.fixture
def theme() -> Theme:
    return Theme.objects.get(mandate__slug="hee-2021-22", number=1)


@pytest.fixture
def quarter(theme: Theme) -> ReportingPeriod:
    return ReportingPeriod.objects.get(mandate=theme.mandate, start=datetime.date(2021, 4, 1))


def test_an_editor_signs_off_a_themes_quarter(
    theme: Theme, quarter: ReportingPeriod, editor: User
) -> None:
    decision = theme_return_sign_off(theme=theme, period=quarter, user=editor, comment="Checked.")
    assert decision.state == ThemeReturn.State.SIGNED_OFF
    assert (decision.decided_by, decision.comment) == (editor, "Checked.")
    version = decision.history.latest()
    assert (version.history_user, version.history_change_reason) == (editor, "Signed off")


@pytest.mark.parametrize("role", ["viewer", "updater"])
def test_nobody_else_signs_off_or_sends_back(
    theme: Theme, quarter: ReportingPeriod, role: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        theme_return_sign_off(theme=theme, period=quarter, user=user)
    with pytest.raises(PermissionDenied):
        theme_return_send_back(theme=theme, period=quarter, user=user, comment="No.")
    assert not ThemeReturn.objects.exists()


def test_sending_back_needs_a_comment_for_the_owners(
    theme: Theme, quarter: ReportingPeriod, editor: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        theme_return_send_back(theme=theme, period=quarter, user=editor, comment="  ")
    assert refused.value.message_dict == {
        "comment": ["Enter a comment that says what the owners should change."]
    }
    back = theme_return_send_back(theme=theme, period=quarter, user=editor, comment="Add figures.")
    assert (back.state, back.comment) == (ThemeReturn.State.SENT_BACK, "Add figures.")


def test_a_quarter_not_yet_ended_is_not_signed_off(theme: Theme, editor: User) -> None:
    mandate: Mandate = theme.mandate
    future = ReportingPeriod.objects.filter(mandate=mandate).order_by("-start").first()
    future.end = datetime.date(2099, 12, 31)
    future.due = datetime.date(2100, 1, 14)
    future.save()
    with pytest.raises(ValidationError):
        theme_return_sign_off(theme=theme, period=future, user=editor)


def test_a_quarter_of_another_mandate_is_refused(theme: Theme, editor: User) -> None:
    other = ReportingPeriod.objects.exclude(mandate=theme.mandate).first()
    with pytest.raises(ValidationError):
        theme_return_sign_off(theme=theme, period=other, user=editor)


def test_a_change_in_a_signed_off_quarter_clears_it_and_says_what(
    theme: Theme, quarter: ReportingPeriod, editor: User, updater: User
) -> None:
    theme_return_sign_off(theme=theme, period=quarter, user=editor)
    other_quarter = datetime.date(2021, 9, 30)
    assert (
        sign_off_clear(
            theme_id=theme.pk,
            mandate_id=theme.mandate_id,
            as_of=other_quarter,
            user=updater,
            what="the update of objective 1 as of 30 September 2021",
        )
        is None
    )
    cleared = sign_off_clear(
        theme_id=theme.pk,
        mandate_id=theme.mandate_id,
        as_of=datetime.date(2021, 6, 30),
        user=updater,
        what="the update of objective 1 as of 30 June 2021",
    )
    assert cleared.state == ThemeReturn.State.CLEARED
    assert cleared.comment.startswith(
        "The sign-off was cleared because the update of objective 1 as of 30 June 2021 was "
        "changed by Uma-Updater on "
    )
    reasons = list(
        cleared.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "Signed off",
        "Cleared: the update of objective 1 as of 30 June 2021 changed",
    ]


def test_every_write_to_an_update_of_a_signed_off_quarter_clears_it(
    theme: Theme, quarter: ReportingPeriod, editor: User, updater: User
) -> None:
    from objectives.models import Objective
    from objectives.services import (
        progress_update_edit,
        progress_update_restore,
        progress_update_withdraw,
    )
    from tests.factories import record_progress

    objective = Objective.objects.filter(theme=theme).order_by("position").first()
    june = datetime.date(2021, 6, 30)

    def signed_off_then(write) -> ThemeReturn:  # type: ignore[no-untyped-def]
        theme_return_sign_off(theme=theme, period=quarter, user=editor)
        write()
        return ThemeReturn.objects.get(theme=theme, period=quarter)

    recorded = None

    def record() -> None:
        nonlocal recorded
        recorded = record_progress(objective, updater, june, "on_track", 10)

    cleared = signed_off_then(record)
    assert cleared.state == ThemeReturn.State.CLEARED
    assert f"the update of objective {objective.reference} as of 30 June 2021" in cleared.comment
    assert "changed by Uma-Updater" in cleared.comment
    for write in (
        lambda: progress_update_edit(update=recorded, editor=editor, reason="Typo.", narrative="x"),
        lambda: progress_update_withdraw(update=recorded, editor=editor, reason="Twice."),
        lambda: progress_update_restore(
            update=recorded,
            history_id=recorded.history.order_by("history_id").first().history_id,
            editor=editor,
            reason="Back.",
        ),
    ):
        assert signed_off_then(write).state == ThemeReturn.State.CLEARED
    # An update of another quarter leaves the sign-off alone.
    theme_return_sign_off(theme=theme, period=quarter, user=editor)
    record_progress(objective, updater, datetime.date(2021, 9, 30), "on_track", 20)
    assert ThemeReturn.objects.get(theme=theme, period=quarter).is_signed_off
