"""An objectives table for any page that lists objectives, the mandate's and the theme's
pages included: those belong to the mandates app, which does not import this one, so
they name the table in their templates and this tag makes it."""

from __future__ import annotations

from django import template
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from objectives.models import Objective
from objectives.provenance import LEGEND, codes, objective_marks
from objectives.tables import objective_table

register = template.Library()


@register.simple_tag(takes_context=True)
def objectives_table(
    context: template.Context, objectives: QuerySet[Objective], exclude: str = ""
) -> SafeString:
    """The table of these objectives, sorted and paginated by the request's query string,
    with the columns named in `exclude` (comma-separated) left out."""
    request = context["request"]
    table = objective_table(request, objectives, exclude=[c for c in exclude.split(",") if c])
    return table.as_html(request)


@register.filter
def source_marks(objective: Objective) -> str:
    """The objective's provenance marks (objectives.provenance), as the tables show them."""
    return codes(objective_marks(objective)) or "Published"


@register.inclusion_tag("includes/provenance_legend.html")
def source_legend() -> dict[str, object]:
    return {"legend": LEGEND}
