"""The read API's endpoints: each a read-only list and detail, paginated (api.pagination),
filtered (api.filters), for those with the model's view permission (api.permissions).
A list's page costs a fixed number of queries however many rows there are: signing in
(the token with its user, or the session and its user), the person's permissions (two),
and the page's own, named on each view. The docstrings are the schema's descriptions."""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from api import filters, serializers
from mandates.models import Mandate, ReportingPeriod, Theme
from objectives.filters import ObjectiveFilter
from objectives.models import Measurement, Objective, ProgressUpdate, Target
from objectives.querysets import LIST_FIELDS
from summaries.summary import HistoricalUpdate, as_recorded
from summaries.views import SummaryDatesForm


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_converter = "int"  # every detail is found by its id


class MandateViewSet(ReadOnlyViewSet):
    """The mandates."""

    # Queries for a page (besides signing in and the permissions): the mandates.

    queryset = Mandate.objects.all()
    serializer_class = serializers.MandateSerializer


class ThemeViewSet(ReadOnlyViewSet):
    """The themes, each with its mandate's slug."""

    # Queries for a page: the themes with their mandates.

    queryset = Theme.objects.select_related("mandate")
    serializer_class = serializers.ThemeSerializer
    filterset_class = filters.ThemeFilter


class ObjectiveViewSet(ReadOnlyViewSet):
    """The objectives, each with where it stands (its latest update's status, percent and
    date), its owner and where its wording comes from; filtered as the objectives page
    filters them."""

    # Queries for a page: the objectives with their mandates, themes and owners; and a
    # mandate, theme or owner filter checks its value first (one each), the overdue one
    # finds the quarters due (one).

    # What the list's rows read (Objective.objects.for_list()), and the objective's text.
    queryset = Objective.objects.for_list().only(*LIST_FIELDS, "text")
    serializer_class = serializers.ObjectiveSerializer
    filterset_class = ObjectiveFilter


AS_AT = OpenApiParameter(
    "as_at",
    OpenApiTypes.DATE,
    description="Each objective's latest update dated on or before this day, as the board "
    "summaries read them (empty for today). With it or `recorded_by` the list holds one "
    "update per objective.",
)
RECORDED_BY = OpenApiParameter(
    "recorded_by",
    OpenApiTypes.DATETIME,
    description="Each update as it was recorded at this moment, from its history (empty for "
    "now): the same two dates give the same list, however the updates change later.",
)


@extend_schema_view(list=extend_schema(parameters=[AS_AT, RECORDED_BY]))
class ProgressUpdateViewSet(ReadOnlyViewSet):
    """The progress updates, withdrawn ones left out. Given `as_at` or `recorded_by`: each
    objective's latest update dated on or before `as_at`, as it was recorded at
    `recorded_by`, as the board summaries read them (the same two dates give the same
    figures as the summary)."""

    # Queries for a page: the updates (or their versions) with objectives, mandates and
    # authors. "As at" is read as summaries.summary reads it, with its dates checked by
    # the summaries' own form.

    queryset = ProgressUpdate.objects.visible().select_related("objective__mandate", "author")
    serializer_class = serializers.ProgressUpdateSerializer
    filterset_class = filters.ProgressUpdateFilter
    lookup_field = "id"  # the update's id, also in its history (where the key is history_id)

    def get_queryset(self) -> QuerySet:
        params = self.request.query_params
        if self.action != "list" or not ({"as_at", "recorded_by"} & params.keys()):
            return super().get_queryset()
        form = SummaryDatesForm(params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        as_at, moment = form.cleaned_data["as_at"], form.cleaned_data["recorded_by"]
        versions = as_recorded(HistoricalUpdate, moment)
        latest = (
            versions.filter(
                objective_id=OuterRef("objective_id"), withdrawn_at__isnull=True, as_of__lte=as_at
            )
            .order_by("-as_of", "-recorded_at", "-id")
            .values("history_id")[:1]
        )
        return versions.filter(history_id=Subquery(latest)).select_related(
            "objective__mandate", "author"
        )


class TargetViewSet(ReadOnlyViewSet):
    """The targets, each with its yearly steps and every figure recorded against it,
    oldest first."""

    # Queries for a page: the targets with their objectives and mandates, their steps,
    # their figures with who recorded them.

    queryset = Target.objects.select_related("objective__mandate").prefetch_related(
        "steps",
        Prefetch(
            "measurements",
            queryset=Measurement.objects.select_related("recorded_by").order_by("measured_on"),
        ),
    )
    also_shows = (Measurement,)
    serializer_class = serializers.TargetSerializer
    filterset_class = filters.TargetFilter


class ReportingPeriodViewSet(ReadOnlyViewSet):
    """The reporting quarters, each with the day its update is due and, once closed, when
    and by whom."""

    # Queries for a page: the quarters with their mandates and closers.

    queryset = ReportingPeriod.objects.select_related("mandate", "closed_by")
    serializer_class = serializers.ReportingPeriodSerializer
    filterset_class = filters.ReportingPeriodFilter
