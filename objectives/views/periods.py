"""A mandate's reporting quarters, and closing one (Editor). After closing, a quarter's
updates change only by an Editor with a reason, and are marked as changed after closing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from mandates.models import Mandate
from objectives.access import require
from objectives.models import ReportingPeriod
from objectives.roles import CLOSE_PERIOD
from objectives.services import reporting_period_close
from objectives.views.browse import crumbs


@require_GET
def period_list(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries: session, user, mandate, its periods with who closed them, the user's
    # permissions (own, then through groups).
    mandate = get_object_or_404(Mandate, slug=slug)
    periods = list(mandate.periods.select_related("closed_by").order_by("start"))
    return render(
        request,
        "objectives/reportingperiod_list.html",
        {
            "mandate": mandate,
            "periods": periods,
            "can_close": request.user.has_perm(CLOSE_PERIOD),
            "breadcrumbs": crumbs((mandate.title, mandate.get_absolute_url())),
        },
    )


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod.objects.select_related("mandate"), pk=pk)
    require(request, CLOSE_PERIOD)
    try:
        reporting_period_close(period=period, editor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{period.label} is closed.")
    return redirect("objectives:periods", slug=period.mandate.slug)
