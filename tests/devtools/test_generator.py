"""The data generator (devtools.generator, manage.py generate_data), small: it makes what
it says, every update has its history version, the read paths see the data, and it never
changes what exists. It writes rows without the ORM (COPY on PostgreSQL, executemany on
SQLite), so these tests run on both databases: `make test` runs them on each."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from devtools.generator import GeneratorError, generate
from devtools.generator.rows import RowWriter
from mandates.models import Mandate, ReportingPeriod, Theme
from mandates.quarters import quarters
from objectives.models import Objective, ProgressUpdate
from summaries.summary import build_summary

pytestmark = pytest.mark.django_db
History = ProgressUpdate.history.model


def small(**overrides: int) -> dict[str, int]:
    return {"mandates": 2, "themes": 2, "objectives": 10, "updates": 6, "seed": 7} | overrides


def test_it_makes_what_it_says_and_reports_it() -> None:
    report = generate(**small())
    assert (report.mandates, report.themes, report.objectives) == (2, 4, 40)
    assert (report.updates, report.history_rows) == (240, 240)
    assert sorted(Mandate.objects.values_list("slug", flat=True)) == ["gen-1", "gen-2"]
    assert Theme.objects.count() == 4
    assert Objective.objects.count() == 40
    assert ProgressUpdate.objects.count() == 240
    for objective in Objective.objects.all():
        assert objective.updates.count() == 6
    for mandate in Mandate.objects.all():
        assert mandate.periods.count() == len(quarters(mandate))
    assert report.periods == ReportingPeriod.objects.count()
    assert "240 progress updates with 240 history rows" in report.summary()


def test_every_update_has_its_first_version_dated_when_it_was_recorded() -> None:
    generate(**small())
    updates = {u.pk: u for u in ProgressUpdate.objects.all()}
    versions = list(History.objects.all())
    assert len(versions) == len(updates)
    assert {v.id for v in versions} == set(updates)
    for version in versions:
        update = updates[version.id]
        assert version.history_type == "+"
        assert version.history_change_reason == "Generated"
        assert version.history_date == update.recorded_at
        assert version.history_user_id == update.author_id
        assert (version.status, version.percent_complete, version.as_of, version.narrative) == (
            update.status,
            update.percent_complete,
            update.as_of,
            update.narrative,
        )


def test_the_latest_update_annotation_finds_each_objectives_latest() -> None:
    generate(**small())
    for objective in Objective.objects.all():
        latest = max(objective.updates.all(), key=lambda u: (u.as_of, u.recorded_at, u.pk))
        assert objective.latest_update_id == latest.pk  # type: ignore[attr-defined]
        assert objective.latest_status == latest.status  # type: ignore[attr-defined]


def test_a_summary_read_from_the_history_agrees_with_the_pages() -> None:
    generate(**small())
    mandate = Mandate.objects.get(slug="gen-1")
    summary = build_summary(
        mandate=mandate,
        theme=None,
        as_at=timezone.localdate(),
        recorded_by=timezone.now(),
        produced_by="Test",
        produced_at=timezone.now(),
    )
    on_pages = {
        o.reference: (o.latest_status, o.latest_percent)  # type: ignore[attr-defined]
        for o in Objective.objects.filter(mandate=mandate)
    }
    in_summary = {
        line.reference: (line.status, line.percent) for t in summary.themes for line in t.lines
    }
    assert in_summary == on_pages
    assert None not in {status for status, _ in in_summary.values()}


def test_its_data_looks_like_real_reporting() -> None:
    generate(**small(mandates=1, themes=4, objectives=25, updates=8))
    updates = list(ProgressUpdate.objects.all())
    statuses = Counter(u.status for u in updates)
    # A mix of statuses, progress that never goes backwards, and rules the database keeps.
    assert len(statuses) == len(ProgressUpdate.Status)
    assert all(u.percent_complete == 100 for u in updates if u.status == "complete")
    for objective in Objective.objects.all():
        percents = [u.percent_complete for u in objective.updates.order_by("as_of", "pk")]
        assert percents == sorted(percents)
    # Most objectives reported recently; some are overdue, as in real life.
    overdue = Objective.objects.overdue(timezone.localdate()).count()
    assert 0 < overdue < Objective.objects.count() / 2
    assert all(u.recorded_at <= timezone.now() for u in updates)
    assert Objective.objects.filter(owner__isnull=False).exists()


def test_the_same_seed_makes_the_same_data() -> None:
    def made() -> list[tuple[object, ...]]:
        return list(
            ProgressUpdate.objects.order_by(
                "objective__reference", "as_of", "recorded_at"
            ).values_list(
                "objective__reference", "as_of", "status", "percent_complete", "narrative"
            )
        )

    with transaction.atomic():
        generate(**small(mandates=1))
        first = made()
        transaction.set_rollback(True)
    assert not Mandate.objects.exists()
    generate(**small(mandates=1))
    assert made() == first


def test_each_mandate_is_a_year_the_first_this_one() -> None:
    generate(**small(mandates=3))
    today = timezone.localdate()
    for n, mandate in enumerate(Mandate.objects.order_by("-period_start"), start=1):
        assert mandate.slug == f"gen-{n}"
        assert (mandate.period_end - mandate.period_start).days in (364, 365)
        assert mandate.period_start.month == 4
        assert mandate.objectives.filter(updates__as_of__gt=mandate.period_end).count() == 0
        assert mandate.objectives.filter(updates__as_of__lt=mandate.period_start).count() == 0
    assert Mandate.objects.get(slug="gen-1").period_start <= today


def test_it_refuses_to_make_a_mandate_that_exists_and_changes_nothing() -> None:
    generate(**small(mandates=1))
    before = (Mandate.objects.count(), ProgressUpdate.objects.count(), History.objects.count())
    with pytest.raises(GeneratorError, match="gen-1 exist already"):
        generate(**small(mandates=2))  # gen-1 and gen-2: gen-1 is there
    after = (Mandate.objects.count(), ProgressUpdate.objects.count(), History.objects.count())
    assert after == before


def test_the_command_reports_and_refuses_a_second_run() -> None:
    args = ["--mandates", "1", "--themes", "2", "--objectives", "3", "--updates", "2"]
    out = StringIO()
    call_command("generate_data", *args, stdout=out)
    assert "Made 1 mandates, 2 themes, 6 objectives" in out.getvalue()
    assert "12 progress updates with 12 history rows" in out.getvalue()
    with pytest.raises(CommandError, match=r"exist already.*--first.*Nothing was made"):
        call_command("generate_data", *args, stdout=StringIO())
    call_command("generate_data", *args, "--first", "2", stdout=StringIO())
    assert Mandate.objects.filter(slug="gen-2").exists()


def test_its_row_writer_keeps_text_exactly(nurses: Objective, updater) -> None:  # type: ignore[no-untyped-def]
    # COPY's text format gives tabs, newlines and backslashes a meaning: they must arrive
    # as written.
    text = "tab\there\nnew line\\N backslash \\ and \r return"
    RowWriter(ProgressUpdate).write(
        [
            {
                "id": 987_654,
                "objective_id": nurses.pk,
                "author_id": updater.pk,
                "as_of": timezone.localdate(),
                "status": "on_track",
                "percent_complete": 10,
                "narrative": text,
                "recorded_at": timezone.now(),
            }
        ]
    )
    update = ProgressUpdate.objects.get(pk=987_654)
    assert update.narrative == text
    assert update.evidence_url == ""
    assert update.withdrawn_at is None
    assert update.after_close is False
    assert connection.vendor in {"sqlite", "postgresql"}
