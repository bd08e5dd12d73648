"""The quarterly return page (objectives.quarterly_return): a signed-in owner records all
their objectives due this quarter at once; an Editor may take another owner's or a
theme's. Permissions are checked here, on every request, and again by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.breadcrumbs import crumbs
from core.people import PersonChoiceField, display_name
from core.roles import EDIT_PROGRESS, RECORD_PROGRESS
from mandates.models import Theme
from objectives.access import require
from objectives.forms import ProgressUpdateForm, ThemeChoiceField
from objectives.models import Objective
from objectives.quarterly_return import (
    ReturnRowForms,
    posted_objective_ids,
    quarterly_return,
    return_forms,
    rows_as_posted,
)
from objectives.services import progress_update_record

RECORDED_FIELDS = ProgressUpdateForm.Meta.fields
NOTHING_CHANGED = "Nothing was changed: change at least one row, or go back."


class ReturnScopeForm(forms.Form):
    """An Editor's choice of whose return, or which theme's, to take."""

    owner = PersonChoiceField(
        queryset=get_user_model()
        .objects.filter(owned_objectives__isnull=False)
        .distinct()
        .order_by("first_name", "last_name", "username"),
        required=False,
        empty_label="Choose an owner",
    )
    theme = ThemeChoiceField(
        queryset=Theme.objects.select_related("mandate").order_by(
            "mandate__period_start", "number"
        ),
        required=False,
        empty_label="Choose a theme",
    )


def _scope(request: HttpRequest) -> tuple[QuerySet[Objective], ReturnScopeForm | None, str]:
    """The objectives whose return is taken, the Editor's chooser, and whose it is."""
    mine = Objective.objects.filter(owner=request.user)
    if not request.user.has_perm(EDIT_PROGRESS):
        return mine, None, "yours"
    chooser = ReturnScopeForm(request.GET or None)
    if not chooser.is_valid():
        return mine, chooser, "yours"
    owner, theme = chooser.cleaned_data["owner"], chooser.cleaned_data["theme"]
    objectives, whose = Objective.objects.all(), []
    if owner is not None:
        objectives, whose = (
            objectives.filter(owner=owner),
            [f"{display_name(owner)}'s"],
        )
    if theme is not None:
        objectives = objectives.filter(theme=theme)
        whose.append(f"theme {theme.number} of {theme.mandate.title}")
    if not whose:
        return mine, chooser, "yours"
    return objectives, chooser, ", ".join(whose)


def _record(formset: ReturnRowForms, user: Any) -> int | None:
    """Record every changed row in one transaction; None, with the refusal said on its
    row, if the services refuse one (a rule that changed since the forms checked it)."""
    changed = formset.changed_rows()
    try:
        with transaction.atomic():
            for row, form in changed:
                current = form
                fields = {
                    f: form.cleaned_data[f] for f in RECORDED_FIELDS if f in form.cleaned_data
                }
                progress_update_record(
                    objective=row.objective,
                    author=user,
                    suggested_status=form.suggested_status,
                    evidence=form.cleaned_data.get("evidence_files") or [],
                    **fields,
                )
    except ValidationError as error:
        current.add_error(None, error)
        return None
    return len(changed)


@require_http_methods(["GET", "POST"])
def return_page(request: HttpRequest) -> HttpResponse:
    # Queries (GET): session, user, permissions, the quarters due, the objectives with
    # their latest update, their targets' figures, the themes sent back; for an Editor,
    # the chooser's owners and themes.
    require(request, RECORD_PROGRESS)
    today = timezone.localdate()
    objectives, chooser, whose = _scope(request)
    current = quarterly_return(objectives=objectives, today=today)
    rows, data, problem = current.rows, None, ""
    if request.method == "POST":
        posted = posted_objective_ids(request.POST)
        rows = rows_as_posted(current, posted, today=today) if posted else None
        if rows is None:
            return HttpResponseBadRequest("This is not a quarterly return that can be saved.")
        data = request.POST
    formset = return_forms(
        rows,
        user=request.user,  # type: ignore[arg-type]
        today=today,
        data=data,
        files=request.FILES if data is not None else None,
    )
    if request.method == "POST" and formset.check():
        if not formset.changed_rows():
            problem = NOTHING_CHANGED
        else:
            recorded = _record(formset, request.user)
            if recorded is not None:
                messages.success(
                    request,
                    "Recorded 1 update." if recorded == 1 else f"Recorded {recorded} updates.",
                )
                return redirect(request.get_full_path())
    return render(
        request,
        "objectives/progressupdate_return.html",
        {
            "formset": formset,
            "rows": list(zip(formset.rows, formset.forms, strict=True)),
            "current": current,
            "chooser": chooser,
            "whose": whose,
            "problem": problem,
            "breadcrumbs": crumbs(),
        },
    )
