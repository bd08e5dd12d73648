"""Who may see and change what. Each view starts here: fetch the object or 404, then check
the permission, so a forged post is refused whatever the page showed."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from core.roles import EDIT_PROGRESS, RECORD_MEASUREMENT, RECORD_PROGRESS
from mandates.models import ReportingPeriod
from objectives.models import Objective, ProgressUpdate, Target
from objectives.services import may_correct


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def objective_or_404(slug: str, reference: str) -> Objective:
    # The reference comes from the path, where %00 puts a NUL in it: no reference has one,
    # and PostgreSQL cannot even compare text with one (an error page, not "not found").
    if "\x00" in reference:
        raise Http404("No such objective.")
    return get_object_or_404(
        Objective.objects.select_related("mandate", "theme__mandate", "owner"),
        mandate__slug=slug,
        reference=reference,
    )


def objective_to_record_against(request: HttpRequest, slug: str, reference: str) -> Objective:
    objective = objective_or_404(slug, reference)
    require(request, RECORD_PROGRESS)
    return objective


def _update_or_404(pk: int) -> ProgressUpdate:
    return get_object_or_404(
        ProgressUpdate.objects.select_related("objective__mandate", "objective__theme", "author"),
        pk=pk,
    )


def update_to_edit(request: HttpRequest, pk: int) -> ProgressUpdate:
    """An update to withdraw or restore: an Editor's."""
    update = _update_or_404(pk)
    require(request, EDIT_PROGRESS)
    return update


def update_to_correct(request: HttpRequest, pk: int) -> ProgressUpdate:
    """An update to edit: any, for an Editor; for an Updater, their own while its
    quarter is open (objectives.services.may_correct)."""
    update = _update_or_404(pk)
    if not may_correct(request.user, update):  # type: ignore[arg-type]
        raise PermissionDenied
    return update


def correctable_update_ids(
    user: AbstractBaseUser, objective: Objective, updates: Iterable[ProgressUpdate]
) -> frozenset[int]:
    """The updates of one objective this user may edit, for the objective page's "Edit"
    links: services.may_correct for each, with the mandate's closed quarters read once
    (one query, and none for an Editor or for someone who records nothing)."""
    updates = list(updates)
    if user.has_perm(EDIT_PROGRESS):
        return frozenset(u.pk for u in updates if not u.is_withdrawn)
    own = [u for u in updates if u.author_id == user.pk and not u.is_withdrawn]
    if not own or not user.has_perm(RECORD_PROGRESS):
        return frozenset()
    closed = list(
        ReportingPeriod.objects.filter(
            mandate_id=objective.mandate_id, closed_at__isnull=False
        ).values_list("start", "end")
    )
    return frozenset(
        u.pk
        for u in own
        if may_correct(
            user, u, quarter_closed=any(start <= u.as_of <= end for start, end in closed)
        )
    )


def target_to_measure(request: HttpRequest, pk: int) -> Target:
    target = get_object_or_404(Target.objects.select_related("objective__mandate"), pk=pk)
    require(request, RECORD_MEASUREMENT)
    return target
