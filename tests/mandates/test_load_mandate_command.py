"""manage.py load_mandate: loads, refreshes and reports; a bad file changes nothing."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from mandates.models import Mandate, Theme
from objectives.models import Objective
from tests.conftest import FIXTURE_FILES

pytestmark = pytest.mark.django_db


def run(*paths: Path) -> str:
    out = StringIO()
    call_command("load_mandate", *map(str, paths), stdout=out)
    return out.getvalue()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mandate.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_reports_what_it_created_then_what_it_left_alone() -> None:
    first = run(*FIXTURE_FILES)
    assert (
        "created 79 (2 mandate, 10 measurement, 37 objective, 7 objective link, 6 target, "
        "5 target step, 12 theme)"
    ) in first
    assert "updated 0" in first

    second = run(*FIXTURE_FILES)
    assert "created 0; updated 0; left alone 79" in second


def test_it_updates_a_changed_record_and_says_so(tmp_path: Path) -> None:
    run(FIXTURE_FILES[0])
    records = json.loads(FIXTURE_FILES[0].read_text(encoding="utf-8"))
    records[0]["fields"]["summary"] = "A corrected summary."
    output = run(write(tmp_path, json.dumps(records)))

    assert "updated 1 (1 mandate)" in output
    mandate = Mandate.objects.get(slug="hee-2017-18")
    assert mandate.summary == "A corrected summary."
    assert mandate.history.first().history_change_reason == "Loaded from mandate.json"


def test_malformed_json_names_the_line_and_changes_nothing(tmp_path: Path) -> None:
    text = FIXTURE_FILES[0].read_text(encoding="utf-8")
    broken = text.replace('"number": 4,', '"number": 4', 1)  # a missing comma
    line = text[: text.index('"number": 4,')].count("\n") + 1
    with pytest.raises(
        CommandError, match=rf"mandate.json, line {line + 1}, column \d+: .*Nothing was changed"
    ):
        run(write(tmp_path, broken))
    assert Mandate.objects.count() == 0


def test_a_bad_record_late_in_the_file_rolls_back_the_records_before_it(tmp_path: Path) -> None:
    records = json.loads(FIXTURE_FILES[0].read_text(encoding="utf-8"))
    records[-1]["fields"]["value"] = "a lot"
    text = json.dumps(records, indent=2)
    last_record_line = text[: text.rindex('{\n    "model"')].count("\n") + 1
    with pytest.raises(
        CommandError, match=rf"line {last_record_line} \(objectives.target\): value: .*decimal"
    ):
        run(write(tmp_path, text))
    assert Mandate.objects.count() == Theme.objects.count() == Objective.objects.count() == 0


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"model": "objectives.progressupdate", "fields": {}}, "cannot be loaded"),
        (
            {
                "model": "mandates.theme",
                "fields": {"mandate": ["hee-1999-00"], "number": 1, "title": "x"},
            },
            "nothing has the natural key",
        ),
        ({"model": "mandates.mandate", "pk": 1, "fields": {"slug": "x"}}, "natural key"),
        ({"model": "mandates.mandate", "fields": {"colour": "red"}}, "no field 'colour'"),
        ({"model": "mandates.theme", "fields": {"mandate": "hee-2017-18"}}, "as a list"),
        ("just a string", '"model" and "fields"'),
    ],
)
def test_it_names_what_is_wrong_with_a_record(tmp_path: Path, record: object, message: str) -> None:
    with pytest.raises(CommandError, match=rf"line 2 .*{message}"):
        run(write(tmp_path, "[\n" + json.dumps(record) + "\n]"))


def test_a_record_that_breaks_a_rule_is_refused_by_validation(tmp_path: Path) -> None:
    run(FIXTURE_FILES[0])
    duplicate_theme = {
        "model": "mandates.theme",
        "fields": {"mandate": ["hee-2017-18"], "number": 0, "title": "Zero"},
    }
    with pytest.raises(CommandError, match="theme_number_positive"):
        run(write(tmp_path, json.dumps([duplicate_theme])))


def test_a_file_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"line 1: a fixture file is a JSON list"):
        run(write(tmp_path, '{"model": "mandates.mandate"}'))
