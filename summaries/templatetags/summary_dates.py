"""The as-at date field of the summary downloads (summaries.views.SummaryDatesForm), for
templates/includes/summary_downloads.html to render as every other field is rendered."""

from __future__ import annotations

from django import template
from django.forms import BoundField

from summaries.views import SummaryDatesForm

register = template.Library()


@register.simple_tag
def summary_as_at_field() -> BoundField:
    return SummaryDatesForm()["as_at"]
