"""The objectives list: filter by mandate, theme, latest status, owner, overdue and free
text; sort any column; the filter lives in the URL."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.breadcrumbs import crumbs
from objectives.filters import ObjectiveFilter
from objectives.models import Objective
from objectives.tables import PER_PAGE, ObjectiveTable


class ObjectiveListView(SingleTableMixin, FilterView):
    """Queries: session, user, the filter form's mandates, themes and owners, the count,
    the page."""

    table_class = ObjectiveTable
    filterset_class = ObjectiveFilter
    table_pagination = {"per_page": PER_PAGE}  # the table paginates; the view must not as well
    template_name = "objectives/objective_list.html"
    http_method_names = ["get"]

    def get_queryset(self) -> QuerySet[Objective]:
        return Objective.objects.for_list()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "breadcrumbs": crumbs()}
