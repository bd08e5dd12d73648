"""Status over time: for a theme or a whole mandate, how many objectives stood at each
status at the end of each reporting quarter that has ended.

Read by the rule of the "as at" summaries (summaries.summary): at a quarter's end, each
objective's latest update dated on or before that day, withdrawn ones left out, each in
the version it had at the recording moment (`recorded_by`) from its history, or with
no moment (the live pages) as it stands. So the trend's last point and the summary as at
the same quarter's end count the same objectives the same way.

One query for the quarters and one for the objectives, whatever the number of objectives,
updates or quarters: each quarter is one more column of the objectives' query, not one
more query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from core.status import StatusCounts
from mandates.models import Mandate, ReportingPeriod, Theme
from objectives.models import Objective
from summaries.summary import status_at


@dataclass(frozen=True)
class QuarterPoint:
    """The counts at one quarter's end."""

    period: ReportingPeriod
    counts: StatusCounts

    @property
    def end(self) -> datetime.date:
        return self.period.end


def ended_quarters(mandate: Mandate, today: datetime.date) -> list[ReportingPeriod]:
    """The mandate's quarters that had ended by `today`, oldest first."""
    return list(ReportingPeriod.objects.filter(mandate=mandate, end__lt=today).order_by("start"))


def status_over_time(
    *,
    mandate: Mandate,
    theme: Theme | None,
    periods: list[ReportingPeriod],
    moment: datetime.datetime | None,
) -> list[QuarterPoint]:
    """The counts at the end of each of `periods`, for the theme's objectives or, with no
    theme, the whole mandate's."""
    if not periods:
        return []
    objectives = Objective.objects.filter(theme=theme) if theme else mandate.objectives.all()
    columns = {f"at_{i}": status_at(p.end, moment) for i, p in enumerate(periods)}
    rows = objectives.order_by().annotate(**columns).values_list(*columns)
    points = [QuarterPoint(period, StatusCounts()) for period in periods]
    for row in rows:
        for point, status in zip(points, row, strict=True):
            point.counts.add(status, stale=False)
    return points
