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
from core.precision import Precision, in_words
from core.status import status_tag
from objectives.models import Objective
from objectives.provenance import LEGEND, codes, objective_marks

PER_PAGE = 25
# Short cells that read best on one line ("No update yet", "31/03/2022", "2021-22"): the
# table's width goes to the objectives' titles instead (app.scss, .app-table__nowrap). Not
# their headers, which may wrap ("% complete"): on one line they made the table too wide.
NOWRAP = {"td": {"class": "app-table__nowrap"}}


class ObjectiveTable(tables.Table):
    """Objectives with where each stands (Objective.latest_*); rows come from
    Objective.objects.for_list()."""

    reference = tables.Column(
        verbose_name="Ref",
        linkify=True,
        order_by=("mandate__period_start", "position", "reference"),
        attrs=NOWRAP,
    )
    # Which mandate a row is of, as its year ("2021-22"): a list of every mandate's
    # objectives would otherwise show two objective 3s and not say which is which.
    mandate = tables.Column(
        verbose_name="Mandate",
        accessor="mandate__period_start",
        order_by=("mandate__period_start", "position"),
        attrs=NOWRAP,
    )
    title = tables.Column(verbose_name="Objective", linkify=True)
    theme = tables.Column(
        verbose_name="Theme",
        accessor="theme__number",
        order_by=("theme__number", "position"),
        attrs=NOWRAP,
    )
    latest_status = tables.Column(
        verbose_name="Status",
        order_by=("latest_status", "position"),
        empty_values=(),  # render "No update yet", not a dash
        attrs=NOWRAP,
    )
    latest_percent = tables.Column(
        verbose_name="% complete", order_by=("latest_percent", "position"), attrs=NOWRAP
    )
    # A plain column with a render_ method, not a DateColumn: that is a TemplateColumn, which
    # compiles its template again for every cell, the largest cost of a row in the profile.
    latest_as_of = tables.Column(
        verbose_name="As of", order_by=("latest_as_of", "position"), attrs=NOWRAP
    )
    owner = tables.Column(verbose_name="Owner", order_by=("owner__last_name", "position"))
    # Whether the wording, grouping and numbering are the source's (objectives.provenance),
    # as marks the legend under the table explains.
    provenance = tables.Column(verbose_name="Source", orderable=False, empty_values=())

    # The marks' legend, which the table template shows under the table.
    legend = LEGEND
    # The name of the scrolling region the table template puts the table in.
    region_label = "Objectives"

    class Meta:
        # NHS.UK's compact table at 16 px: nine columns of one-word headings at 19 px, each
        # as wide as its heading, left the objectives' titles a sixth of the width.
        attrs = {"class": "nhsuk-table nhsuk-table--compact nhsuk-u-font-size-16 app-table"}
        empty_text = "No objectives match."
        orderable = True

    def render_mandate(self, value: datetime.date) -> str:
        # The financial year the mandate starts in: every mandate so far is for one year.
        return in_words(value, Precision.FINANCIAL_YEAR)

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
