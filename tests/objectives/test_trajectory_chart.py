from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup, Tag
from django.contrib.auth.models import User
from django.test import Client

from objectives.charts import trajectory_chart
from objectives.models import Measurement, Objective, Target
from objectives.services import measurement_record

URL = "/mandates/hee-2021-22/objectives/3/"
# Against a line from 0 on 1 April 2021 to 50,000 on 31 December 2024: 10,000 expected
# at the end of 2021, 16,606 in mid-2022 and 23,321 at the end of 2022.
FIGURES = [
    ("2021-12-31", "5000", "Quarterly workforce statistics"),
    ("2022-06-30", "12000", ""),
    ("2022-12-31", "20000", "NHS Digital, December 2022"),
]

pytestmark = pytest.mark.usefixtures("without_published_figures")


@pytest.fixture
def by_2024(nurses: Objective, updater: User) -> Target:
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    target.baseline_value = Decimal(0)
    target.baseline_date = datetime.date(2021, 4, 1)
    target.baseline_precision = "day"
    target.save()
    # Recorded out of order: the chart and the table put them in date order.
    for on, value, note in reversed(FIGURES):
        measurement_record(
            target=target,
            recorded_by=updater,
            measured_on=datetime.date.fromisoformat(on),
            value=Decimal(value),
            note=note,
        )
    return target


def section(client: Client, user: User, target: Target, url: str = URL) -> Tag:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    found = BeautifulSoup(response.content, "html.parser").select_one(f"#target-{target.pk}")
    assert found is not None, "no section for the target"
    return found


def test_the_chart_says_in_words_what_it_shows(
    client: Client, viewer: User, by_2024: Target
) -> None:
    svg = section(client, viewer, by_2024).select_one("svg.app-chart--wide")
    assert svg is not None
    assert svg["role"] == "img"
    assert svg["aria-label"] == "20,000 more nurses on 31 Dec 2022 against 23,321 expected: at risk"
    assert (
        svg.title.text
        == "50,000 more nurses by 2024 (HEE's own date): figures against the trajectory"
    )
    desc = svg.desc.text
    assert "The trajectory runs from 0 more nurses on 1 Apr 2021 to 50,000 by 2024." in desc
    assert "3 figures recorded, from 31 Dec 2021 to 31 Dec 2022." in desc
    assert svg["viewbox"] == "0 0 640 320"  # html.parser lower-cases attribute names
    assert svg["width"] == "100%"
    assert not svg.find_all(style=True), "inline styles would be blocked by the CSP"


def test_the_chart_draws_the_figures_against_the_trajectory(
    client: Client, viewer: User, by_2024: Target
) -> None:
    svg = section(client, viewer, by_2024).select_one("svg.app-chart--wide")
    points = [tuple(map(float, p.split(","))) for p in svg.polyline["points"].split()]
    assert len(points) == 3
    xs, ys = [x for x, _ in points], [y for _, y in points]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert ys == sorted(ys, reverse=True), "rising figures are drawn higher up"
    assert [(float(c["cx"]), float(c["cy"])) for c in svg.select("circle")] == points
    assert [c.title.text for c in svg.select("circle")] == [
        "5,000 more nurses on 31 Dec 2021",
        "12,000 more nurses on 30 Jun 2022",
        "20,000 more nurses on 31 Dec 2022",
    ]

    line = svg.select_one("line.app-chart__trajectory")
    assert line["stroke-dasharray"]
    y_axis = svg.select("g.app-chart__axes line")[1]
    # The baseline is the earliest date, so the line starts on the value axis, at 0...
    assert float(line["x1"]) == float(y_axis["x1"]) < xs[0]
    labels = [t.text for t in svg.select("g.app-chart__value-labels text")]
    grid = [float(g["y1"]) for g in svg.select("g.app-chart__grid line")]
    value_ticks = dict(zip(labels, grid, strict=True))
    assert list(value_ticks) == ["0", "10,000", "20,000", "30,000", "40,000", "50,000"]
    assert float(line["y1"]) == value_ticks["0"]
    # ...and ends at the deadline, the last date, on the target value's line.
    target_line = svg.select_one("line.app-chart__target")
    assert float(line["x2"]) == float(target_line["x2"])
    assert float(line["y2"]) == float(target_line["y1"]) == value_ticks["50,000"]
    assert "Target: 50,000 more nurses by 2024" in svg.text
    assert [t.text for t in svg.select("g.app-chart__date-labels text")] == [
        "2022",
        "2023",
        "2024",
    ]


def test_the_figures_table_gives_each_figure_against_the_expected_one(
    client: Client, viewer: User, by_2024: Target
) -> None:
    table = section(client, viewer, by_2024).select_one(".table-container table.nhsuk-table")
    assert [th.text.strip() for th in table.select("thead th")] == [
        "Date",
        "Actual",
        "Expected on that date",
        "% of expected progress",
        "Source",
    ]
    rows = [[td.text.strip() for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows == [
        ["31 Dec 2021", "5,000", "10,000", "50%", "Quarterly workforce statistics"],
        ["30 Jun 2022", "12,000", "16,606", "72.2%", ""],
        ["31 Dec 2022", "20,000", "23,321", "85.7%", "NHS Digital, December 2022"],
    ]


def test_the_suggested_status_is_shown_with_its_reason(
    client: Client, viewer: User, by_2024: Target
) -> None:
    found = section(client, viewer, by_2024)
    suggestion = found.select_one(".app-target__suggestion")
    assert suggestion.select_one("strong.nhsuk-tag--yellow").text == "At risk"
    assert "is 85.7% of the progress expected since the baseline" in found.text
    assert "On track from 95%, at risk from 85%." in found.text


def test_a_target_without_a_baseline_or_figures_says_so_and_draws_nothing(
    client: Client, viewer: User
) -> None:
    staff = Target.objects.get(code="primary-community-staff-2020")
    found = section(client, viewer, staff, "/mandates/hee-2017-18/objectives/1.2/")
    assert found.select_one("svg.app-chart") is None
    assert found.select_one(".app-target__suggestion") is None
    assert "No figures have been recorded against this target yet" in found.text


def test_figures_without_a_trajectory_are_drawn_alone(nurses: Objective, updater: User) -> None:
    by_2025 = Target.objects.get(objective=nurses, code="nurses-2025")
    by_2025.baseline_value = by_2025.baseline_date = None  # in hand only: no trajectory
    measurement = Measurement(measured_on=datetime.date(2022, 3, 31), value=Decimal("7000"))
    chart = trajectory_chart(by_2025, [measurement])
    assert chart is not None
    assert chart.trajectory is None and chart.suggestion is None
    assert len(chart.series) == 1
    assert chart.label == "7,000 more nurses on 31 Mar 2022; no trajectory to compare it with"
    assert [(row.actual, row.expected, row.percent) for row in chart.figures] == [("7,000", "", "")]
    assert trajectory_chart(by_2025, []) is None


def test_only_those_who_may_record_figures_see_the_link(
    client: Client, viewer: User, updater: User, by_2024: Target
) -> None:
    href = f"/targets/{by_2024.pk}/measurements/record/"
    assert section(client, viewer, by_2024).find("a", href=href) is None
    link = section(client, updater, by_2024).find("a", href=href)
    assert link is not None
    assert link.text == "Record a figure for 50,000 more nurses by 2024 (HEE's own date)"


def test_the_chart_is_drawn_again_narrow_for_a_phone(
    client: Client, viewer: User, by_2024: Target
) -> None:
    found = section(client, viewer, by_2024)
    wide, narrow = (
        found.select_one("svg.app-chart--wide"),
        found.select_one("svg.app-chart--narrow"),
    )
    assert narrow["viewbox"] == "0 0 320 260"  # about a phone's width in CSS pixels
    assert narrow["aria-label"] == wide["aria-label"]
    # The same figures, with fewer dates marked so that they fit side by side.
    assert len(narrow.select("circle")) == len(wide.select("circle")) == 3
    assert len(narrow.select("g.app-chart__date-labels text")) <= 3
    axis = narrow.select("g.app-chart__axes line")[0]
    assert float(axis["x2"]) == 320 - 12
