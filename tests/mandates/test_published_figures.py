"""The published progress figures (shared/reference/mandates.md): loaded from a fixture of
their own, each with its publisher, page and date, and shown as theirs."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from mandates.fixture_loader import FixtureError, load_fixtures
from objectives.charts import trajectory_chart
from objectives.models import Measurement, Target

pytestmark = pytest.mark.usefixtures("mandates")

GP_TRAINING = "/mandates/hee-2021-22/objectives/4/"
NURSES = "/mandates/hee-2021-22/objectives/3/"

# year: (accepted, that year's target, a word of the page the figure is from)
ACCEPTANCES = {
    2016: (2989, 3250, "hsj.co.uk"),
    2018: (3473, 3250, "thecareforum.org"),
    2019: (3540, None, "managementinpractice.com"),
    2020: (3793, 3500, "gponline.com"),
    2021: (4000, 4000, "gponline.com"),
    2022: (4032, 4000, "hfma.org.uk"),
}


def test_gp_training_acceptances_are_held_by_year_each_with_its_page() -> None:
    target = Target.objects.get(code="gp-training-places")
    figures = {m.measured_on.year: m for m in target.measurements.all()}
    assert sorted(figures) == sorted(ACCEPTANCES)
    for year, (accepted, _, page) in ACCEPTANCES.items():
        figure = figures[year]
        assert figure.value == Decimal(accepted)
        assert (figure.measured_on, figure.measured_precision) == (
            datetime.date(year, 1, 1),
            "year",
        )
        assert page in figure.source_url and figure.publisher
        assert figure.recorded_by is None and figure.is_published
    assert figures[2020].published_on == datetime.date(2021, 11, 16)
    assert figures[2022].published_on == datetime.date(2022, 11, 23)
    assert figures[2016].published_on is None  # the page gives no date: none is invented


def test_the_target_steps_up_year_by_year_as_published() -> None:
    target = Target.objects.get(code="gp-training-places")
    steps = {step.year: step.value for step in target.steps.all()}
    expected = {year: Decimal(t) for year, (_, t, _) in ACCEPTANCES.items() if t is not None}
    assert steps == expected
    assert all(step.source_url.startswith("http") for step in target.steps.all())


def test_nurses_are_counted_from_the_september_2019_baseline() -> None:
    target = Target.objects.get(code="nurses-2025")
    assert (target.baseline_value, target.baseline_date, target.baseline_precision) == (
        Decimal(0),
        datetime.date(2019, 9, 1),
        "month",
    )
    assert "300,904" in target.source_note
    figures = [
        (m.measured_on, m.measured_precision, m.value, m.source_url)
        for m in target.measurements.order_by("measured_on")
    ]
    assert [(on, precision, value) for on, precision, value, _ in figures] == [
        (datetime.date(2021, 12, 1), "month", Decimal(27003)),
        (datetime.date(2022, 8, 1), "month", Decimal(29453)),
        (datetime.date(2023, 9, 1), "month", Decimal(51245)),
    ]
    assert [
        next(
            word
            for word in ("healthbusinessuk.net", "question/74831", "wired-gov.net")
            if word in url
        )
        for *_, url in figures
    ] == ["healthbusinessuk.net", "question/74831", "wired-gov.net"]
    december = target.measurements.get(measured_on=datetime.date(2021, 12, 1))
    assert "327,907" in december.note and "our subtraction" in december.note


def test_the_objective_page_shows_them_as_published_with_their_pages(
    client: Client, viewer: User
) -> None:
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(GP_TRAINING).content, "html.parser")
    rows = soup.select("table.app-figures tbody tr")
    assert [row.select("td")[0].text for row in rows] == [str(y) for y in sorted(ACCEPTANCES)]
    assert all("Published figure" in row.text for row in rows)
    links = [row.select_one("a")["href"] for row in rows]
    assert all(page in link for link, (_, _, page) in zip(links, ACCEPTANCES.values(), strict=True))
    steps = soup.select("svg.app-chart--wide .app-chart__steps line")
    assert steps[0].title.text == "2016: 3,250 GP training places"
    assert len(steps) == 5


def test_a_month_figure_is_said_as_a_month_never_an_invented_day(
    client: Client, viewer: User
) -> None:
    client.force_login(viewer)
    soup = BeautifulSoup(client.get(NURSES).content, "html.parser")
    text = soup.select_one("table.app-figures").text
    assert "December 2021" in text and "September 2023" in text
    assert "31 Dec 2021" not in soup.text and "1 Dec 2021" not in soup.text


def test_a_chart_whose_axis_does_not_start_at_zero_marks_its_break() -> None:
    target = Target(
        description="Nurses in post",
        value=Decimal(352000),
        unit="nurses",
        baseline_value=Decimal(300904),
        baseline_date=datetime.date(2019, 9, 1),
        baseline_precision="month",
        deadline=datetime.date(2024, 1, 1),
        deadline_precision="year",
    )
    figure = Measurement(
        measured_on=datetime.date(2021, 12, 1), measured_precision="month", value=327907
    )
    chart = trajectory_chart(target, [figure])
    assert chart is not None and chart.axis_break is not None
    assert "The value axis starts at" in chart.description
    nurses = Target.objects.get(code="nurses-2025")
    from_zero = trajectory_chart(nurses, nurses.measurements.all())
    assert from_zero is not None and from_zero.axis_break is None
    training = Target.objects.get(code="gp-training-places")  # 2,989 to 4,032 a year
    broken = trajectory_chart(training, training.measurements.all(), training.steps.all())
    assert broken is not None and broken.axis_break is not None


def test_the_loader_takes_only_published_figures(tmp_path: Path) -> None:
    own = tmp_path / "own.json"
    own.write_text(
        json.dumps(
            [
                {
                    "model": "objectives.measurement",
                    "fields": {
                        "target": ["hee-2021-22", "3", "nurses-2025"],
                        "measured_on": "2022-01-01",
                        "value": "1",
                    },
                }
            ]
        )
    )
    with pytest.raises(FixtureError, match=r"own.json, line 1 .*published one"):
        load_fixtures([own])
