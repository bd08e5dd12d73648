"""Status over time (summaries.trend): each quarter's counts as the "as at" summary of that
quarter's end counts them, from the history, in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from mandates.models import Mandate, ReportingPeriod, Theme
from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_edit, progress_update_withdraw
from summaries.summary import build_summary
from summaries.trend import ended_quarters, status_over_time
from tests.factories import add_objectives, record_progress

Status = ProgressUpdate.Status
pytestmark = pytest.mark.usefixtures("mandates")


@pytest.fixture
def mandate() -> Mandate:
    return Mandate.objects.get(slug="hee-2021-22")


@pytest.fixture
def theme(mandate: Mandate) -> Theme:
    return Objective.objects.get(mandate=mandate, reference="3").theme


@pytest.fixture
def quarters(mandate: Mandate) -> list[ReportingPeriod]:
    return ended_quarters(mandate, timezone.localdate())


@pytest.fixture
def progress(theme: Theme, updater: User, editor: User) -> list[Objective]:
    """Three objectives of the theme moving over 2021-22: one on track then at risk, one
    started late, one whose first update was withdrawn."""
    first, second, third = add_objectives(theme, 3)
    record_progress(first, updater, datetime.date(2021, 6, 30), Status.ON_TRACK, 20)
    record_progress(first, updater, datetime.date(2021, 12, 31), Status.AT_RISK, 40)
    record_progress(second, updater, datetime.date(2021, 9, 30), Status.NOT_STARTED, 0)
    withdrawn = record_progress(third, updater, datetime.date(2021, 6, 30), Status.OFF_TRACK, 5)
    progress_update_withdraw(update=withdrawn, editor=editor, reason="Entered twice.")
    return [first, second, third]


def recover_in_december(objective: Objective, editor: User) -> None:
    """The editor corrects the objective's December update from at risk to on track."""
    latest = ProgressUpdate.objects.get(objective=objective, as_of=datetime.date(2021, 12, 31))
    progress_update_edit(update=latest, editor=editor, reason="Recovered.", status=Status.ON_TRACK)


def counts_at(points: list, end: datetime.date) -> dict[str, int]:
    point = next(p for p in points if p.end == end)
    return dict(point.counts.counts)


def test_each_quarter_counts_the_latest_update_dated_by_its_end(
    mandate: Mandate, theme: Theme, quarters: list[ReportingPeriod], progress: list[Objective]
) -> None:
    points = status_over_time(mandate=mandate, theme=theme, periods=quarters, moment=timezone.now())
    assert [p.end for p in points] == [q.end for q in quarters]
    others = theme.objectives.count() - 3  # the fixtures' own, with no update
    june, september, december = (datetime.date(2021, m, d) for m, d in ((6, 30), (9, 30), (12, 31)))
    assert counts_at(points, june) == {"on_track": 1, "no_update": others + 2}
    assert counts_at(points, september) == {
        "on_track": 1,
        "not_started": 1,
        "no_update": others + 1,
    }
    assert counts_at(points, december) == {"at_risk": 1, "not_started": 1, "no_update": others + 1}


def test_it_agrees_with_the_summary_as_at_each_quarters_end(
    mandate: Mandate, theme: Theme, quarters: list[ReportingPeriod], progress: list[Objective]
) -> None:
    now = timezone.now()
    points = status_over_time(mandate=mandate, theme=theme, periods=quarters, moment=now)
    for point in points:
        summary = build_summary(
            mandate=mandate,
            theme=theme,
            as_at=point.end,
            recorded_by=now,
            produced_by="test",
            produced_at=now,
        )
        assert dict(point.counts.counts) == dict(summary.themes[0].counts.counts), point.end


def test_it_reads_each_update_as_it_was_recorded_at_the_moment(
    mandate: Mandate,
    theme: Theme,
    quarters: list[ReportingPeriod],
    progress: list[Objective],
    editor: User,
) -> None:
    before = timezone.now()
    recover_in_december(progress[0], editor)
    december = datetime.date(2021, 12, 31)
    then = status_over_time(mandate=mandate, theme=theme, periods=quarters, moment=before)
    now = status_over_time(mandate=mandate, theme=theme, periods=quarters, moment=timezone.now())
    assert counts_at(then, december)["at_risk"] == 1
    assert "at_risk" not in counts_at(now, december)
    assert counts_at(now, december)["on_track"] == 1


def test_as_things_stand_it_counts_as_the_history_does_now(
    mandate: Mandate,
    theme: Theme,
    quarters: list[ReportingPeriod],
    progress: list[Objective],
    editor: User,
) -> None:
    """The live pages read the updates themselves (no moment); the papers read their
    history. After edits and a withdrawal the two agree on every quarter."""
    recover_in_december(progress[0], editor)
    started = ProgressUpdate.objects.get(objective=progress[1])
    progress_update_withdraw(update=started, editor=editor, reason="Wrong objective.")
    for scope in (theme, None):
        live = status_over_time(mandate=mandate, theme=scope, periods=quarters, moment=None)
        recorded = status_over_time(
            mandate=mandate, theme=scope, periods=quarters, moment=timezone.now()
        )
        assert [dict(p.counts.counts) for p in live] == [dict(p.counts.counts) for p in recorded]
    assert counts_at(live, datetime.date(2021, 12, 31)).get("not_started") is None


def test_a_whole_mandate_counts_every_theme(
    mandate: Mandate, quarters: list[ReportingPeriod], progress: list[Objective]
) -> None:
    points = status_over_time(mandate=mandate, theme=None, periods=quarters, moment=timezone.now())
    assert all(p.counts.total == mandate.objectives.count() for p in points)


@pytest.mark.parametrize("recorded", [True, False], ids=["as recorded", "as it stands"])
def test_its_queries_do_not_grow_with_objectives_updates_or_quarters(
    mandate: Mandate, theme: Theme, updater: User, django_assert_num_queries, recorded: bool
) -> None:
    def trend_queries() -> None:
        periods = ended_quarters(mandate, timezone.localdate())  # 1
        moment = timezone.now() if recorded else None
        status_over_time(mandate=mandate, theme=theme, periods=periods, moment=moment)  # 2

    with django_assert_num_queries(2):
        trend_queries()
    for objective in add_objectives(theme, 30):
        for month, day in ((6, 30), (9, 30), (12, 31)):
            record_progress(
                objective, updater, datetime.date(2021, month, day), Status.ON_TRACK, 10
            )
    last = ReportingPeriod.objects.filter(mandate=mandate).order_by("-start").first()
    ReportingPeriod.objects.create(
        mandate=mandate,
        start=last.end + datetime.timedelta(days=1),
        end=last.end + datetime.timedelta(days=91),
        due=last.end + datetime.timedelta(days=105),
    )
    with django_assert_num_queries(2):
        trend_queries()


def test_the_theme_page_draws_the_chart_with_its_table(
    client: Client, viewer: User, theme: Theme, progress: list[Objective]
) -> None:
    client.force_login(viewer)
    response = client.get(theme.get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.select_one(".app-status-trend")
    assert section.h2.get_text() == "Status over time"
    bars = section.select("svg.app-status-trend__chart text")
    assert [t.get_text() for t in bars][:3] == [
        "30 June 2021",
        "30 September 2021",
        "31 December 2021",
    ]
    row = section.select_one('tr[data-quarter-end="2021-12-31"]')
    cells = [td.get_text() for td in row.select("td")]
    headers = [th.get_text(strip=True) for th in section.select("thead th")][1:]
    assert dict(zip(headers, cells, strict=True))["At risk"] == "1"
    assert section.select_one('rect[data-status="at_risk"] title').get_text() == "At risk: 1"


def test_the_chart_tells_statuses_apart_by_their_patterns_as_the_status_bar_does(
    client: Client, viewer: User, theme: Theme, progress: list[Objective]
) -> None:
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(theme.get_absolute_url()).content, "html.parser")
    section = soup.select_one(".app-status-trend")
    patterns = {p["id"] for p in soup.select(".app-status-patterns pattern")}
    segments = section.select("svg.app-status-trend__chart rect[data-status]")
    assert {s["data-status"] for s in segments} >= {"at_risk", "on_track", "no_update"}
    for segment in segments:
        pattern = segment["fill"].removeprefix("url(#").split(")")[0]
        assert pattern in patterns, segment["fill"]
    fills = {s["data-status"]: s["fill"] for s in segments}
    assert len(set(fills.values())) == len(fills), "each status a fill of its own"
    no_update = section.select_one('svg.app-status-trend__chart rect[data-status="no_update"]')
    assert no_update.get("stroke"), "'No update yet' is outlined, apart from the empty bar"
    # The table's headers are the key: each status's swatch, with the bars' fill.
    swatches = {
        th["data-status"]: th.select_one("svg rect")["fill"]
        for th in section.select("thead th[data-status]")
    }
    assert len(swatches) == len(set(swatches.values())) == 6
    assert {status: swatches[status] for status in fills} == fills
