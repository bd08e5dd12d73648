"""Who may see and change what. Each view starts here: fetch the object or 404, then check
the permission, so a forged post is refused whatever the page showed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from core.roles import EDIT_PROGRESS, RECORD_MEASUREMENT, RECORD_PROGRESS
from objectives.models import Objective, ProgressUpdate, Target


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


def update_to_edit(request: HttpRequest, pk: int) -> ProgressUpdate:
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("objective__mandate", "objective__theme", "author"),
        pk=pk,
    )
    require(request, EDIT_PROGRESS)
    return update


def target_to_measure(request: HttpRequest, pk: int) -> Target:
    target = get_object_or_404(Target.objects.select_related("objective__mandate"), pk=pk)
    require(request, RECORD_MEASUREMENT)
    return target
