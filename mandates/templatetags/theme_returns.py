"""Where each ended quarter's return of a theme stands, for the theme's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from mandates.models import ReportingPeriod, Theme, ThemeReturn

register = template.Library()


@register.inclusion_tag("includes/theme_returns.html")
def theme_returns(theme: Theme) -> dict[str, Any]:
    """Two queries: the theme's ended quarters, and its decisions."""
    periods = ReportingPeriod.objects.filter(
        mandate_id=theme.mandate_id, end__lt=timezone.localdate()
    ).order_by("-start")
    decisions = {
        d.period_id: d for d in ThemeReturn.objects.filter(theme=theme).select_related("decided_by")
    }
    return {
        "theme": theme,
        "returns": [(period, decisions.get(period.pk)) for period in periods],
    }
