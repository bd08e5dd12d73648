"""How the objectives of each theme stand: counts by latest status, for the status bars."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from mandates.models import Theme
from objectives.models import Objective, ProgressUpdate
from objectives.periods import quarter_start

Status = ProgressUpdate.Status
NO_UPDATE = "no_update"

# Drawn in this order, left to right; colours are NHS.UK's, given as SVG fill attributes
# so that a strict Content Security Policy (no inline styles) still draws them.
BAR_ORDER: list[tuple[str, str, str]] = [
    (Status.COMPLETE, "Complete", "#005eb8"),
    (Status.ON_TRACK, "On track", "#007f3b"),
    (Status.AT_RISK, "At risk", "#ffb81c"),
    (Status.OFF_TRACK, "Off track", "#d5281b"),
    (Status.NOT_STARTED, "Not started", "#768692"),
    (NO_UPDATE, "No update yet", "#d8dde0"),
]


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    colour: str
    count: int
    x: float
    width: float


@dataclass
class StatusCounts:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: int = 0
    stale: int = 0  # no update this quarter (including none at all)

    def add(self, status: str | None, as_of: datetime.date | None, since: datetime.date) -> None:
        self.counts[status or NO_UPDATE] += 1
        self.total += 1
        if as_of is None or as_of < since:
            self.stale += 1

    def segments(self) -> list[Segment]:
        """Bar segments in percent of the bar's width; empty statuses are left out."""
        segments, x = [], 0.0
        for key, label, colour in BAR_ORDER:
            count = self.counts.get(key, 0)
            width = 100 * count / self.total if self.total else 0
            segments.append(Segment(key, label, colour, count, round(x, 3), round(width, 3)))
            x += width
        return segments

    def describe(self) -> str:
        """The bar in words, for screen readers and for print."""
        parts = [f"{s.count} {s.label.lower()}" for s in self.segments() if s.count]
        return f"{self.total} objectives: " + ", ".join(parts) if parts else "No objectives"


def theme_status_counts(
    themes: Iterable[Theme], *, today: datetime.date
) -> dict[int, StatusCounts]:
    """Counts for each theme, in one query whatever the number of objectives."""
    theme_ids = [theme.pk for theme in themes]
    since = quarter_start(today)
    counts: dict[int, StatusCounts] = {pk: StatusCounts() for pk in theme_ids}
    rows = (
        Objective.objects.filter(theme_id__in=theme_ids)
        .values_list("theme_id", "latest_status", "latest_as_of")
        .order_by()
    )
    for theme_id, status, as_of in rows:
        counts[theme_id].add(status, as_of, since)
    return counts
