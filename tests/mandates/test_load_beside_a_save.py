"""A load of the fixtures beside someone saving progress on an objective the load changes:
both finish, and the load writes only the fields its records change, so the save's latest
update survives (mandates.fixture_loader). PostgreSQL only: on SQLite a write transaction
holds the whole database, so the two cannot overlap."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from mandates.fixture_loader import load_fixtures
from objectives.models import Objective
from tests.conftest import FIXTURE_FILES

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks: PostgreSQL only (see above)"
    ),
]


def with_nurses_retitled(tmp_path: Path) -> list[Path]:
    """2021-22 with its first theme and the nurses objective retitled: the load writes the
    theme before it comes to the objective."""
    records = json.loads(FIXTURE_FILES[1].read_text(encoding="utf-8"))
    for record in records:
        fields = record["fields"]
        if record["model"] == "mandates.theme" and fields["number"] == 1:
            fields["title"] = "Theme retitled by the load"
        if record["model"] == "objectives.objective" and fields["reference"] == "3":
            fields["title"] = "Retitled by the load"
    changed = tmp_path / FIXTURE_FILES[1].name
    changed.write_text(json.dumps(records), encoding="utf-8")
    return [FIXTURE_FILES[0], changed, FIXTURE_FILES[2]]


def test_a_load_waits_for_a_save_on_an_objective_it_changes(tmp_path: Path) -> None:
    load_fixtures(FIXTURE_FILES)
    nurses = Objective.objects.get(mandate__slug="hee-2021-22", reference="3")
    files = with_nurses_retitled(tmp_path)
    locked = threading.Event()
    failures: list[Exception] = []

    def save() -> None:
        # As objectives.services records progress: lock the objective, then write it.
        try:
            with transaction.atomic():
                list(Objective.objects.select_for_update().filter(pk=nurses.pk))
                locked.set()
                time.sleep(1)  # the load starts meanwhile
                Objective.objects.filter(pk=nurses.pk).update(latest_percent=50)
        except Exception as error:  # reported by the test below
            failures.append(error)
        finally:
            connection.close()

    saver = threading.Thread(target=save)
    saver.start()
    assert locked.wait(10)
    report = load_fixtures(files)
    saver.join(30)

    assert failures == []
    assert report.updated == {"objective": 1, "theme": 1}
    nurses.refresh_from_db()
    assert (nurses.title, nurses.latest_percent) == ("Retitled by the load", 50)
