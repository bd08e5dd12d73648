"""The summary "as at" a date, and its CSV and JSON: what a board paper says."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from mandates.models import OGL_ATTRIBUTION, Mandate
from objectives.models import Measurement, Objective, ProgressUpdate, Target
from objectives.services import (
    progress_update_edit,
    progress_update_withdraw,
)
from summaries.renderers import data
from summaries.renderers.data import summary_json, target_text
from summaries.summary import Summary, build_summary
from tests.factories import record_progress

pytestmark = pytest.mark.usefixtures("mandates")
D = datetime.date


def summary(
    as_at: datetime.date,
    *,
    theme: int | None = 2,
    recorded_by: datetime.datetime | None = None,
    slug: str = "hee-2021-22",
) -> Summary:
    mandate = Mandate.objects.get(slug=slug)
    return build_summary(
        mandate=mandate,
        theme=mandate.themes.get(number=theme) if theme else None,
        as_at=as_at,
        recorded_by=recorded_by or timezone.now(),
        produced_by="Eddie Editor",
        produced_at=timezone.now(),
    )


def summary_csv(s: Summary) -> str:
    """The CSV's text, once it is shown to start with UTF-8's byte-order mark."""
    content = data.summary_csv(s)
    assert content.startswith(codecs.BOM_UTF8)
    return content.decode("utf-8-sig")


def nurses_line(s: Summary):  # type: ignore[no-untyped-def]
    return next(line for line in s.themes[0].lines if line.reference == "3")


def test_it_takes_the_latest_update_on_or_before_the_date(nurses: Objective, updater: User) -> None:
    record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20, "Q1")
    record_progress(nurses, updater, D(2021, 9, 30), "at_risk", 30, "Q2")

    assert nurses_line(summary(D(2021, 6, 30))).narrative == "Q1"
    assert nurses_line(summary(D(2021, 8, 1))).narrative == "Q1"
    assert nurses_line(summary(D(2021, 9, 30))).status == "at_risk"
    assert nurses_line(summary(D(2021, 6, 29))).status is None


def test_a_paper_already_produced_is_made_again_identically_after_later_changes(
    nurses: Objective, updater: User, editor: User
) -> None:
    q1 = record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20, "Q1 as first recorded")
    produced = timezone.now()
    before = summary_json(summary(D(2021, 6, 30), recorded_by=produced))

    progress_update_edit(
        update=q1, editor=editor, reason="Late correction", narrative="Q1 corrected"
    )
    record_progress(nurses, updater, D(2021, 6, 15), "off_track", 5, "Back-filled mid-quarter")
    record_progress(nurses, updater, D(2021, 9, 30), "at_risk", 30, "Q2")

    again = summary_json(summary(D(2021, 6, 30), recorded_by=produced))
    assert {k: v for k, v in again.items() if k != "produced_at"} == {
        k: v for k, v in before.items() if k != "produced_at"
    }
    # As recorded now, the same date shows the correction; a later date shows Q2.
    assert nurses_line(summary(D(2021, 6, 30))).narrative == "Q1 corrected"
    assert nurses_line(summary(D(2021, 9, 30))).narrative == "Q2"


def test_a_withdrawn_update_leaves_the_summary_from_its_withdrawal_on(
    nurses: Objective, updater: User, editor: User
) -> None:
    q1 = record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20, "Q1")
    before_withdrawal = timezone.now()
    progress_update_withdraw(update=q1, editor=editor, reason="Wrong objective")

    assert nurses_line(summary(D(2021, 6, 30))).status is None
    assert nurses_line(summary(D(2021, 6, 30), recorded_by=before_withdrawal)).status == "on_track"


def test_targets_carry_their_latest_figure_as_at_the_date(nurses: Objective, updater: User) -> None:
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    for day, value in ((D(2021, 3, 31), "10000"), (D(2021, 6, 30), "12500.5")):
        Measurement.objects.create(
            target=target,
            measured_on=day,
            value=Decimal(value),
            recorded_by=updater,
            recorded_at=timezone.now(),
        )

    lines = {t.description: t for t in nurses_line(summary(D(2021, 6, 29))).targets}
    assert lines["50,000 more nurses by 2024 (HEE's own date)"].latest_value == Decimal("10000")
    assert (
        lines["50,000 more nurses in the NHS by 2025 (the Government's date)"].latest_value is None
    )
    later = {t.description: t for t in nurses_line(summary(D(2021, 7, 1))).targets}
    assert later["50,000 more nurses by 2024 (HEE's own date)"].latest_on == D(2021, 6, 30)
    assert target_text(later["50,000 more nurses by 2024 (HEE's own date)"]) == (
        "50,000 more nurses by 2024 (HEE's own date): 12,500.50 more nurses on 30 Jun 2021"
    )


def test_a_figure_corrected_later_does_not_change_a_paper_already_produced(
    nurses: Objective, updater: User
) -> None:
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    measurement = Measurement(
        target=target,
        measured_on=D(2021, 6, 30),
        value=Decimal("12000"),
        recorded_by=updater,
        recorded_at=timezone.now(),
    )
    measurement.save()
    produced = timezone.now()
    measurement.value = Decimal("11000")
    measurement.save()

    def latest(recorded_by: datetime.datetime | None) -> Decimal | None:
        lines = nurses_line(summary(D(2021, 6, 30), recorded_by=recorded_by)).targets
        return next(t.latest_value for t in lines if "2024" in t.description)

    assert latest(produced) == Decimal("12000")
    assert latest(None) == Decimal("11000")


def test_totals_and_overdue_are_as_at_the_date(nurses: Objective, updater: User) -> None:
    record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20, "Q1")
    s = summary(D(2021, 7, 20))  # April-June's update fell due on 14 July
    assert dict(s.totals.counts) == {"on_track": 1, "no_update": 2}
    assert [line.overdue for line in s.themes[0].lines] == [False, True, True]
    assert (
        summary(D(2021, 10, 20)).themes[0].lines[0].overdue
    )  # July-September's was due 14 October


def test_the_csv_holds_the_recorded_values_and_defuses_formulas(
    nurses: Objective, updater: User
) -> None:
    record_progress(nurses, updater, D(2021, 6, 30), "at_risk", 40, '=HYPERLINK("http://evil")')
    rows = list(csv.DictReader(io.StringIO(summary_csv(summary(D(2021, 6, 30))))))
    assert [row["Reference"] for row in rows] == ["3", "4", "5"]
    nurses_row = rows[0]
    assert nurses_row["Status"] == "At risk"
    assert nurses_row["Percent complete"] == "40"
    assert nurses_row["As of"] == "2021-06-30"
    assert nurses_row["Narrative"] == '\'=HYPERLINK("http://evil")'
    assert (
        "50,000 more nurses by 2024 (HEE's own date): no figure recorded" in nurses_row["Targets"]
    )
    assert rows[1]["Status"] == "No update yet"
    assert rows[1]["Overdue"] == "No"  # April-June's update is not due until 14 July
    later = list(csv.DictReader(io.StringIO(summary_csv(summary(D(2021, 7, 14))))))
    assert [row["Overdue"] for row in later] == ["No", "Yes", "Yes"]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_every_formula_prefix_is_defused_in_csv(
    nurses: Objective, updater: User, text: str
) -> None:
    record_progress(nurses, updater, D(2021, 6, 30), "at_risk", 40, text)
    row = next(csv.DictReader(io.StringIO(summary_csv(summary(D(2021, 6, 30))))))
    assert row["Narrative"] == "'" + text


def test_the_json_holds_the_summary_with_its_dates_and_provenance(
    nurses: Objective, updater: User
) -> None:
    record_progress(nurses, updater, D(2021, 6, 30), "complete", 100, "Done early")
    data = json.loads(json.dumps(summary_json(summary(D(2021, 6, 30)))))
    assert (
        data["title"]
        == "Health Education England mandate: 2021 to 2022, theme 2: Government healthcare workforce priorities"
    )
    assert data["as_at"] == "2021-06-30"
    assert data["produced_by"] == "Eddie Editor"
    assert "Open Government Licence v3.0" in data["licence"]
    assert data["totals"] == {"complete": 1, "no_update": 2, "total": 3}
    objective = data["themes"][0]["objectives"][0]
    assert (objective["status"], objective["percent_complete"], objective["narrative"]) == (
        "complete",
        100,
        "Done early",
    )
    assert {t["deadline"]["text"] for t in objective["targets"]} == {"by 2024", "by 2025"}


def test_a_whole_mandate_summary_has_every_theme(nurses: Objective, updater: User) -> None:
    s = summary(D(2021, 6, 30), theme=None)
    assert [t.number for t in s.themes] == [1, 2, 3, 4, 5, 6]
    assert sum(len(t.lines) for t in s.themes) == 14
    assert s.filename("xlsx") == "hee-2021-22-summary-2021-06-30.xlsx"
    assert summary(D(2022, 3, 31)).filename("xlsx") == "hee-2021-22-theme-2-summary-2022-03-31.xlsx"


def test_building_it_costs_the_same_queries_however_many_updates(
    nurses: Objective, updater: User, django_assert_num_queries
) -> None:
    from tests.factories import add_objectives

    for n in range(3):
        record_progress(
            nurses, updater, D(2021, 4, 1) + datetime.timedelta(days=n), "on_track", n, "x"
        )
    # the mandate (looked up by this test), its themes, objectives with their update
    # versions and "was" statuses, those versions, targets with their latest figures, the
    # period due, the quarters ended, the themes' sign-offs
    with django_assert_num_queries(8):
        summary(D(2021, 6, 30), theme=None)
    extra = add_objectives(nurses.theme, 20)
    for objective in extra:
        for n in range(3):
            record_progress(
                objective, updater, D(2021, 5, 1) + datetime.timedelta(days=n), "at_risk", n, "y"
            )
    with django_assert_num_queries(8):
        s = summary(D(2021, 6, 30), theme=None)
    assert s.totals.counts["at_risk"] == 20


def demonstration(update: ProgressUpdate) -> None:
    """Tag an update as make run's demonstration data, through save() so its history says so."""
    update.demonstration = True
    update.save()


def test_the_csv_opens_in_excel_and_every_row_says_where_and_when_it_stands(
    nurses: Objective, updater: User
) -> None:
    demonstration(record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20, "Q1"))
    content = data.summary_csv(summary(D(2021, 6, 30), theme=None))

    assert content[:3] == codecs.BOM_UTF8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:6] == [
        "Mandate",
        "Theme",
        "Theme title",
        "As at",
        "Reference",
        "Provenance marks",
    ]
    assert len(body) == 14
    by_column = [dict(zip(header, row, strict=True)) for row in body]
    assert {row["Mandate"] for row in by_column} == {
        "Health Education England mandate: 2021 to 2022"
    }
    assert {row["As at"] for row in by_column} == {"2021-06-30"}
    assert [row["Theme"] for row in by_column] == sorted(
        (row["Theme"] for row in by_column), key=int
    )
    assert {row["Theme"] for row in by_column} == {"1", "2", "3", "4", "5", "6"}
    nurses_row = next(row for row in by_column if row["Reference"] == "3")
    assert nurses_row["Theme title"] == "Government healthcare workforce priorities"
    assert nurses_row["Provenance marks"] == "S G"
    assert "Grouping: which theme it sits under is our inference" in nurses_row["Provenance"]
    assert nurses_row["Demonstration data"] == "Yes"
    assert {row["Demonstration data"] for row in by_column if row is not nurses_row} == {"No"}
    assert {row["Overdue"] for row in by_column} <= {"Yes", "No"}


def walk(value: object) -> list[object]:
    """Every value in a JSON document, containers and leaves."""
    if isinstance(value, dict):
        return [value, *(v for item in value.values() for v in walk(item))]
    if isinstance(value, list):
        return [value, *(v for item in value for v in walk(item))]
    return [value]


def test_the_json_types_numbers_dates_deadlines_and_missing_values(
    nurses: Objective, updater: User
) -> None:
    demonstration(record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20, "Q1"))
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    Measurement.objects.create(
        target=target,
        measured_on=D(2021, 6, 30),
        value=Decimal("12500.5"),
        recorded_by=updater,
        recorded_at=timezone.now(),
    )
    whole = summary(D(2021, 6, 30), theme=None)
    document = json.loads(json.dumps(summary_json(whole)))

    assert "" not in walk(document)  # a missing value is null, the same everywhere
    assert datetime.date.fromisoformat(document["as_at"]) == D(2021, 6, 30)
    assert document["demonstration"] is True
    lines = [line for theme in document["themes"] for line in theme["objectives"]]
    # The legend: each mark some line carries, once, in the legend's order.
    used = {code for line in lines for code in line["provenance"]["marks"]}
    assert [mark["code"] for mark in document["marks"]] == [m.code for m in whole.marks_used]
    assert {mark["code"] for mark in document["marks"]} == used
    assert all(mark["label"] for mark in document["marks"])
    assert all(isinstance(line["demonstration"], bool) for line in lines)
    nurses_json = next(line for line in lines if line["reference"] == "3")
    assert nurses_json["demonstration"] is True
    assert nurses_json["provenance"] == {
        "value": "summary",
        "label": "Our reading of a summary, not the mandate's words",
        "marks": ["S", "G"],
    }
    assert datetime.date.fromisoformat(nurses_json["as_of"]) == D(2021, 6, 30)
    assert type(nurses_json["percent_complete"]) is int
    by_description = {t["description"]: t for t in nurses_json["targets"]}
    own = by_description["50,000 more nurses by 2024 (HEE's own date)"]
    assert type(own["value"]) is int and own["value"] == 50_000
    assert type(own["latest_value"]) is float and own["latest_value"] == 12500.5
    assert datetime.date.fromisoformat(own["latest_on"]) == D(2021, 6, 30)
    assert own["deadline"]["text"] == "by 2024"
    assert own["deadline"]["iso"].startswith("2024")
    assert set(own["deadline"]) == {"text", "iso", "precision", "inferred"}
    assert isinstance(own["deadline"]["inferred"], bool)
    government = by_description["50,000 more nurses in the NHS by 2025 (the Government's date)"]
    assert government["latest_value"] is None and government["latest_on"] is None
    # An objective with no update: every missing value is null.
    quiet = next(line for line in lines if line["reference"] == "5")
    assert [quiet[k] for k in ("status", "percent_complete", "as_of", "narrative")] == [None] * 4
    assert quiet["evidence_url"] is None


def test_a_published_figure_for_a_year_is_said_to_its_year_in_every_format() -> None:
    s = summary(D(2022, 3, 31), theme=None, slug="hee-2021-22")
    gp = next(line for t in s.themes for line in t.lines if line.reference == "4")
    (target,) = gp.targets
    assert target_text(target) == "4,000 GP training places: 4,032 GP training places for 2022"
    data_target = next(
        line
        for t in summary_json(s)["themes"]
        for line in t["objectives"]
        if line["reference"] == "4"
    )["targets"][0]
    assert (data_target["latest_value"], data_target["latest_on"]) == (4032, "2022")


def test_a_deadline_we_inferred_says_so_in_the_files() -> None:
    s = summary(D(2018, 3, 31), theme=None, slug="hee-2017-18")
    lines = {line.reference: line for t in s.themes for line in t.lines}
    assert target_text(lines["1.2"].targets[0]).startswith(
        "5,000 more multi-professional primary and community staff by 2020 (deadline inferred):"
    )
    assert "(deadline inferred)" not in target_text(lines["1.1"].targets[0])
    associates = target_text(lines["1.3"].targets[0])
    assert associates.endswith("319 physician associates for March 2017")


def test_the_licence_is_a_field_of_the_json_once_and_not_a_column_of_the_csv(
    nurses: Objective, updater: User
) -> None:
    """The JSON names its licence once, at the top (README, "The JSON summary"). The CSV
    repeats on every row only what places the row (mandate, theme, as at): the licence is
    the file's, not a row's."""
    record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20, "Q1")
    whole = summary(D(2021, 6, 30), theme=None)

    text = json.dumps(summary_json(whole), ensure_ascii=False)
    document = json.loads(text)
    assert document["licence"] == OGL_ATTRIBUTION
    assert text.count(OGL_ATTRIBUTION) == 1
    rows = list(csv.reader(io.StringIO(summary_csv(whole))))
    assert not [cell for row in rows for cell in row if "Licence" in cell]
