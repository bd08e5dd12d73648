"""The loader keeps the rules on dates (objectives.dates) as the pages do: a published
figure dated in the future is refused, naming the file and the line; one from before its
mandate (a baseline) is loaded; a progress update is never loaded from a file."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from mandates.fixture_loader import FixtureError, load_fixtures
from objectives.models import Measurement, ProgressUpdate

pytestmark = pytest.mark.usefixtures("mandates")


def figure(measured_on: datetime.date) -> dict[str, object]:
    return {
        "model": "objectives.measurement",
        "fields": {
            "target": ["hee-2021-22", "3", "nurses-2024"],
            "measured_on": measured_on.isoformat(),
            "value": "1000",
            "publisher": "NHS Digital",
            "source_url": "https://example.org/workforce-statistics",
            "note": "Made for a test.",
        },
    }


def write(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "figures.json"
    path.write_text("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]", encoding="utf-8")
    return path


def test_a_figure_dated_in_the_future_is_refused_naming_the_file(tmp_path: Path) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    path = write(tmp_path, figure(datetime.date(2016, 6, 30)), figure(tomorrow))
    figures = Measurement.objects.count()
    with pytest.raises(FixtureError) as refused:
        load_fixtures([path])
    assert str(refused.value).startswith("figures.json, line 3 (objectives.measurement): ")
    assert "measured_on: The date of the figure cannot be in the future." in str(refused.value)
    assert Measurement.objects.count() == figures  # the first figure too: nothing changed


def test_a_figure_from_before_its_mandate_is_loaded_as_a_baseline(tmp_path: Path) -> None:
    load_fixtures([write(tmp_path, figure(datetime.date(2016, 6, 30)))])
    assert Measurement.objects.filter(measured_on=datetime.date(2016, 6, 30)).exists()


def test_a_progress_update_in_a_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    update = {
        "model": "objectives.progressupdate",
        "fields": {"objective": ["hee-2021-22", "3"], "as_of": "2030-01-01"},
    }
    with pytest.raises(FixtureError, match=r"^figures\.json, line 2 .*cannot be loaded"):
        load_fixtures([write(tmp_path, update)])
    assert not ProgressUpdate.objects.exists()
