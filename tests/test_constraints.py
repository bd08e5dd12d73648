"""The rules that must hold are held by the database itself, each under its own name."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from mandates.models import Mandate, Theme
from objectives.models import Objective, ObjectiveLink, ProgressUpdate, Target

pytestmark = pytest.mark.usefixtures("mandates")


def refused(action: Callable[[], object], name: str) -> None:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        action()
    # SQLite names check constraints but not unique ones; PostgreSQL names both.
    if connection.vendor == "postgresql" or "CHECK" in str(caught.value):
        assert name in str(caught.value)


def update_row(objective: Objective, author: User, **fields: object) -> ProgressUpdate:
    values: dict[str, object] = {
        "as_of": datetime.date(2021, 6, 30),
        "status": "on_track",
        "percent_complete": 50,
        "narrative": "n",
        "recorded_at": timezone.now(),
    } | fields
    return ProgressUpdate.objects.create(objective=objective, author=author, **values)


@pytest.mark.parametrize(
    ("fields", "name"),
    [
        ({"percent_complete": 101}, "update_percent_between_0_and_100"),
        ({"as_of": datetime.date(2201, 6, 30)}, "update_as_of_in_sane_range"),
        ({"as_of": datetime.date(1999, 12, 31)}, "update_as_of_in_sane_range"),
        ({"status": "complete", "percent_complete": 90}, "update_complete_is_100_percent"),
        ({"withdrawn_at": timezone.now()}, "update_withdrawal_has_who_when_why"),
    ],
)
def test_a_progress_update_that_breaks_a_rule_is_refused(
    nurses: Objective, updater: User, fields: dict[str, object], name: str
) -> None:
    refused(lambda: update_row(nurses, updater, **fields), name)


def test_the_edges_of_the_ranges_are_allowed(nurses: Objective, updater: User) -> None:
    update_row(nurses, updater, percent_complete=0, as_of=datetime.date(2000, 1, 1))
    update_row(
        nurses, updater, status="complete", percent_complete=100, as_of=datetime.date(2100, 12, 31)
    )
    assert nurses.updates.count() == 2


def test_theme_numbers_are_unique_per_mandate() -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    refused(
        lambda: Theme.objects.create(mandate=mandate, number=1, title="Again"),
        "theme_number_unique_per_mandate",
    )


def test_the_same_theme_number_may_appear_in_another_mandate() -> None:
    assert Theme.objects.filter(number=1).count() == 2


def test_objective_references_are_unique_per_mandate(nurses: Objective) -> None:
    refused(
        lambda: Objective.objects.create(
            mandate=nurses.mandate,
            theme=nurses.theme,
            reference="3",
            title="t",
            text="t",
            provenance="summary",
            source_note="s",
        ),
        "objective_reference_unique_per_mandate",
    )


def test_a_mandate_period_must_end_after_it_starts() -> None:
    refused(
        lambda: Mandate.objects.create(
            slug="backwards",
            title="t",
            issuer="i",
            period_start=datetime.date(2022, 1, 1),
            period_end=datetime.date(2021, 1, 1),
            source_url="https://example.org",
        ),
        "mandate_period_ends_after_start",
    )


def test_a_target_cannot_be_negative_or_duplicated(nurses: Objective) -> None:
    refused(
        lambda: Target.objects.create(
            objective=nurses, code="neg", description="d", value=-1, unit="u", source_note="s"
        ),
        "target_value_not_negative",
    )
    refused(
        lambda: Target.objects.create(
            objective=nurses,
            code="nurses-2024",
            description="d",
            value=1,
            unit="u",
            source_note="s",
        ),
        "target_code_unique_per_objective",
    )


def test_an_objective_cannot_be_linked_to_itself(nurses: Objective) -> None:
    refused(
        lambda: ObjectiveLink.objects.create(from_objective=nurses, to_objective=nurses),
        "objective_link_not_to_itself",
    )
