"""The status-over-time chart of a theme or a mandate, for their pages (which belong to
the mandates app, which does not import this one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils import timezone

from core.status import ORDER, Segment, StatusCounts
from mandates.models import Mandate, Theme
from summaries.trend import QuarterPoint, ended_quarters, status_over_time

register = template.Library()

# The chart is drawn at its own size, in CSS pixels, not scaled to its container: so its
# labels are 13 px on a phone as on a desktop, and it fits a 375 px screen.
WIDTH = 320
ROW = 46  # a quarter's label above its bar, and the gap to the next
LABEL_Y = 15
BAR_Y = 21
BAR_HEIGHT = 18


@dataclass(frozen=True)
class ChartRow:
    point: QuarterPoint
    y: int
    segments: list[Segment]

    @property
    def cells(self) -> list[int]:
        """The table's row: the count at each status, in ORDER."""
        return [self.point.counts.counts.get(status, 0) for status in ORDER]

    @property
    def label_y(self) -> int:
        return self.y + LABEL_Y

    @property
    def bar_y(self) -> int:
        return self.y + BAR_Y


def chart_rows(points: list[QuarterPoint]) -> list[ChartRow]:
    """Each quarter's bar: its segments with a count, in the status bar's units."""
    return [
        ChartRow(point, i * ROW, [s for s in point.counts.segments() if s.count])
        for i, point in enumerate(points)
    ]


@register.inclusion_tag("includes/status_trend.html")
def status_trend(mandate: Mandate, theme: Theme | None = None) -> dict[str, Any]:
    points = status_over_time(
        mandate=mandate,
        theme=theme,
        periods=ended_quarters(mandate, timezone.localdate()),
        moment=None,  # as things stand
    )
    return {
        "points": points,
        "rows": chart_rows(points),
        "width": WIDTH,
        "height": ROW * len(points),
        "bar_height": BAR_HEIGHT,
        "keys": StatusCounts().segments(),  # a swatch for each status, in ORDER
        "scope": f"theme {theme.number}" if theme else "this mandate",
    }
