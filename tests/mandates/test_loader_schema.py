"""The loader checks every record against the schema (mandates.fixture_schema) before it
saves anything: each refusal names the file, the line of the record, the model and the
field, and leaves the database as it was."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from mandates.fixture_loader import FixtureError, load_fixtures, loadable
from mandates.fixture_schema import schema_for
from mandates.models import Mandate, ReportingPeriod, Theme
from tests.conftest import FIXTURE_FILES

pytestmark = pytest.mark.django_db

MANDATE = {
    "model": "mandates.mandate",
    "fields": {
        "slug": "hee-2030-31",
        "title": "A mandate made for a test",
        "issuer": "Department of Health and Social Care",
        "period_start": "2030-04-01",
        "period_end": "2031-03-31",
        "source_url": "https://example.org/mandate",
    },
}
THEME = {
    "model": "mandates.theme",
    "fields": {"mandate": ["hee-2030-31"], "number": 1, "title": "Workforce"},
}
OBJECTIVE = {
    "model": "objectives.objective",
    "fields": {
        "mandate": ["hee-2030-31"],
        "theme": ["hee-2030-31", 1],
        "reference": "1",
        "title": "More nurses",
        "text": "To train more nurses.",
        "provenance": "published",
        "source_note": "The mandate, page 3.",
    },
}
TARGET = {
    "model": "objectives.target",
    "fields": {
        "objective": ["hee-2030-31", "1"],
        "code": "nurses-2031",
        "description": "More nurses",
        "value": "5000",
        "unit": "nurses",
        "source_note": "The mandate, page 3.",
    },
}


def changed(record: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**record, "fields": {**record["fields"], **fields}}


def without(record: dict[str, Any], name: str) -> dict[str, Any]:
    return {**record, "fields": {k: v for k, v in record["fields"].items() if k != name}}


def write(tmp_path: Path, *records: object, name: str = "mandate.json") -> Path:
    """One record a line, from line 2: the last of them is on line len(records) + 1."""
    path = tmp_path / name
    path.write_text("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]", encoding="utf-8")
    return path


def refusal(*paths: Path) -> str:
    with pytest.raises(FixtureError) as refused:
        load_fixtures(list(paths))
    assert Mandate.objects.count() == 0  # nothing was saved, the good records neither
    return str(refused.value)


def assert_names(message: str, line: int, model: str, field: str) -> None:
    assert message.startswith(f"mandate.json, line {line} ({model}): {field}: "), message


def test_an_unknown_field_is_refused(tmp_path: Path) -> None:
    message = refusal(write(tmp_path, MANDATE, changed(THEME, colour="red")))
    assert_names(message, 3, "mandates.theme", "colour")
    assert "mandates.theme has no field 'colour'" in message


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (changed(OBJECTIVE, latest_status="on_track"), "latest_status"),
        (changed(OBJECTIVE, latest_as_of="2030-06-30"), "latest_as_of"),
        (changed(TARGET, id=7), "id"),
    ],
)
def test_a_derived_field_is_refused_by_name(
    tmp_path: Path, record: dict[str, Any], field: str
) -> None:
    message = refusal(write(tmp_path, MANDATE, THEME, record))
    assert_names(message, 4, record["model"], field)
    assert "cannot be loaded" in message


def test_a_figures_recorder_is_refused_by_name(tmp_path: Path) -> None:
    figure = {
        "model": "objectives.measurement",
        "fields": {"target": ["hee-2030-31", "1", "nurses-2031"], "recorded_by": ["editor"]},
    }
    message = refusal(write(tmp_path, MANDATE, figure))
    assert_names(message, 3, "objectives.measurement", "recorded_by")
    assert "recorded by no one" in message


def test_the_schema_refuses_every_field_the_app_derives() -> None:
    for model in loadable().values():
        schema = schema_for(model)
        for field in model._meta.concrete_fields:
            assert field.editable or field.name in schema.refused, field
    objective = schema_for(loadable()["objectives.objective"])
    assert {"latest_update", "latest_status", "latest_percent", "latest_as_of"} <= set(
        objective.refused
    )


def test_a_missing_required_field_is_refused(tmp_path: Path) -> None:
    message = refusal(write(tmp_path, without(MANDATE, "period_end")))
    assert_names(message, 2, "mandates.mandate", "period_end")
    assert "required, and missing" in message


@pytest.mark.parametrize(
    ("record", "field", "words"),
    [
        (changed(MANDATE, title=5), "title", "give a string, not 5"),
        (changed(OBJECTIVE, theme_inferred="yes"), "theme_inferred", "true or false"),
        (changed(THEME, number="1"), "number", "a whole number"),
        (changed(MANDATE, period_start="1 April 2030"), "period_start", "ISO date"),
        (changed(MANDATE, period_start="2030-02-30"), "period_start", "is not a date"),
        (changed(TARGET, value=True), "value", "a decimal number"),
        (changed(TARGET, objective="hee-2030-31"), "objective", "as a list"),
        (changed(MANDATE, title=None), "title", "may not be null"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(
    tmp_path: Path, record: dict[str, Any], field: str, words: str
) -> None:
    message = refusal(write(tmp_path, MANDATE, record))
    assert_names(message, 3, record["model"], field)
    assert words in message


def test_a_nul_character_in_a_string_is_refused(tmp_path: Path) -> None:
    message = refusal(write(tmp_path, MANDATE, changed(OBJECTIVE, text="To train\x00 nurses.")))
    assert_names(message, 3, "objectives.objective", "text")
    assert "NUL character" in message


def test_a_string_over_its_max_length_is_refused(tmp_path: Path) -> None:
    message = refusal(write(tmp_path, changed(MANDATE, slug="x" * 41)))
    assert_names(message, 2, "mandates.mandate", "slug")
    assert "41 characters long; at most 40" in message


def test_a_decimal_with_too_many_digits_is_refused(tmp_path: Path) -> None:
    record = changed(TARGET, value="99999999999999999.99")
    message = refusal(write(tmp_path, MANDATE, THEME, OBJECTIVE, record))
    assert_names(message, 5, "objectives.target", "value")
    assert "no more than 16 digits" in message


@pytest.mark.parametrize("number", [-1, 32768])
def test_a_whole_number_outside_its_fields_range_is_refused(tmp_path: Path, number: int) -> None:
    message = refusal(write(tmp_path, MANDATE, changed(THEME, number=number)))
    assert_names(message, 3, "mandates.theme", "number")
    assert "outside 0..32767" in message


@pytest.mark.parametrize(
    ("field", "day"),
    [("period_end", "9999-12-31"), ("period_end", "0001-01-01"), ("period_start", "0001-01-01")],
)
def test_a_mandate_period_far_outside_the_years_is_refused(
    tmp_path: Path, field: str, day: str
) -> None:
    # Before the schema, 9999-12-31 failed counting the quarters (year 10000 is out of
    # range) with a traceback, and 0001-01-01 made eight thousand quarters.
    path = write(tmp_path, changed(MANDATE, **{field: day}))
    message = refusal(path)
    assert_names(message, 2, "mandates.mandate", field)
    assert f"{day} is outside the years 2000 to 2100" in message
    with pytest.raises(CommandError, match=rf"line 2 .*{field}: .*Nothing was changed\.$"):
        call_command("load_mandate", str(path), stdout=StringIO())
    assert not ReportingPeriod.objects.exists()


def test_an_error_in_the_second_file_leaves_the_first_files_records_unloaded(
    tmp_path: Path,
) -> None:
    bad = write(tmp_path, MANDATE, changed(THEME, title="x" * 201))
    message = refusal(FIXTURE_FILES[0], bad)
    assert_names(message, 3, "mandates.theme", "title")
    assert Theme.objects.count() == 0


def test_the_records_made_for_these_tests_load_as_they_are(tmp_path: Path) -> None:
    # So that each refusal above is the one change made to a good record.
    load_fixtures([write(tmp_path, MANDATE, THEME, OBJECTIVE, TARGET)])
    assert Mandate.objects.get(slug="hee-2030-31").themes.count() == 1
