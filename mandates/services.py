"""Writes to a mandate's reporting quarters: making them, closing one and reopening it.
Each leaves a history version that says who and why."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import REASON_REQUIRED
from mandates.models import Mandate, ReportingPeriod
from mandates.quarters import quarters


def reporting_periods_create(*, mandate: Mandate) -> int:
    """Give a mandate its quarters, keeping any that exist (their due dates may have been
    moved). Returns how many were made."""
    existing = set(mandate.periods.values_list("start", flat=True))
    missing = [
        ReportingPeriod(mandate=mandate, start=start, end=end, due=due)
        for start, end, due in quarters(mandate)
        if start not in existing
    ]
    for period in missing:
        period.save()  # one by one, so each has a history version
    return len(missing)


@transaction.atomic
def reporting_period_close(*, period: ReportingPeriod, editor: AbstractBaseUser) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_closed:
        raise ValidationError("This quarter is already closed.")
    period.closed_at = timezone.now()
    period.closed_by = editor  # type: ignore[assignment]
    period._history_user = editor  # type: ignore[attr-defined]
    period._change_reason = "Closed"  # type: ignore[attr-defined]
    period.save()
    return period


@transaction.atomic
def reporting_period_reopen(
    *, period: ReportingPeriod, editor: AbstractBaseUser, reason: str
) -> ReportingPeriod:
    """Open a closed quarter again, so its updates change as in an open one. An Editor's
    action, always with a reason, kept with the version ("Reopened: ...")."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_closed:
        raise ValidationError("This quarter is open already.")
    period.closed_at = None
    period.closed_by = None
    period._history_user = editor  # type: ignore[attr-defined]
    period._change_reason = f"Reopened: {reason}"  # type: ignore[attr-defined]
    period.save()
    return period
