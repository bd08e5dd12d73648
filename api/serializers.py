"""How each record reads in the API. Figures are JSON numbers (a whole figure an integer,
as in the summaries' JSON), dates and moments ISO 8601, and a missing value is null,
never "": a reader tests one thing for "not given"."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.people import display_name
from core.status import label
from mandates.models import Mandate, ReportingPeriod, Theme
from objectives.models import Measurement, Objective, ProgressUpdate, Target, TargetStep
from objectives.provenance import objective_marks
from summaries.renderers.data import number


class FigureField(serializers.DecimalField):
    """A figure as the summaries' JSON writes it (summaries.renderers.data.number)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce_to_string=False, **kwargs)

    def to_representation(self, value: Decimal) -> int | float | None:
        return number(value)


class NullIfBlank:
    """Blank text as null."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)  # type: ignore[call-arg]

    def to_representation(self, value: str) -> str | None:
        return value or None


class NullIfBlankCharField(NullIfBlank, serializers.CharField):
    pass


class NullIfBlankURLField(NullIfBlank, serializers.URLField):
    pass


@extend_schema_field({"type": "string", "nullable": True})
class PersonField(serializers.Field):
    """A person as every page names them; null for nobody."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: AbstractBaseUser | None) -> str | None:
        return display_name(value) or None

    def get_attribute(self, instance: Any) -> AbstractBaseUser | None:
        # None for a missing person, rather than DRF's skipping the field.
        return getattr(instance, self.source)


@extend_schema_field({"type": "string", "format": "uri"})
class PageField(serializers.Field):
    """The record's page in the app, as a full address."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: models.Model) -> str:
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


class ReadSerializer(serializers.ModelSerializer):
    """Every field read-only, with the rules above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: FigureField,
    }

    def build_standard_field(self, field_name: str, model_field: models.Field) -> tuple:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.URLField) and model_field.blank:
            field_class = NullIfBlankURLField
        elif isinstance(model_field, models.CharField | models.TextField) and model_field.blank:
            field_class = NullIfBlankCharField
            kwargs.pop("choices", None)
        kwargs.pop("allow_blank", None)
        return field_class, {**kwargs, "read_only": True}


class MandateSerializer(ReadSerializer):
    page = PageField()

    class Meta:
        model = Mandate
        fields = (
            "id",
            "slug",
            "title",
            "full_title",
            "issuer",
            "period_start",
            "period_end",
            "published_on",
            "withdrawn_on",
            "source_url",
            "licence",
            "summary",
            "page",
        )


class ThemeSerializer(ReadSerializer):
    mandate = serializers.CharField(source="mandate.slug", read_only=True)
    page = PageField()

    class Meta:
        model = Theme
        fields = ("id", "mandate", "number", "title", "description", "source_note", "page")


class MarkSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class ProvenanceSerializer(serializers.Serializer):
    """Where an objective's wording, grouping and numbering come from
    (objectives.provenance): the marks every page and file shows."""

    value = serializers.ChoiceField(choices=Objective.Provenance.choices, source="provenance")
    label = serializers.CharField(source="get_provenance_display")
    marks = serializers.SerializerMethodField()

    @extend_schema_field(MarkSerializer(many=True))
    def get_marks(self, objective: Objective) -> list[dict[str, str]]:
        return [{"code": m.code, "label": m.label} for m in objective_marks(objective)]


class ObjectiveSerializer(ReadSerializer):
    mandate = serializers.CharField(source="mandate.slug", read_only=True)
    theme = serializers.IntegerField(source="theme.number", read_only=True)
    owner = PersonField()
    latest_status = serializers.ChoiceField(
        choices=ProgressUpdate.Status.choices, allow_null=True, read_only=True
    )
    latest_status_label = serializers.SerializerMethodField()
    provenance = ProvenanceSerializer(source="*", read_only=True)
    page = PageField()

    class Meta:
        model = Objective
        fields = (
            "id",
            "mandate",
            "theme",
            "reference",
            "title",
            "text",
            "owner",
            "latest_status",
            "latest_status_label",
            "latest_percent",
            "latest_as_of",
            "provenance",
            "page",
        )

    def get_latest_status_label(self, objective: Objective) -> str:
        """The status in words; "No update yet" before any update."""
        return label(objective.latest_status)


class ProgressUpdateSerializer(ReadSerializer):
    """An update, or (read "as at" a date) the version of it recorded by a moment."""

    mandate = serializers.CharField(source="objective.mandate.slug", read_only=True)
    reference = serializers.CharField(source="objective.reference", read_only=True)
    author = PersonField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = (
            "id",
            "objective",
            "mandate",
            "reference",
            "as_of",
            "status",
            "status_label",
            "percent_complete",
            "narrative",
            "evidence_url",
            "author",
            "recorded_at",
            "edited_at",
            "after_close",
            "demonstration",
        )


class MeasurementSerializer(ReadSerializer):
    recorded_by = PersonField()

    class Meta:
        model = Measurement
        fields = (
            "id",
            "measured_on",
            "measured_precision",
            "value",
            "note",
            "publisher",
            "source_url",
            "published_on",
            "recorded_by",
            "recorded_at",
        )


class TargetStepSerializer(ReadSerializer):
    class Meta:
        model = TargetStep
        fields = ("year", "value", "source_url", "source_note")


class TargetSerializer(ReadSerializer):
    mandate = serializers.CharField(source="objective.mandate.slug", read_only=True)
    reference = serializers.CharField(source="objective.reference", read_only=True)
    figures = MeasurementSerializer(source="measurements", many=True, read_only=True)
    steps = TargetStepSerializer(many=True, read_only=True)

    class Meta:
        model = Target
        fields = (
            "id",
            "objective",
            "mandate",
            "reference",
            "code",
            "description",
            "value",
            "unit",
            "deadline",
            "deadline_precision",
            "deadline_text",
            "deadline_inferred",
            "baseline_value",
            "baseline_date",
            "baseline_precision",
            "source_note",
            "steps",
            "figures",
        )


class ReportingPeriodSerializer(ReadSerializer):
    mandate = serializers.CharField(source="mandate.slug", read_only=True)
    closed_by = PersonField()

    class Meta:
        model = ReportingPeriod
        fields = ("id", "mandate", "start", "end", "due", "label", "closed_at", "closed_by")
