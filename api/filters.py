"""The lists' filters. The objectives' are the objectives list page's own
(objectives.filters.ObjectiveFilter); the others narrow a list to a mandate (by slug)
or to an objective."""

from __future__ import annotations

import django_filters

from mandates.models import ReportingPeriod, Theme
from objectives.models import Target


class ByMandate(django_filters.FilterSet):
    mandate = django_filters.CharFilter(
        field_name="mandate__slug", max_length=40, help_text="A mandate's slug: hee-2021-22."
    )


class ThemeFilter(ByMandate):
    class Meta:
        model = Theme
        fields = ("mandate",)


class ReportingPeriodFilter(ByMandate):
    class Meta:
        model = ReportingPeriod
        fields = ("mandate",)


class ByObjective(django_filters.FilterSet):
    mandate = django_filters.CharFilter(
        field_name="objective__mandate__slug",
        max_length=40,
        help_text="A mandate's slug: hee-2021-22.",
    )
    objective = django_filters.NumberFilter(field_name="objective_id", help_text="Its id.")


class TargetFilter(ByObjective):
    class Meta:
        model = Target
        fields = ("mandate", "objective")


class ProgressUpdateFilter(ByObjective):
    """Names no model: it filters the updates and, read "as at" a date, their history's
    versions alike (DjangoFilterBackend refuses a queryset not of a FilterSet's model)."""
