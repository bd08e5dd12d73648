"""How objectives and what hangs from them are read: the QuerySets their managers are
made from. The models live in objectives.models."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, Value, When

from mandates.models import ReportingPeriod

if TYPE_CHECKING:
    from objectives.models import (
        Measurement,
        Objective,
        ObjectiveLink,
        Target,
        TargetStep,
    )


# What a row of an objectives table shows (objectives.tables.ObjectiveTable), and no more:
# the objective's full text and its mandate's summary, read for every row, were much of
# what a page of the list cost.
LIST_FIELDS = (
    "reference",
    "title",
    "position",
    "provenance",
    "theme_inferred",
    "reference_ours",
    "latest_update",
    "latest_status",
    "latest_percent",
    "latest_as_of",
    "mandate__slug",
    "mandate__title",
    "mandate__period_start",
    "theme__number",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)


class ObjectiveQuerySet(models.QuerySet["Objective"]):
    def get_by_natural_key(self, mandate_slug: str, reference: str) -> Objective:
        return self.get(mandate__slug=mandate_slug, reference=reference)

    def for_list(self) -> ObjectiveQuerySet:
        """Objectives as a table row shows them: where each stands, its mandate, theme and
        owner, in one query."""
        return self.select_related("mandate", "theme", "owner").only(*LIST_FIELDS)

    def overdue(self, day: datetime.date) -> ObjectiveQuerySet:
        """Those overdue on `day` (mandates.quarters says the rule), each with the quarter it
        is overdue for: `due_start`, `due_end` and `due_on` (Objective.quarter_due says it
        in words). Two queries: the quarters due here, the objectives when read."""
        due = ReportingPeriod.objects.due_by(day)
        objectives = self.select_related("mandate", "theme", "owner")
        if not due:
            return objectives.none()
        # The quarter is written into the query as constants, one case per mandate, so that
        # a page can say which quarter is missing without asking for the periods again.
        overdue = Q()
        for mandate_id, period in due.items():
            overdue |= Q(mandate_id=mandate_id) & (
                Q(latest_as_of__isnull=True) | Q(latest_as_of__lt=period.start)
            )

        def quarter(field: str) -> Case:
            whens = [
                When(mandate_id=mandate_id, then=Value(getattr(period, field)))
                for mandate_id, period in due.items()
            ]
            return Case(*whens, output_field=models.DateField())

        return objectives.filter(overdue).annotate(
            due_start=quarter("start"), due_end=quarter("end"), due_on=quarter("due")
        )


class TargetQuerySet(models.QuerySet["Target"]):
    def get_by_natural_key(self, mandate_slug: str, reference: str, code: str) -> Target:
        return self.get(
            objective__mandate__slug=mandate_slug, objective__reference=reference, code=code
        )

    def with_latest_figure(self) -> TargetQuerySet:
        """Each target with its latest figure's value, date, precision and publisher
        (`latest_value`, `latest_on`, `latest_precision`, `latest_publisher`; None without
        one), in the one query that reads the targets."""
        measurement = apps.get_model("objectives", "Measurement")  # defined beside the models
        latest = measurement.objects.filter(target=OuterRef("pk")).latest_first()
        return self.annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("measured_on")[:1]),
            latest_precision=Subquery(latest.values("measured_precision")[:1]),
            latest_publisher=Subquery(latest.values("publisher")[:1]),
        )


class ProgressUpdateQuerySet(models.QuerySet["ProgressUpdate"]):
    def visible(self) -> ProgressUpdateQuerySet:
        """Updates that count: a withdrawn update stays in the history but not in summaries."""
        return self.filter(withdrawn_at__isnull=True)

    def latest_first(self) -> ProgressUpdateQuerySet:
        return self.order_by("-as_of", "-recorded_at", "-pk")


class ObjectiveLinkQuerySet(models.QuerySet["ObjectiveLink"]):
    def get_by_natural_key(
        self, from_mandate: str, from_reference: str, to_mandate: str, to_reference: str
    ) -> ObjectiveLink:
        return self.get(
            from_objective__mandate__slug=from_mandate,
            from_objective__reference=from_reference,
            to_objective__mandate__slug=to_mandate,
            to_objective__reference=to_reference,
        )


class TargetStepQuerySet(models.QuerySet["TargetStep"]):
    def get_by_natural_key(
        self, mandate_slug: str, reference: str, code: str, year: int
    ) -> TargetStep:
        return self.get(
            target__objective__mandate__slug=mandate_slug,
            target__objective__reference=reference,
            target__code=code,
            year=year,
        )


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def get_by_natural_key(
        self, mandate_slug: str, reference: str, code: str, measured_on: str
    ) -> Measurement:
        return self.get(
            target__objective__mandate__slug=mandate_slug,
            target__objective__reference=reference,
            target__code=code,
            measured_on=measured_on,
        )

    def latest_first(self) -> MeasurementQuerySet:
        return self.order_by("-measured_on", "-recorded_at", "-pk")
