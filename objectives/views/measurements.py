"""Recording an actual figure against a target (Updater, Editor). Permissions are checked
here, on every request."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from core.breadcrumbs import crumbs
from core.numbers import figure
from objectives.access import target_to_measure
from objectives.forms import MeasurementForm
from objectives.services import measurement_record


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_to_measure(request, pk)
    form = MeasurementForm(
        request.POST or None, target=target, initial={"measured_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            measurement = measurement_record(
                target=target,
                recorded_by=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            # The form checked for a figure on the same day; one recorded since (a double
            # submit) is caught by the service's full_clean and said here, not as a 500.
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"Figure recorded: {figure(measurement.value)} {target.unit} on "
                f"{date_format(measurement.measured_on, 'SHORT_DATE_FORMAT')}.",
            )
            return redirect(target.objective)
    objective = target.objective
    return render(
        request,
        "objectives/measurement_form.html",
        {
            "target": target,
            "objective": objective,
            "form": form,
            "breadcrumbs": crumbs(
                (objective.mandate.title, objective.mandate.get_absolute_url()),
                (str(objective), objective.get_absolute_url()),
            ),
        },
    )
