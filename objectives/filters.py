from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from mandates.models import Mandate, Theme
from objectives.forms import ThemeChoiceField
from objectives.models import Objective, ProgressUpdate
from objectives.periods import overdue_objectives

NO_UPDATE = "none"


# An option as Django's select_option.html writes it, with the newlines its templates add.
OPTION = '\n  <option value="{}">{}</option>\n'
SELECTED_OPTION = '\n  <option value="{}" selected>{}</option>\n'


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """As Django's django/forms/widgets/attrs.html writes them, in the same order."""
    # Safe: the names are the widget's own; every value is escaped by format_html.
    return mark_safe(  # noqa: S308  # nosec B308, B703
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickSelect(forms.Select):
    """Django's <select>, the same markup, written here rather than through a template for
    each option: the list page's filters have a hundred options or more (every theme,
    every owner), and their templates were a large part of the page's time."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        values = self.format_value(value)
        parts = [format_html('<select name="{}"{}>', name, _attributes(final_attrs))]
        has_selected = False
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # option groups: Django's own way
                return super().render(name, value, attrs, renderer)
            option = "" if option_value is None else str(option_value)
            selected = (not has_selected or self.allow_multiple_selected) and option in values
            has_selected |= selected
            template = SELECTED_OPTION if selected else OPTION
            parts.append(format_html(template, option, label))
        parts.append("\n</select>")
        # Safe: every part was made by format_html, which escaped the values.
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703


class OneQueryChoices(django_filters.fields.ModelChoiceIterator):
    """The choices read with one plain query, of only the values their labels need.
    Django reads model instances, through a server-side cursor on PostgreSQL (three round
    trips); making a hundred instances to show their names was most of the filters' time."""

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        key = self.field.to_field_name or "pk"
        for value, *label in self.queryset.values_list(key, *self.field.label_fields):
            yield (value, self.field.label_from_values(*label))


class QuickModelChoiceField(django_filters.fields.ModelChoiceField):
    """A choice of model instances whose labels come from `label_fields`, made into a
    label by `label_from_values` exactly as `label_from_instance` makes it from an
    instance (a test compares the two)."""

    iterator = OneQueryChoices
    widget = QuickSelect
    label_fields: tuple[str, ...] = ()

    def label_from_values(self, *values: Any) -> str:
        raise NotImplementedError


class MandateChoiceField(QuickModelChoiceField):
    label_fields = ("title",)

    def label_from_values(self, title: str) -> str:  # type: ignore[override]
        return title  # Mandate.__str__


class QuickThemeChoiceField(ThemeChoiceField, QuickModelChoiceField):
    label_fields = ("number", "title", "mandate__title")

    def label_from_values(self, number: int, title: str, mandate: str) -> str:  # type: ignore[override]
        return f"{mandate}: {number}. {title}"  # ThemeChoiceField's, with Theme.__str__


class OwnerChoiceField(QuickModelChoiceField):
    label_fields = ("first_name", "last_name", "username")

    def label_from_instance(self, obj: object) -> str:
        return obj.get_full_name() or obj.get_username()  # type: ignore[attr-defined]

    def label_from_values(self, first_name: str, last_name: str, username: str) -> str:  # type: ignore[override]
        return f"{first_name} {last_name}".strip() or username  # as get_full_name()


class AnyYesNoWidget(django_filters.widgets.BooleanWidget, QuickSelect):
    """django-filter's true/false select, with "Any" where it says "Unknown"."""

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]


class MandateFilter(django_filters.ModelChoiceFilter):
    field_class = MandateChoiceField


class ThemeFilter(django_filters.ModelChoiceFilter):
    field_class = QuickThemeChoiceField


class OwnerFilter(django_filters.ModelChoiceFilter):
    field_class = OwnerChoiceField


class ObjectiveFilter(django_filters.FilterSet):
    """The filters of the objectives list; every value lives in the URL, so a filtered
    view can be bookmarked and shared."""

    q = django_filters.CharFilter(label="Search", method="search", max_length=200)
    mandate = MandateFilter(
        queryset=Mandate.objects.all(),
        to_field_name="slug",
        empty_label="All mandates",
    )
    theme = ThemeFilter(queryset=Theme.objects.select_related("mandate"), empty_label="All themes")
    status = django_filters.ChoiceFilter(
        label="Latest status",
        choices=[*ProgressUpdate.Status.choices, (NO_UPDATE, "No update yet")],
        method="filter_status",
        empty_label="Any status",
        widget=QuickSelect,
    )
    # The people who own an objective, by name. A semi-join, not a DISTINCT over a join
    # with every objective: a few index look-ups however many objectives there are.
    owner = OwnerFilter(
        queryset=get_user_model()
        .objects.filter(Exists(Objective.objects.filter(owner=OuterRef("pk"))))
        .order_by("first_name", "last_name", "username"),
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
