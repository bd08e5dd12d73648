"""The board's pages: home, with where each theme stands, and the downloads of a theme's
or a whole mandate's summary (HTML to print, PDF, XLSX, CSV, JSON). Anyone who may read
the pages may download them."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

from django import forms
from django.db.models import Count, Prefetch, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.date_input import DatePartsField
from core.people import display_name
from mandates.models import Mandate, Theme
from objectives.models import EARLIEST_AS_OF, Objective, ProgressUpdate, Target
from summaries.renderers.data import summary_csv, summary_json
from summaries.renderers.document import summary_html, summary_pdf
from summaries.renderers.spreadsheet import summary_xlsx
from summaries.summary import Summary, build_summary

# The latest updates the home page lists: enough to see who reports what, few enough to read.
RECENT_UPDATES = 5


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the quarters due (for the counts), mandates, their themes with
    # status counts, the quarters due again, the reader's first overdue objectives (each
    # row carrying how many in all), the latest updates, and each target's latest figure.
    # The themes are counted apart from their mandates: joined to the mandates first, every
    # objective row carried the mandate's columns through the GROUP BY, several times the
    # cost of counting the objectives alone (EXPLAIN ANALYZE on PostgreSQL).
    today = timezone.localdate()
    themes = Theme.objects.with_status_counts(today).order_by("number")
    in_order = Mandate.objects.order_by("-period_start").prefetch_related(
        Prefetch("themes", queryset=themes)
    )
    mandates = [(mandate, themes) for mandate in in_order if (themes := mandate.themes.all())]
    # The first ten, with the total as a window over the whole result: showing some and
    # saying how many there are costs one query, not two.
    yours = list(
        Objective.objects.overdue(today)
        .filter(owner=request.user.pk)
        .annotate(overdue_total=Window(Count("pk")))[:10]
    )
    return render(
        request,
        "summaries/home.html",
        {
            "mandates": mandates,
            "yours_overdue": yours,
            "yours_overdue_total": yours[0].overdue_total if yours else 0,
            # Latest recorded first, by id: ids follow the moment of recording, and the
            # primary key's index gives the newest few at once (by recorded_at, a million
            # updates were sorted for five: 8 s a page in make bench).
            "recent": ProgressUpdate.objects.visible()
            .select_related("objective__mandate", "objective__owner", "author")
            .order_by("-pk")[:RECENT_UPDATES],
            "figures": Target.objects.with_latest_figure()
            .filter(latest_on__isnull=False)
            .select_related("objective__mandate")
            .order_by("objective__mandate__period_start", "objective__position", "code"),
        },
    )


RENDERERS: dict[str, tuple[str, Callable[[Summary, HttpRequest], bytes | str]]] = {
    "pdf": ("application/pdf", summary_pdf),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda summary, request: summary_xlsx(summary),
    ),
    "csv": ("text/csv; charset=utf-8", lambda summary, request: summary_csv(summary)),
    "json": (
        "application/json",
        lambda summary, request: json.dumps(summary_json(summary), indent=2, ensure_ascii=False),
    ),
}


class SummaryDatesForm(forms.Form):
    """The days a summary is made as at. The as-at date is typed in the NHS.UK date input
    of the theme and mandate pages (templates/includes/summary_downloads.html); a
    summary's own links carry it as one ISO value, which the field accepts too."""

    as_at = DatePartsField(
        required=False,
        label="Figures as at",
        noun="as-at date",
        help_text="Each objective's latest update dated on or before this day. "
        "Leave empty for today.",
    )
    recorded_by = forms.DateTimeField(
        required=False,
        help_text="Updates as they were recorded at this moment; the links of a summary carry it.",
    )

    def clean_as_at(self) -> datetime.date:
        as_at = self.cleaned_data["as_at"] or timezone.localdate()
        if as_at > timezone.localdate():
            raise forms.ValidationError("The as-at date cannot be in the future.")
        if as_at < EARLIEST_AS_OF:
            raise forms.ValidationError("The as-at date must be in 2000 or later.")
        return as_at

    def clean_recorded_by(self) -> datetime.datetime:
        now = timezone.now()
        moment = self.cleaned_data["recorded_by"] or now
        try:
            # The query takes the moment in UTC and the renderers show it in local time;
            # one that parses but lies outside years 1-9999 in either (year 1 at +14:00)
            # would fail there with an error page.
            moment.astimezone(datetime.UTC)
            timezone.localtime(moment)
        except OverflowError as error:
            raise forms.ValidationError("Enter a valid date/time.") from error
        if moment > now:
            raise forms.ValidationError("The recording moment cannot be in the future.")
        return moment


def _respond(request: HttpRequest, mandate: Mandate, theme: Theme | None, fmt: str) -> HttpResponse:
    if fmt != "html" and fmt not in RENDERERS:
        raise Http404("No such format.")
    form = SummaryDatesForm(request.GET)
    if not form.is_valid():
        return render(request, "summaries/summary_refused.html", {"form": form}, status=400)
    summary = build_summary(
        mandate=mandate,
        theme=theme,
        as_at=form.cleaned_data["as_at"],
        recorded_by=form.cleaned_data["recorded_by"],
        produced_by=display_name(request.user) or "",  # type: ignore[arg-type]
        produced_at=timezone.now(),
    )
    if fmt == "html":
        return HttpResponse(summary_html(summary, request))
    content_type, renderer = RENDERERS[fmt]
    response = HttpResponse(renderer(summary, request), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{summary.filename(fmt)}"'
    return response


@require_GET
def theme_summary(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponse:
    theme = get_object_or_404(
        Theme.objects.select_related("mandate"), mandate__slug=slug, number=number
    )
    return _respond(request, theme.mandate, theme, fmt)


@require_GET
def mandate_summary(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    return _respond(request, get_object_or_404(Mandate, slug=slug), None, fmt)
