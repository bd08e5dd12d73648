"""The board-summary downloads of a theme or a mandate, for their pages (which belong to
the mandates app, which does not import this one)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from mandates.models import Mandate, Theme
from summaries.renderers import FORMAT_LABELS

register = template.Library()


@register.inclusion_tag("includes/summary_downloads.html")
def summary_downloads(mandate: Mandate, theme: Theme | None = None) -> dict[str, Any]:
    """One button per format, the print view first, each to the summary of the theme, or
    with no theme of the whole mandate."""
    if theme is None:
        url_name, kwargs = "summaries:mandate", {"slug": mandate.slug}
    else:
        url_name, kwargs = "summaries:theme", {"slug": mandate.slug, "number": theme.number}
    return {
        "downloads": [
            (fmt, label, reverse(url_name, kwargs={**kwargs, "fmt": fmt}))
            for fmt, label in FORMAT_LABELS.items()
        ]
    }
