from __future__ import annotations

from typing import Any

import django_tables2 as tables

from objectives.models import Objective
from objectives.templatetags.progress import person, status_tag


class ObjectiveTable(tables.Table):
    """Objectives with where each stands. Expects Objective.objects.with_latest_update()."""

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
    latest_as_of = tables.DateColumn(
        verbose_name="As of", format="j M Y", order_by=("latest_as_of", "position")
    )
    owner = tables.Column(
        verbose_name="Owner", accessor="owner", order_by=("owner__last_name", "position")
    )

    class Meta:
        model = Objective
        fields = (
            "reference",
            "title",
            "theme",
            "latest_status",
            "latest_percent",
            "latest_as_of",
            "owner",
        )
        attrs = {"class": "nhsuk-table app-table"}
        template_name = "includes/table.html"
        empty_text = "No objectives match."
        orderable = True

    def render_latest_status(self, value: str | None) -> Any:
        return status_tag(value)

    def render_latest_percent(self, value: int) -> str:
        return f"{value}%"

    def render_owner(self, value: Any) -> str:
        return person(value)
