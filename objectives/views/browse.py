"""The reading pages: home, a mandate, a theme, the objectives list and an objective."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import Count, Q, QuerySet, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from mandates.models import Mandate, Theme
from objectives.access import objective_or_404
from objectives.charts import TrajectoryChart, trajectory_chart
from objectives.filters import ObjectiveFilter
from objectives.models import Measurement, Objective, ObjectiveLink, ProgressUpdate, Target
from objectives.page_cache import cached_html
from objectives.periods import is_overdue, overdue_objectives, periods_due_by
from objectives.roles import EDIT_PROGRESS, RECORD_MEASUREMENT, RECORD_PROGRESS
from objectives.summaries import StatusCounts, theme_status_counts
from objectives.tables import ObjectiveTable
from objectives.trajectory import Suggestion

PER_PAGE = 25


# What the objectives tables show (objectives.tables.ObjectiveTable), and no more: the
# objective's full text and its mandate's summary, read for every row, were much of what
# a page of the list cost.
TABLE_FIELDS = (
    "reference",
    "title",
    "position",
    "latest_update",
    "latest_status",
    "latest_percent",
    "latest_as_of",
    "mandate__slug",
    "mandate__period_start",
    "theme__number",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)


def objectives_with_status() -> QuerySet[Objective]:
    return Objective.objects.select_related("mandate", "theme", "owner").only(*TABLE_FIELDS)


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", reverse("home")), *items]


@dataclass(frozen=True)
class ThemeRow:
    theme: Theme
    counts: StatusCounts


def theme_rows(themes: list[Theme]) -> list[ThemeRow]:
    counts = theme_status_counts(themes, today=timezone.localdate())
    return [ThemeRow(theme, counts[theme.pk]) for theme in themes]


SUMMARY_FORMATS = [
    ("html", "Print view"),
    ("pdf", "PDF"),
    ("xlsx", "Excel (XLSX)"),
    ("csv", "CSV"),
    ("json", "JSON"),
]


def summary_downloads(url_name: str, **kwargs: object) -> list[tuple[str, str, str]]:
    return [
        (fmt, label, reverse(url_name, kwargs={**kwargs, "fmt": fmt}))
        for fmt, label in SUMMARY_FORMATS
    ]


def objective_table(
    request: HttpRequest, queryset: QuerySet[Objective], **kwargs: Any
) -> ObjectiveTable:
    table = ObjectiveTable(queryset, **kwargs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return table


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, themes with their mandates, status counts, the periods due,
    # the reader's first overdue objectives (each row carrying how many there are in all).
    themes = list(
        Theme.objects.select_related("mandate").order_by("-mandate__period_start", "number")
    )
    rows = theme_rows(themes)
    mandates = [
        (mandate, list(group))
        for mandate, group in groupby(rows, key=lambda row: row.theme.mandate)
    ]
    # The first ten, with the total as a window over the whole result: showing some and
    # saying how many there are costs one query, not two.
    yours = list(
        overdue_objectives(timezone.localdate())
        .filter(owner=request.user.pk)
        .annotate(overdue_total=Window(Count("pk")))[:10]
    )
    return render(
        request,
        "objectives/home.html",
        {
            "mandates": mandates,
            "yours_overdue": yours,
            "yours_overdue_total": yours[0].overdue_total if yours else 0,
        },
    )


@require_GET
def mandate_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries: session, user, mandate, its themes, status counts, other mandates,
    # objectives count and page.
    mandate = get_object_or_404(Mandate, slug=slug)
    themes = list(mandate.themes.all())
    for theme in themes:
        theme.mandate = mandate  # already in hand: no query per theme for its URL
    table = objective_table(request, objectives_with_status().filter(mandate=mandate))
    # The comparison reads from the earlier mandate to the later, whichever page links it.
    compare_with = [
        (
            other.title,
            reverse(
                "objectives:compare",
                kwargs={"earlier": other.slug, "later": mandate.slug}
                if other.period_start < mandate.period_start
                else {"earlier": mandate.slug, "later": other.slug},
            ),
        )
        for other in Mandate.objects.exclude(pk=mandate.pk)
    ]
    return render(
        request,
        "objectives/mandate_detail.html",
        {
            "mandate": mandate,
            "rows": theme_rows(themes),
            "table": table,
            "compare_with": compare_with,
            "downloads": summary_downloads("objectives:mandate-summary", slug=mandate.slug),
            "breadcrumbs": crumbs(),
        },
    )


@require_GET
def theme_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    # Queries: session, user, theme with its mandate, status counts, objectives count and page.
    theme = get_object_or_404(
        Theme.objects.select_related("mandate"), mandate__slug=slug, number=number
    )
    table = objective_table(
        request, objectives_with_status().filter(theme=theme), exclude=("theme",)
    )
    return render(
        request,
        "objectives/theme_detail.html",
        {
            "theme": theme,
            "row": theme_rows([theme])[0],
            "table": table,
            "downloads": summary_downloads(
                "objectives:theme-summary", slug=theme.mandate.slug, number=theme.number
            ),
            "breadcrumbs": crumbs((theme.mandate.title, theme.mandate.get_absolute_url())),
        },
    )


class ObjectiveListView(SingleTableMixin, FilterView):
    """The filter form and the table, made once per address and version of the data
    (objectives.page_cache), inside the page made for each request (it names the reader).

    Queries: session, user, the data's version; and when this address has not been made
    since the data last changed: the filter form's mandates, themes and owners, the
    objectives of each theme (the count; objectives.tables.ThemeByThemeData), the page."""

    table_class = ObjectiveTable
    filterset_class = ObjectiveFilter
    table_pagination = {"per_page": PER_PAGE}  # the table paginates; the view must not as well
    template_name = "objectives/objective_list_results.html"
    http_method_names = ["get"]

    def get_queryset(self) -> QuerySet[Objective]:
        return objectives_with_status()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(
            request,
            "objectives/objective_list.html",
            {"results": cached_html(request, self.results_html), "breadcrumbs": crumbs()},
        )

    def results_html(self) -> str:
        return super().get(self.request).rendered_content


@dataclass(frozen=True)
class TimelineEntry:
    update: ProgressUpdate
    earlier_versions: list[Any]  # historical records, newest first


@dataclass(frozen=True)
class LinkedObjective:
    relation: str
    objective: Objective
    note: str


def timeline(objective: Objective) -> list[TimelineEntry]:
    updates = objective.updates.select_related("author", "withdrawn_by").order_by(
        "-as_of", "-recorded_at", "-pk"
    )
    versions = (
        ProgressUpdate.history.filter(objective_id=objective.pk)
        .select_related("history_user")
        .order_by("id", "-history_date", "-history_id")
    )
    by_update = {pk: list(group) for pk, group in groupby(versions, key=lambda v: v.id)}
    # The newest version is the update as it stands; the rest are what it was before.
    return [TimelineEntry(update, by_update.get(update.pk, [])[1:]) for update in updates]


def linked_objectives(objective: Objective) -> list[LinkedObjective]:
    links = ObjectiveLink.objects.filter(
        Q(from_objective=objective) | Q(to_objective=objective)
    ).select_related("from_objective__mandate", "to_objective__mandate")
    linked = []
    for link in links:
        if link.from_objective_id == objective.pk:
            linked.append(LinkedObjective("Continued by", link.to_objective, link.note))
        else:
            linked.append(LinkedObjective("Continues", link.from_objective, link.note))
    return linked


@dataclass(frozen=True)
class TargetPanel:
    target: Target
    chart: TrajectoryChart | None  # None: no figures and no trajectory to draw
    suggestion: Suggestion | None


def target_panels(targets: list[Target]) -> list[TargetPanel]:
    """Each target's chart, figures and suggested status, from one query for all the
    targets' figures however many there are."""
    figures = Measurement.objects.filter(target__in=targets).order_by("target", "measured_on")
    by_target = {pk: list(group) for pk, group in groupby(figures, key=lambda m: m.target_id)}
    panels = []
    for target in targets:
        series = by_target.get(target.pk, [])
        for measurement in series:
            measurement.target = target  # already in hand: no query per figure
        chart = trajectory_chart(target, series)
        panels.append(TargetPanel(target, chart, chart.suggestion if chart else None))
    return panels


@require_GET
def objective_detail(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    # Queries: session, user, objective (with mandate, theme, owner, latest update),
    # targets, their figures, updates, their versions, links, the quarter due, and the
    # user's permissions.
    objective = objective_or_404(slug, reference)
    period_due = periods_due_by(timezone.localdate(), [objective.mandate_id]).get(
        objective.mandate_id
    )
    targets = list(objective.targets.all())
    return render(
        request,
        "objectives/objective_detail.html",
        {
            "objective": objective,
            "targets": targets,
            "target_panels": target_panels(targets),
            "timeline": timeline(objective),
            "links": linked_objectives(objective),
            "period_due": period_due if is_overdue(objective.latest_as_of, period_due) else None,
            "can_record": request.user.has_perm(RECORD_PROGRESS),
            "can_edit": request.user.has_perm(EDIT_PROGRESS),
            "can_record_figure": request.user.has_perm(RECORD_MEASUREMENT),
            "breadcrumbs": crumbs(
                (objective.mandate.title, objective.mandate.get_absolute_url()),
                (f"Theme {objective.theme.number}", objective.theme.get_absolute_url()),
            ),
        },
    )
