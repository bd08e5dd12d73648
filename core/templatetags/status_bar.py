"""The status bars' patterns (core.status.TEXTURES), defined once on a page."""

from __future__ import annotations

from django import template

from core import status

register = template.Library()


@register.inclusion_tag("includes/status_patterns.html")
def status_patterns() -> dict[str, object]:
    return {"patterns": status.patterns()}
