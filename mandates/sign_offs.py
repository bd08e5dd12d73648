"""Writes to a theme's quarterly return: an Editor signs it off or sends it back to its
owners with a comment; a later change to an update of a signed-off quarter clears the
sign-off and says which update changed. Each leaves a history version that says who and
why (ThemeReturn.history)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from core.people import display_name
from mandates.models import ReportingPeriod, Theme, ThemeReturn

SIGN_OFF_RETURN = "mandates.sign_off_themereturn"
COMMENT_REQUIRED = "Enter a comment that says what the owners should change."


def _decide(
    *,
    theme: Theme,
    period: ReportingPeriod,
    user: AbstractBaseUser,
    state: str,
    comment: str,
    reason: str,
) -> ThemeReturn:
    if theme.mandate_id != period.mandate_id:
        raise ValidationError("The quarter is not one of the theme's mandate.")
    # One save, so the history's first version carries its reason.
    decision = ThemeReturn.objects.select_for_update().filter(
        theme=theme, period=period
    ).first() or ThemeReturn(theme=theme, period=period)
    decision.state = state
    decision.comment = comment
    decision.decided_by = user  # type: ignore[assignment]
    decision.decided_at = timezone.now()
    decision._history_user = user  # type: ignore[attr-defined]
    decision._change_reason = reason  # type: ignore[attr-defined]
    decision.full_clean()
    decision.save()
    return decision


def _require(user: AbstractBaseUser) -> None:
    if not user.has_perm(SIGN_OFF_RETURN):  # type: ignore[attr-defined]
        raise PermissionDenied("Only an Editor signs off a theme's return.")


@transaction.atomic
def theme_return_sign_off(
    *, theme: Theme, period: ReportingPeriod, user: AbstractBaseUser, comment: str = ""
) -> ThemeReturn:
    """The Editor has checked the theme's updates for the quarter and signs them off."""
    _require(user)
    if period.end >= timezone.localdate():
        raise ValidationError("A quarter's return is signed off once the quarter has ended.")
    return _decide(
        theme=theme,
        period=period,
        user=user,
        state=ThemeReturn.State.SIGNED_OFF,
        comment=comment.strip(),
        reason="Signed off",
    )


@transaction.atomic
def theme_return_send_back(
    *, theme: Theme, period: ReportingPeriod, user: AbstractBaseUser, comment: str
) -> ThemeReturn:
    """The Editor sends the return back to the theme's owners, saying what to change."""
    _require(user)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": COMMENT_REQUIRED})
    return _decide(
        theme=theme,
        period=period,
        user=user,
        state=ThemeReturn.State.SENT_BACK,
        comment=comment,
        reason="Sent back",
    )


def sign_off_clear(
    *, theme_id: int, mandate_id: int, as_of: datetime.date, user: AbstractBaseUser, what: str
) -> ThemeReturn | None:
    """Called by every write to a progress update, in its transaction: if the quarter of
    `as_of` was signed off for the theme, the sign-off no longer covers what the update
    now says, so clear it, naming what changed (`what`: "the update of objective 3 as of
    30 June 2021"). Returns the cleared return, if any."""
    period = ReportingPeriod.objects.containing(mandate_id, as_of)
    if period is None:
        return None
    decision = (
        ThemeReturn.objects.select_for_update()
        .filter(theme_id=theme_id, period=period, state=ThemeReturn.State.SIGNED_OFF)
        .first()
    )
    if decision is None:
        return None
    now = timezone.now()
    decision.state = ThemeReturn.State.CLEARED
    decision.comment = (
        f"The sign-off was cleared because {what} was changed by {display_name(user)} "
        f"on {date_format(timezone.localtime(now), 'DATETIME_FORMAT')}."
    )
    decision.decided_by = user  # type: ignore[assignment]
    decision.decided_at = now
    decision._history_user = user  # type: ignore[attr-defined]
    decision._change_reason = f"Cleared: {what} changed"  # type: ignore[attr-defined]
    decision.save()
    return decision
