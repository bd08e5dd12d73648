"""The objectives table: django-tables2 columns, rendered by the table template
(templates/includes/table.html)."""

from __future__ import annotations

import datetime
from typing import Any

import django_tables2 as tables
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django_tables2 import RequestConfig

from core.people import display_name
from core.status import status_tag
from objectives.models import Objective
from objectives.provenance import LEGEND, codes, objective_marks

PER_PAGE = 25


class ObjectiveTable(tables.Table):
    """Objectives with where each stands (Objective.latest_*); rows come from
    Objective.objects.for_list()."""

    reference = tables.Column(
        verbose_name="Ref",
        linkify=True,
        order_by=("mandate__period_start", "position", "reference"),
    )
    title = tables.Column(verbose_name="Objective", linkify=True)
    theme = tables.Column(
        verbose_name="Theme", accessor="theme__number", order_by=("theme__number", "position")
    )
    latest_status = tables.Column(
        verbose_name="Status",
        order_by=("latest_status", "position"),
        empty_values=(),  # render "No update yet", not a dash
    )
    latest_percent = tables.Column(
        verbose_name="% complete", order_by=("latest_percent", "position")
    )
    # A plain column with a render_ method, not a DateColumn: that is a TemplateColumn, which
    # compiles its template again for every cell, the largest cost of a row in the profile.
    latest_as_of = tables.Column(verbose_name="As of", order_by=("latest_as_of", "position"))
    owner = tables.Column(verbose_name="Owner", order_by=("owner__last_name", "position"))
    # Whether the wording, grouping and numbering are the source's (objectives.provenance),
    # as marks the legend under the table explains.
    provenance = tables.Column(verbose_name="Source", orderable=False, empty_values=())

    # The marks' legend, which the table template shows under the table.
    legend = LEGEND

    class Meta:
        attrs = {"class": "nhsuk-table app-table"}
        empty_text = "No objectives match."
        orderable = True

    def render_latest_status(self, value: str | None) -> SafeString:
        return status_tag(value)

    def render_latest_percent(self, value: int) -> str:
        return f"{value}%"

    def render_latest_as_of(self, value: datetime.date) -> str:
        return date_format(value, "SHORT_DATE_FORMAT")  # as DateColumn shows it

    def render_owner(self, value: Any) -> str:
        return display_name(value)

    def render_provenance(self, record: Objective) -> str:
        return codes(objective_marks(record)) or "Published"

    def paginate(self, *args: Any, per_page: int | None = None, **kwargs: Any) -> Any:
        # ?per_page= comes from the URL. Below 1 the paginator counts a negative number of
        # pages and django-tables2 then asks for one of them (EmptyPage: a 500); it is
        # ignored instead, as django-tables2 already ignores 0.
        return super().paginate(*args, per_page=per_page if (per_page or 0) > 0 else None, **kwargs)


def objective_table(
    request: HttpRequest, objectives: QuerySet[Objective], **kwargs: Any
) -> ObjectiveTable:
    """The table of these objectives, sorted and paginated as the request asks."""
    table = ObjectiveTable(objectives, **kwargs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return table
