"""The fixtures hold what the published documents say (shared/reference/mandates.md)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from mandates.fixture_loader import load_fixtures
from mandates.models import OGL_ATTRIBUTION, Mandate, Theme
from objectives.models import Objective, ObjectiveLink, ProgressUpdate, Target
from tests.conftest import FIXTURE_FILES

pytestmark = pytest.mark.usefixtures("mandates")


def objectives_per_theme(slug: str) -> list[int]:
    return [
        theme.objectives.count()
        for theme in Theme.objects.filter(mandate__slug=slug).order_by("number")
    ]


def test_it_holds_both_mandates_with_12_themes_and_37_objectives() -> None:
    assert list(Mandate.objects.values_list("slug", flat=True)) == ["hee-2017-18", "hee-2021-22"]
    assert Theme.objects.count() == 12
    assert Objective.objects.count() == 37


def test_the_2017_18_mandate_is_faithful_to_its_sources() -> None:
    mandate = Mandate.objects.get(slug="hee-2017-18")
    assert mandate.full_title.startswith("Delivering high quality, effective, compassionate care")
    # The document's own cover names the renamed department (corrections, 7/11).
    assert mandate.issuer == "Department of Health and Social Care"
    assert (mandate.period_start, mandate.period_end) == (
        datetime.date(2017, 4, 1),
        datetime.date(2018, 3, 31),
    )
    assert mandate.published_on == datetime.date(2018, 1, 17)
    assert mandate.withdrawn_on == datetime.date(2019, 2, 26)
    assert mandate.source_url.endswith("/674419/HEE_mandate_2017-2018.pdf")
    assert objectives_per_theme("hee-2017-18") == [5, 7, 4, 1, 5, 1]
    assert list(mandate.themes.values_list("title", flat=True))[5] == (
        "Improve services through the use of digital technology, information and transparency"
    )
    doctors = Objective.objects.get(mandate=mandate, reference="1.1")
    assert (
        doctors.text
        == "To enable there to be 5,000 more doctors working in general practice by 2020"
    )
    assert doctors.provenance == Objective.Provenance.PUBLISHED
    assert doctors.theme_inferred
    budget = Objective.objects.get(mandate=mandate, reference="3.1")
    assert (
        budget.text
        == "To use its £4.7bn budget effectively and is distributed fairly across the country"
    )
    assert not budget.targets.exists()  # a resource to use well, not a figure to reach


def test_the_2017_18_facts_cite_the_source_each_is_from() -> None:
    mandate = Mandate.objects.get(slug="hee-2017-18")
    assert "superseded" not in mandate.summary.lower()
    assert "Withdrawn on 26 February 2019" in mandate.summary
    assert "withdrawal banner of the published PDF" in mandate.source_note
    assert "https://lihnnhs.info/maptoolkit/?p=2407" in mandate.source_note
    assert "17 January 2018" in mandate.source_note
    for theme in mandate.themes.all():
        assert "https://lihnnhs.info/maptoolkit/?p=2407" in theme.source_note
        assert "briefing" not in theme.source_note + theme.description


def test_the_2017_18_objectives_keep_the_briefings_order_and_say_the_numbering_is_ours() -> None:
    objectives = Objective.objects.filter(mandate__slug="hee-2017-18").order_by("position")
    assert list(objectives.values_list("position", flat=True)) == list(range(1, 24))
    # The briefing's order, not the themes': health inequalities (our 4.1) is its tenth.
    assert list(objectives.values_list("reference", flat=True)) == [
        "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "4.1", "2.5", "2.6",
        "3.1", "3.2", "3.3", "2.7", "5.3", "5.4", "5.1", "5.5", "3.4", "5.2", "6.1",
    ]  # fmt: skip
    assert all(o.reference_ours and o.theme_inferred for o in objectives)
    assert "goal 10 of the 23" in objectives.get(reference="4.1").source_note
    note = Mandate.objects.get(slug="hee-2017-18").objectives_note
    assert "grouping under the six themes and their reference numbers" in note


def test_the_2021_22_mandate_is_marked_as_a_summary() -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    assert mandate.issuer == "Department of Health and Social Care"
    assert mandate.published_on == datetime.date(2021, 6, 3)
    assert mandate.withdrawn_on is None
    assert objectives_per_theme("hee-2021-22") == [2, 3, 2, 5, 1, 1]
    assert list(mandate.themes.values_list("title", flat=True)) == [
        "COVID-19 response and recovery",
        "Government healthcare workforce priorities",
        "NHS Long Term Plan delivery",
        "Long-term workforce planning and reform to transform services",
        "Collaboration with social care",
        "Supply of information",
    ]
    objectives = Objective.objects.filter(mandate=mandate)
    provenance = dict(objectives.values_list("reference", "provenance"))
    assert provenance.pop("4") == Objective.Provenance.OTHER_DOCUMENT  # HEE's business plan
    assert provenance.pop("14") == Objective.Provenance.PLACEHOLDER
    assert set(provenance.values()) == {Objective.Provenance.SUMMARY}
    assert "HEE Business Plan 2021/22" in objectives.get(reference="4").source_note
    assert "news summary" in objectives.get(reference="2").source_note
    assert "policy briefing" not in objectives.get(reference="2").source_note
    assert "Health and Care Act 2022" in objectives.get(reference="12").source_note
    assert "Health and Social Care Bill" in objectives.get(reference="12").text
    for reference in ("3", "4"):
        assert "integratedhlth.co.uk" in objectives.get(reference=reference).source_note
    assert "gov.uk confirms only" in mandate.objectives_note
    # Only the first objective's theme is published; every other assignment is inferred.
    assert list(objectives.filter(theme_inferred=False).values_list("reference", flat=True)) == [
        "1"
    ]
    assert "COVID-19" in objectives.get(reference="1").title
    assert "no detail" in objectives.get(reference="14").text


@pytest.mark.parametrize(
    ("slug", "reference", "code", "value", "unit", "deadline", "source_words"),
    [
        ("hee-2017-18", "1.1", "gp-doctors-2020", "5000", "doctors", "2020-01-01", "674419"),
        (
            "hee-2017-18",
            "1.2",
            "primary-community-staff-2020",
            "5000",
            "staff",
            "2020-01-01",
            "674419",
        ),
        (
            "hee-2017-18",
            "1.3",
            "physician-associates-2020",
            "1000",
            "physician associates",
            "2020-01-01",
            "674419",
        ),
        (
            "hee-2021-22",
            "3",
            "nurses-2025",
            "50000",
            "more nurses",
            "2025-01-01",
            "mandate-2021-to-2022",
        ),
        (
            "hee-2021-22",
            "3",
            "nurses-2024",
            "50000",
            "more nurses",
            "2024-01-01",
            "business-plan-202122",
        ),
        (
            "hee-2021-22",
            "4",
            "gp-training-places",
            "4000",
            "GP training places",
            None,
            "business-plan-202122",
        ),
    ],
)
def test_each_published_target_is_held_with_its_source(
    slug: str,
    reference: str,
    code: str,
    value: str,
    unit: str,
    deadline: str | None,
    source_words: str,
) -> None:
    target = Target.objects.get(
        objective__mandate__slug=slug, objective__reference=reference, code=code
    )
    assert target.value == Decimal(value)
    assert target.unit == unit
    assert target.deadline == (datetime.date.fromisoformat(deadline) if deadline else None)
    if deadline:  # the sources give years, never a day
        assert target.deadline_precision == "year"
        assert target.deadline_words == f"by {deadline[:4]}"
    assert source_words in target.source_note


def test_only_the_doctors_carry_by_2020_from_the_source_the_others_by_inference() -> None:
    targets = Target.objects.filter(objective__mandate__slug="hee-2017-18")
    inferred = dict(targets.values_list("code", "deadline_inferred"))
    assert inferred == {
        "gp-doctors-2020": False,
        "primary-community-staff-2020": True,
        "physician-associates-2020": True,
    }
    associates = targets.get(code="physician-associates-2020")
    assert "parallelparliament.co.uk/question/66108" in associates.source_note


def test_both_published_dates_for_50000_nurses_are_kept() -> None:
    nurses = Target.objects.filter(objective__mandate__slug="hee-2021-22", objective__reference="3")
    assert sorted(nurses.values_list("deadline_text", flat=True)) == ["by 2024", "by 2025"]
    assert Target.objects.count() == 6


def test_the_links_join_objectives_across_mandates() -> None:
    pairs = {
        (link.from_objective.reference, link.to_objective.reference)
        for link in ObjectiveLink.objects.select_related("from_objective", "to_objective")
    }
    assert pairs == {
        ("1.1", "4"),
        ("3.3", "3"),
        ("2.5", "6"),
        ("2.5", "7"),
        ("1.5", "13"),
        ("2.1", "9"),
        ("6.1", "11"),
    }
    assert all(
        link.from_objective.mandate.slug == "hee-2017-18"
        and link.to_objective.mandate.slug == "hee-2021-22"
        for link in ObjectiveLink.objects.all()
    )


def test_the_licence_attribution_ships_with_the_data() -> None:
    assert set(Mandate.objects.values_list("licence", flat=True)) == {OGL_ATTRIBUTION}


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values_list())
        for model in (Mandate, Theme, Objective, Target, ObjectiveLink)
    } | {
        f"history-{model.__name__}": [model.history.count()]  # type: ignore[attr-defined]
        for model in (Mandate, Theme, Objective, Target, ObjectiveLink)
    }


def test_a_second_load_changes_nothing() -> None:
    before = snapshot()
    report = load_fixtures(FIXTURE_FILES)
    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    # mandates, themes, objectives, targets, links, yearly steps, published figures
    assert sum(report.unchanged.values()) == 2 + 12 + 37 + 6 + 7 + 5 + 10
    assert snapshot() == before


def test_a_refresh_keeps_recorded_progress_and_owners(
    recorded: ProgressUpdate, editor: User
) -> None:
    objective = recorded.objective
    objective.owner = editor
    objective.save()
    versions = recorded.history.count()

    load_fixtures(FIXTURE_FILES)

    objective.refresh_from_db()
    assert objective.owner == editor
    assert ProgressUpdate.objects.get(pk=recorded.pk).narrative == "Recruitment campaign launched."
    assert recorded.history.count() == versions
