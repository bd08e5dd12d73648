"""The documents' pages: a mandate, a theme, the reporting quarters (closing one, after
confirming, and reopening it), and two mandates side by side. A mandate's and a theme's
objectives are drawn by the objectives app's table and the summaries app's download
buttons, named in the templates (this app imports neither)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.breadcrumbs import crumbs
from core.history import reason_field
from core.roles import CLOSE_PERIOD
from mandates.comparison import compare_mandates
from mandates.models import Mandate, ReportingPeriod, Theme
from mandates.quarters import period_ended
from mandates.services import reporting_period_close, reporting_period_reopen


def _compare_url(mandate: Mandate, other: Mandate) -> str:
    # The comparison reads from the earlier mandate to the later, whichever page links it.
    earlier, later = sorted((mandate, other), key=lambda m: m.period_start)
    return reverse("mandates:compare", kwargs={"earlier": earlier.slug, "later": later.slug})


@require_GET
def mandate_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries: session, user, mandate, the quarters due, its themes with their status
    # counts, other mandates, objectives count and page.
    mandate = get_object_or_404(Mandate, slug=slug)
    today = timezone.localdate()
    themes = list(mandate.themes.with_status_counts(today))
    for theme in themes:
        theme.mandate = mandate  # already in hand: no query per theme for its URL
    return render(
        request,
        "mandates/mandate_detail.html",
        {
            "mandate": mandate,
            "period_ended": period_ended(mandate, today),
            "themes": themes,
            "objectives": mandate.objectives.for_list(),
            "compare_with": [
                (other.title, _compare_url(mandate, other))
                for other in Mandate.objects.exclude(pk=mandate.pk)
            ],
            "breadcrumbs": crumbs(),
        },
    )


@require_GET
def theme_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    # Queries: session, user, the quarters due, theme with its mandate and status counts,
    # objectives count and page.
    today = timezone.localdate()
    theme = get_object_or_404(
        Theme.objects.select_related("mandate").with_status_counts(today),
        mandate__slug=slug,
        number=number,
    )
    return render(
        request,
        "mandates/theme_detail.html",
        {
            "theme": theme,
            "period_ended": period_ended(theme.mandate, today),
            "objectives": theme.objectives.for_list(),
            "breadcrumbs": crumbs((theme.mandate.title, theme.mandate.get_absolute_url())),
        },
    )


@require_GET
def period_list(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries: session, user, mandate, its periods with who closed them, the user's
    # permissions (own, then through groups).
    mandate = get_object_or_404(Mandate, slug=slug)
    periods = list(mandate.periods.select_related("closed_by").order_by("start"))
    return render(
        request,
        "mandates/reportingperiod_list.html",
        {
            "mandate": mandate,
            "periods": periods,
            "can_close": request.user.has_perm(CLOSE_PERIOD),
            "breadcrumbs": crumbs((mandate.title, mandate.get_absolute_url())),
        },
    )


def _period_crumbs(period: ReportingPeriod) -> list[tuple[str, str]]:
    return crumbs(
        (period.mandate.title, period.mandate.get_absolute_url()),
        ("Reporting quarters", reverse("mandates:periods", args=[period.mandate.slug])),
    )


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm, saying what closing means; POST closes. Closing is undone
    only by reopening, with a reason, so it is not one click."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("mandate"), pk=pk)
    if not request.user.has_perm(CLOSE_PERIOD):
        raise PermissionDenied
    if request.method == "GET":
        if period.is_closed:
            messages.error(request, "This quarter is already closed.")
            return redirect("mandates:periods", slug=period.mandate.slug)
        return render(
            request,
            "mandates/reportingperiod_close.html",
            {"period": period, "breadcrumbs": _period_crumbs(period)},
        )
    try:
        reporting_period_close(period=period, editor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{period.label} is closed. You can reopen it from this page, giving a reason, "
            "if it was closed too early.",
        )
    return redirect("mandates:periods", slug=period.mandate.slug)


class ReopenForm(forms.Form):
    reason = reason_field()


@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod.objects.select_related("mandate"), pk=pk)
    if not request.user.has_perm(CLOSE_PERIOD):
        raise PermissionDenied
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reporting_period_reopen(
                period=period,
                editor=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{period.label} is open again.")
            return redirect("mandates:periods", slug=period.mandate.slug)
    return render(
        request,
        "mandates/reportingperiod_reopen.html",
        {
            "period": period,
            "form": form,
            "breadcrumbs": _period_crumbs(period),
        },
    )


@require_GET
def side_by_side(request: HttpRequest, earlier: str, later: str) -> HttpResponse:
    # Queries: session, user, the two mandates, their themes, their objectives with the
    # latest update, the links between them.
    if earlier == later:
        raise Http404("A mandate is not compared with itself.")
    found = Mandate.objects.in_bulk([earlier, later], field_name="slug")
    if len(found) != 2:
        raise Http404("No such mandate.")
    first, second = found[earlier], found[later]
    if first.period_start > second.period_start:
        # Links run from the earlier mandate to the later, so the page reads in that order.
        return redirect("mandates:compare", earlier=second.slug, later=first.slug)
    return render(
        request,
        "mandates/mandate_compare.html",
        {
            "comparison": compare_mandates(first, second),
            # Neither mandate is the other's parent: both are linked from the page itself.
            "breadcrumbs": crumbs(),
        },
    )
