from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from mandates.models import Mandate, Theme
from objectives.forms import ThemeChoiceField
from objectives.models import Objective, ProgressUpdate
from objectives.periods import overdue_objectives

NO_UPDATE = "none"


class OwnerChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: object) -> str:
        return obj.get_full_name() or obj.get_username()  # type: ignore[attr-defined]


class AnyYesNoWidget(django_filters.widgets.BooleanWidget):
    """django-filter's true/false select, with "Any" where it says "Unknown"."""

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]


class ThemeFilter(django_filters.ModelChoiceFilter):
    field_class = ThemeChoiceField


class OwnerFilter(django_filters.ModelChoiceFilter):
    field_class = OwnerChoiceField


class ObjectiveFilter(django_filters.FilterSet):
    """The filters of the objectives list; every value lives in the URL, so a filtered
    view can be bookmarked and shared."""

    q = django_filters.CharFilter(label="Search", method="search", max_length=200)
    mandate = django_filters.ModelChoiceFilter(
        queryset=Mandate.objects.all(), to_field_name="slug", empty_label="All mandates"
    )
    theme = ThemeFilter(queryset=Theme.objects.select_related("mandate"), empty_label="All themes")
    status = django_filters.ChoiceFilter(
        label="Latest status",
        choices=[*ProgressUpdate.Status.choices, (NO_UPDATE, "No update yet")],
        method="filter_status",
        empty_label="Any status",
    )
    owner = OwnerFilter(
        queryset=get_user_model().objects.filter(owned_objectives__isnull=False).distinct(),
        empty_label="Anyone",
    )
    overdue = django_filters.BooleanFilter(
        label="Overdue for an update",
        method="filter_overdue",
        widget=AnyYesNoWidget,
    )

    class Meta:
        model = Objective
        fields = ("q", "mandate", "theme", "status", "owner", "overdue")

    def search(self, queryset: QuerySet[Objective], name: str, value: str) -> QuerySet[Objective]:
        for word in value.split():
            queryset = queryset.filter(
                Q(reference__iexact=word) | Q(title__icontains=word) | Q(text__icontains=word)
            )
        return queryset

    def filter_status(
        self, queryset: QuerySet[Objective], name: str, value: str
    ) -> QuerySet[Objective]:
        if value == NO_UPDATE:
            return queryset.filter(latest_status__isnull=True)
        return queryset.filter(latest_status=value)

    def filter_overdue(
        self, queryset: QuerySet[Objective], name: str, value: bool | None
    ) -> QuerySet[Objective]:
        """The same rule as the "Needs an update" page and the reminders."""
        if value is None:
            return queryset
        overdue = overdue_objectives(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)
