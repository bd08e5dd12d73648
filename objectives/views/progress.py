"""The writing pages: record progress (Updater, Editor); edit an update (Editor, or its
Updater while its quarter is open: objectives.services.may_correct); withdraw or restore
one (Editor); each change with a reason. Permissions are checked here, on every request."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.breadcrumbs import crumbs
from objectives.access import objective_to_record_against, update_to_correct, update_to_edit
from objectives.chart_words import suggestion_reason
from objectives.dates import latest_as_of
from objectives.forms import (
    ProgressUpdateEditForm,
    ProgressUpdateForm,
    ProgressUpdateRestoreForm,
    ReasonForm,
)
from objectives.models import ProgressUpdate
from objectives.services import (
    EDITABLE_FIELDS,
    progress_update_edit,
    progress_update_record,
    progress_update_restore,
    progress_update_withdraw,
)
from objectives.trajectory import suggestion_for


def _crumbs(update_or_objective: object) -> list[tuple[str, str]]:
    objective = getattr(update_or_objective, "objective", update_or_objective)
    return crumbs(
        (objective.mandate.title, objective.mandate.get_absolute_url()),  # type: ignore[attr-defined]
        (str(objective), objective.get_absolute_url()),  # type: ignore[attr-defined]
    )


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    objective = objective_to_record_against(request, slug, reference)
    suggestion = suggestion_for(objective)
    suggested = suggestion.status if suggestion else ""
    initial = {
        # Today, or the mandate's last day once it has ended: the latest date allowed.
        "as_of": latest_as_of(objective.mandate, timezone.localdate()),
        "status": suggested or objective.latest_status or ProgressUpdate.Status.NOT_STARTED,
        "percent_complete": objective.latest_percent or 0,
    }
    form = ProgressUpdateForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        objective=objective,
        user=request.user,
        suggested_status=suggested,
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        progress_update_record(
            objective=objective,
            author=request.user,  # type: ignore[arg-type]
            suggested_status=suggested,
            evidence=fields.pop("evidence_files"),
            **fields,
        )
        messages.success(request, "Progress recorded.")
        return redirect(objective)
    return render(
        request,
        "objectives/progressupdate_form.html",
        {
            "objective": objective,
            "form": form,
            "suggestion": suggestion,
            "suggestion_text": suggestion_reason(suggestion, suggestion.target.unit)
            if suggestion
            else "",
            "breadcrumbs": _crumbs(objective),
        },
    )


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    update = update_to_correct(request, pk)
    if update.is_withdrawn:
        messages.error(request, "That update is withdrawn: restore it before editing it.")
        return redirect(update.objective)
    # A copy for the form to change as it validates; `update` stays as saved.
    form = ProgressUpdateEditForm(
        request.POST or None,
        request.FILES or None,
        instance=ProgressUpdate.objects.get(pk=pk),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        changes = {
            f: form.cleaned_data[f]
            for f in EDITABLE_FIELDS
            if f in form.cleaned_data and form.cleaned_data[f] != getattr(update, f)
        }
        uploads = form.cleaned_data.get("evidence_files") or []
        if changes or uploads:
            try:
                progress_update_edit(
                    update=update,
                    editor=request.user,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"],
                    read_version=form.cleaned_data["read_version"],
                    evidence=uploads,
                    **changes,
                )
            except ValidationError as error:  # changed between the form's check and now
                form.add_error(None, error)
            else:
                messages.success(
                    request, "Update edited. The earlier version is kept in its history."
                )
                return redirect(update.objective)
        else:
            form.add_error(None, "Change at least one answer, or cancel")
    return render(
        request,
        "objectives/progressupdate_edit.html",
        {"update": update, "form": form, "breadcrumbs": _crumbs(update)},
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    update = update_to_edit(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            progress_update_withdraw(
                update=update, editor=request.user, reason=form.cleaned_data["reason"]
            )  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Update withdrawn. It no longer counts, and stays in the history."
            )
            return redirect(update.objective)
    return render(
        request,
        "objectives/progressupdate_withdraw.html",
        {"update": update, "form": form, "breadcrumbs": _crumbs(update)},
    )


@require_http_methods(["GET", "POST"])
def restore(request: HttpRequest, pk: int, history_id: int) -> HttpResponse:
    update = update_to_edit(request, pk)
    version = get_object_or_404(
        update.history.select_related("history_user"), history_id=history_id
    )
    form = ProgressUpdateRestoreForm(
        request.POST or None, instance=version.instance, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            progress_update_restore(
                update=update,
                history_id=history_id,
                editor=request.user,
                reason=form.cleaned_data["reason"],  # type: ignore[arg-type]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Earlier version restored. The versions in between are kept.")
            return redirect(update.objective)
    return render(
        request,
        "objectives/progressupdate_restore.html",
        {"update": update, "version": version, "form": form, "breadcrumbs": _crumbs(update)},
    )
