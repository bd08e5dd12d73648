"""One reporting calendar: on any day, before or after a mandate ends, the counts a theme
page shows and the overdue flags of the summary it offers agree, because both ask the
mandate's own quarters (mandates.quarters.is_overdue)."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from mandates.models import Theme
from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_record

pytestmark = pytest.mark.usefixtures("mandates")

# Quarter ends of 2021-22 and the days after them on which an update is recorded.
QUARTER_ENDS = [
    datetime.date(2021, 6, 30),
    datetime.date(2021, 9, 30),
    datetime.date(2021, 12, 31),
    datetime.date(2022, 3, 31),
]
# Days to look from: inside each quarter, just after the mandate's end (its last quarter's
# update is still due), and long after it (no further quarter falls due).
THREE_DAYS = datetime.timedelta(days=3)
NOON = datetime.time(12)
DAYS = [
    datetime.date(2021, 5, 15),
    datetime.date(2021, 8, 20),
    datetime.date(2021, 11, 20),
    datetime.date(2022, 2, 20),
    datetime.date(2022, 4, 10),
    datetime.date(2022, 7, 1),
    datetime.date(2026, 12, 3),
]


def record_quarter(updater: User, quarter: int) -> None:
    """Objective n reports for quarter q three days after it ends, unless n + q is a
    multiple of 3; objective 14 never reports."""
    end = QUARTER_ENDS[quarter]
    with time_machine.travel(end + datetime.timedelta(days=3), tick=False):
        for objective in Objective.objects.filter(mandate__slug="hee-2021-22"):
            n = int(objective.reference)
            if n == 14 or (n + quarter) % 3 == 0:
                continue
            progress_update_record(
                objective=objective,
                author=updater,
                as_of=end,
                status=ProgressUpdate.Status.ON_TRACK,
                percent_complete=10 * (quarter + 1),
                narrative=f"Quarter {quarter + 1}.",
            )


def page_overdue(client: Client, theme: Theme) -> int:
    soup = BeautifulSoup(client.get(theme.get_absolute_url()).content, "html.parser")
    return int(soup.select_one('[data-status="stale"] strong').text)


def summary_overdue(client: Client, theme: Theme, day: datetime.date) -> list[bool]:
    url = f"/mandates/hee-2021-22/themes/{theme.number}/summary.json?as_at={day.isoformat()}"
    data = json.loads(client.get(url).content)
    return [line["overdue"] for theme_data in data["themes"] for line in theme_data["objectives"]]


def test_on_every_day_a_theme_pages_counts_and_its_summarys_flags_agree(
    client: Client, viewer: User, updater: User
) -> None:
    """The data grows as it would: on each day, only the updates recorded by then."""
    client.force_login(viewer)
    themes = list(Theme.objects.filter(mandate__slug="hee-2021-22"))
    recorded = 0
    for day in DAYS:
        while recorded < len(QUARTER_ENDS) and QUARTER_ENDS[recorded] + THREE_DAYS <= day:
            record_quarter(updater, recorded)
            recorded += 1
        with time_machine.travel(datetime.datetime.combine(day, NOON), tick=False):
            counted = {t.number: page_overdue(client, t) for t in themes}
            flagged = {t.number: sum(summary_overdue(client, t, day)) for t in themes}
        assert counted == flagged, day
        assert sum(counted.values()) > 0 or day < datetime.date(2021, 7, 15), day
    # After the last quarter's update was due, the position is final: those that missed
    # the last quarter (objectives 3, 6, 9, 12 and 14) stay overdue, whatever today is.
    assert counted == {1: 0, 2: 1, 3: 1, 4: 2, 5: 0, 6: 1}


def test_after_the_mandate_ends_no_further_quarter_falls_due(
    client: Client, viewer: User, updater: User
) -> None:
    for quarter in range(len(QUARTER_ENDS)):
        record_quarter(updater, quarter)
    client.force_login(viewer)
    theme = Theme.objects.get(mandate__slug="hee-2021-22", number=4)
    seen = []
    for day in (datetime.date(2022, 7, 1), datetime.date(2024, 1, 1), datetime.date(2026, 12, 3)):
        with time_machine.travel(datetime.datetime.combine(day, NOON), tick=False):
            seen.append((page_overdue(client, theme), summary_overdue(client, theme, day)))
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][0] == 2  # objectives 9 and 12 missed the last quarter
