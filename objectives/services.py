"""Writes to progress updates. Each is one transaction and leaves a history version that
says who made it, when and why, so no edit or withdrawal ever loses what was there. Each
also sets its objective's latest update (Objective.latest_*) in the same transaction, so
every page shows the change at once: nothing else writes updates."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from core.history import REASON_REQUIRED, restored_note
from core.roles import EDIT_PROGRESS, RECORD_PROGRESS
from core.versions import check_version
from mandates.models import ReportingPeriod
from mandates.sign_offs import sign_off_clear
from objectives.evidence import evidence_attach
from objectives.models import Measurement, Objective, ProgressUpdate, Target

# The fields an edit or a restore may change; author and recorded_at stay the original's.
EDITABLE_FIELDS = (
    "as_of",
    "status",
    "percent_complete",
    "narrative",
    "evidence_url",
    "status_reason",
)


def closed_periods(objective: Objective, *days: datetime.date | None) -> list[ReportingPeriod]:
    """The closed quarters of the objective's mandate that contain any of these days."""
    periods = (
        ReportingPeriod.objects.containing(objective.mandate_id, day) for day in set(days) if day
    )
    return [period for period in periods if period and period.is_closed]


def may_correct(
    user: AbstractBaseUser, update: ProgressUpdate, *, quarter_closed: bool | None = None
) -> bool:
    """Who may change an update's fields: an Editor, any update; an Updater, their own
    while its quarter is open (a slip put right before the quarter is reported), not one
    withdrawn. The one rule the pages, the admin and progress_update_edit keep. Withdrawing
    and restoring stay an Editor's. `quarter_closed`, when the caller knows it (the
    objective page, for many updates from one read of the quarters), saves a query."""
    if user.has_perm(EDIT_PROGRESS):
        return True
    if update.author_id != user.pk or update.is_withdrawn or not user.has_perm(RECORD_PROGRESS):
        return False
    if quarter_closed is None:
        quarter_closed = bool(closed_periods(update.objective, update.as_of))
    return not quarter_closed


def _require_editor(user: AbstractBaseUser) -> None:
    if not user.has_perm(EDIT_PROGRESS):
        raise PermissionDenied("Only an Editor can withdraw, reinstate or restore an update.")


def progress_rule_problems(
    *,
    objective: Objective,
    user: AbstractBaseUser,
    as_of: datetime.date | None,
    status: str | None,
    suggested_status: str = "",
    status_reason: str = "",
    after_close_reason: str = "",
    previous_as_of: datetime.date | None = None,
) -> dict[str, str]:
    """What stops this progress being recorded or changed, by form field: a status other
    than the one the figures suggest needs a reason; a closed quarter needs an Editor and
    a reason. The forms show these against their fields; the services refuse them."""
    problems: dict[str, str] = {}
    if suggested_status and status and status != suggested_status and not status_reason.strip():
        label = ProgressUpdate.Status(suggested_status).label.lower()
        problems["status_reason"] = (
            f"The figures suggest {label}: say why you chose another status."
        )
    closed = closed_periods(objective, as_of, previous_as_of)
    if closed and not user.has_perm(EDIT_PROGRESS):
        problems["as_of"] = (
            f"{closed[0].label} is closed: only an Editor can add to or change its updates."
        )
    elif closed and not after_close_reason.strip():
        problems["after_close_reason"] = (
            f"{closed[0].label} is closed: give a reason for changing it now."
        )
    return problems


def _enforce_rules(
    update: ProgressUpdate,
    *,
    user: AbstractBaseUser,
    close_reason: str,
    previous_as_of: datetime.date | None = None,
) -> None:
    problems = progress_rule_problems(
        objective=update.objective,
        user=user,
        as_of=update.as_of,
        status=update.status,
        suggested_status=update.suggested_status,
        status_reason=update.status_reason,
        after_close_reason=close_reason,
        previous_as_of=previous_as_of,
    )
    if problems:
        raise ValidationError(problems)
    if closed_periods(update.objective, update.as_of, previous_as_of):
        update.after_close = True
        update.after_close_reason = close_reason.strip()


def _save_version(
    update: ProgressUpdate,
    *,
    user: AbstractBaseUser,
    reason: str,
    previous_as_of: datetime.date | None = None,
) -> None:
    update._history_user = user  # type: ignore[attr-defined]
    update._change_reason = reason  # type: ignore[attr-defined]
    update.full_clean()
    update.save()
    # A signed-off return no longer covers what its quarter's updates now say: the
    # quarter the update is dated in, and the one it was moved from, if it moved.
    objective = update.objective
    for day in {update.as_of, previous_as_of} - {None}:
        sign_off_clear(
            theme_id=objective.theme_id,
            mandate_id=objective.mandate_id,
            as_of=day,  # type: ignore[arg-type]
            user=user,
            what=f"the update of objective {objective.reference} as of {date_format(day)}",
        )


def objective_latest_refresh(*, objective_ids: Iterable[int] | QuerySet | None = None) -> int:
    """Set the objectives' latest-update columns (Objective.latest_*) from their visible
    updates: the latest as of date, then recorded, then made. One statement for any
    number of objectives; all of them when no ids are given. Every write below calls it
    inside its own transaction; a bulk load of updates (the data generator) calls it
    after. Returns how many objectives it set."""
    latest = ProgressUpdate.objects.visible().filter(objective=OuterRef("pk")).latest_first()
    objectives = Objective.objects.all()
    if isinstance(objective_ids, QuerySet):
        objectives = objectives.filter(pk__in=objective_ids)
    elif objective_ids is not None:
        objectives = objectives.filter(pk__in=list(objective_ids))
    return objectives.update(
        latest_update=Subquery(latest.values("pk")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
        latest_percent=Subquery(latest.values("percent_complete")[:1]),
        latest_as_of=Subquery(latest.values("as_of")[:1]),
    )


def _lock_objective(objective_id: int) -> None:
    """Hold the objective's row until the transaction ends, so that two writes to its
    updates at once take turns, and the second sets the latest update knowing the first
    (on SQLite a write transaction holds the whole database anyway)."""
    list(Objective.objects.select_for_update().filter(pk=objective_id).values_list("pk"))


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    return reason


@transaction.atomic
def progress_update_record(
    *,
    objective: Objective,
    author: AbstractBaseUser,
    as_of: datetime.date,
    status: str,
    percent_complete: int,
    narrative: str,
    evidence_url: str = "",
    suggested_status: str = "",
    status_reason: str = "",
    after_close_reason: str = "",
    demonstration: bool = False,
    evidence: Sequence[UploadedFile] = (),
) -> ProgressUpdate:
    """A new update, with any evidence files attached to its first version."""
    _lock_objective(objective.pk)
    update = ProgressUpdate(
        objective=objective,
        author=author,
        as_of=as_of,
        status=status,
        percent_complete=percent_complete,
        narrative=narrative,
        evidence_url=evidence_url,
        suggested_status=suggested_status,
        status_reason=status_reason,
        recorded_at=timezone.now(),
        demonstration=demonstration,
    )
    _enforce_rules(update, user=author, close_reason=after_close_reason)
    _save_version(update, user=author, reason="Recorded")
    evidence_attach(update=update, uploads=list(evidence), user=author)
    objective_latest_refresh(objective_ids=[objective.pk])
    return update


@dataclass
class _Change:
    """An update being changed under lock: its reason, stripped, and what its new
    version will say; a change may reword the version's note once it knows more."""

    update: ProgressUpdate
    reason: str
    note: str


@contextmanager
def _changing(
    update: ProgressUpdate,
    *,
    editor: AbstractBaseUser,
    reason: str,
    verb: str,
    read_version: int | None = None,
) -> Iterator[_Change]:
    """The frame every change to a recorded update shares, to run inside the caller's
    transaction: a reason, the objective locked, the update read again under lock (so a
    change starts from what is saved, not from the caller's copy of it); then, once the
    block has changed it, the rules, a version and the objective's latest update. An
    error in the block leaves nothing saved.

    The rules are always given the as-of date the update had: a change that does not
    move it asks about the same quarter either way."""
    reason = _require_reason(reason)
    _lock_objective(update.objective_id)
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if read_version is not None:
        check_version(update, read_version)  # changed since the editor read it: refused
    previous_as_of = update.as_of
    change = _Change(update=update, reason=reason, note=f"{verb}: {reason}")
    yield change
    _enforce_rules(update, user=editor, close_reason=reason, previous_as_of=previous_as_of)
    _save_version(update, user=editor, reason=change.note, previous_as_of=previous_as_of)
    objective_latest_refresh(objective_ids=[update.objective_id])


@transaction.atomic
def progress_update_edit(
    *,
    update: ProgressUpdate,
    editor: AbstractBaseUser,
    reason: str,
    read_version: int | None = None,
    evidence: Sequence[UploadedFile] = (),
    **changes: Any,
) -> ProgressUpdate:
    """Change an update's fields, or attach more evidence files (to the version this
    change makes); with `read_version`, only if the update has no newer version than the
    one the editor read (core.versions)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    with _changing(
        update, editor=editor, reason=reason, verb="Edited", read_version=read_version
    ) as change:
        update = change.update
        if not may_correct(editor, update):  # as saved, read under lock
            raise PermissionDenied("Only an Editor or, while its quarter is open, its author.")
        for field, value in changes.items():
            setattr(update, field, value)
        update.edited_at = timezone.now()
    evidence_attach(update=update, uploads=list(evidence), user=editor)
    return update


@transaction.atomic
def progress_update_withdraw(
    *, update: ProgressUpdate, editor: AbstractBaseUser, reason: str
) -> ProgressUpdate:
    _require_editor(editor)
    with _changing(update, editor=editor, reason=reason, verb="Withdrawn") as change:
        update = change.update
        if update.is_withdrawn:
            raise ValidationError("This update is already withdrawn.")
        update.withdrawn_at = timezone.now()
        update.withdrawn_by = editor  # type: ignore[assignment]
        update.withdrawn_reason = change.reason
    return update


@transaction.atomic
def progress_update_reinstate(
    *, update: ProgressUpdate, editor: AbstractBaseUser, reason: str
) -> ProgressUpdate:
    """Undo a withdrawal: the update counts again, and the withdrawal stays in the history."""
    _require_editor(editor)
    with _changing(update, editor=editor, reason=reason, verb="Reinstated") as change:
        update = change.update
        if not update.is_withdrawn:
            raise ValidationError("This update is not withdrawn.")
        update.withdrawn_at = None
        update.withdrawn_by = None
        update.withdrawn_reason = ""
    return update


@transaction.atomic
def progress_update_restore(
    *, update: ProgressUpdate, history_id: int, editor: AbstractBaseUser, reason: str
) -> ProgressUpdate:
    """Bring back an earlier version as a new version: the versions in between stay."""
    _require_editor(editor)
    with _changing(update, editor=editor, reason=reason, verb="Restored") as change:
        update = change.update
        try:
            version = update.history.get(history_id=history_id)
        except ProgressUpdate.history.model.DoesNotExist as error:
            raise ValidationError("That version does not belong to this update.") from error
        for field in (*EDITABLE_FIELDS, "withdrawn_at", "withdrawn_by_id", "withdrawn_reason"):
            setattr(update, field, getattr(version, field))
        update.edited_at = timezone.now()
        change.note = restored_note(version.history_date, change.reason)
    return update


@transaction.atomic
def measurement_record(
    *,
    target: Target,
    recorded_by: AbstractBaseUser,
    measured_on: datetime.date,
    value: Any,
    note: str = "",
) -> Measurement:
    measurement = Measurement(
        target=target,
        measured_on=measured_on,
        value=value,
        note=note,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    measurement._history_user = recorded_by  # type: ignore[attr-defined]
    try:
        measurement.full_clean()
    except ValidationError as error:
        # A figure for the day saved since the form's check: said as the form says it.
        if _is_duplicate(error):
            raise _recorded_already(measured_on) from error
        raise
    try:
        # A savepoint: a figure for the same day saved between the check above and this
        # save (many people posting at once) fails the unique constraint here, and the
        # caller's transaction goes on to say so.
        with transaction.atomic():
            measurement.save()
    except IntegrityError as error:
        if Measurement.objects.filter(target=target, measured_on=measured_on).exists():
            raise _recorded_already(measured_on) from error
        raise
    return measurement


def _is_duplicate(error: ValidationError) -> bool:
    """Whether full_clean refused a figure for its target's day as one already there."""
    found = getattr(error, "error_dict", {}).get(NON_FIELD_ERRORS, [])
    return any(problem.code in ("unique", "unique_together") for problem in found)


def _recorded_already(day: datetime.date) -> ValidationError:
    return ValidationError({"measured_on": figure_recorded_already(day)})


def figure_recorded_already(day: datetime.date) -> str:
    """What a second figure for a target's day is told, by the form or the service."""
    return (
        f"A figure for {date_format(day)} is already recorded for this target: choose another date."
    )
