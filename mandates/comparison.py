"""Two mandates side by side: for each theme of the later one, its objectives beside the
objectives of the earlier mandate that they continue, and what was not carried over.

Built here, in Python, so that the template only loops; three queries whatever the number
of objectives and links (the mandates are already in hand). The objectives and their
links belong to the objectives app, which sits above this one: they are reached through
the mandates' own relations and the app registry, not imported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model

from mandates.models import Mandate, Theme

# An objective and a link between two objectives (objectives.models).
Objective = Model
ObjectiveLink = Model

INFERRED_NOTE = "Inferred: the mandates do not state the link."


@dataclass(frozen=True)
class ComparisonRow:
    """One link, or one later objective that continues nothing (earlier is None)."""

    later: Objective
    earlier: Objective | None
    inferred: bool = False
    note: str = ""


@dataclass(frozen=True)
class ThemeComparison:
    theme: Theme  # of the later mandate
    rows: list[ComparisonRow]


@dataclass(frozen=True)
class ThemeGroup:
    theme: Theme  # of the earlier mandate
    objectives: list[Objective]


@dataclass(frozen=True)
class Comparison:
    earlier: Mandate
    later: Mandate
    themes: list[ThemeComparison]
    not_carried_over: list[ThemeGroup]
    later_count: int  # objectives of the later mandate
    continuing_count: int  # later objectives that continue at least one earlier one
    new_count: int  # later objectives that continue none
    not_carried_over_count: int  # earlier objectives that no later one continues


def link_note(link: ObjectiveLink) -> str:
    # The fixtures' notes already say the link is inferred; a note typed in the admin may
    # not, and an inferred link must never read as one the mandates state.
    note = link.note.strip()
    if link.inferred and "inferred" not in note.lower():
        note = f"{note} {INFERRED_NOTE}".strip()
    return note


def _read(earlier: Mandate, later: Mandate) -> tuple[list[Theme], list[Objective], list[Model]]:
    """The two mandates' themes and objectives, each given its mandate and theme already in
    hand (no query for each one's URL), and the links from the earlier to the later."""
    mandates = {earlier.pk: earlier, later.pk: later}
    themes = list(
        Theme.objects.filter(mandate__in=[earlier, later]).order_by("mandate_id", "number")
    )
    for theme in themes:
        theme.mandate = mandates[theme.mandate_id]
    themes_by_id = {theme.pk: theme for theme in themes}
    objectives = list(earlier.objectives.model.objects.filter(mandate__in=[earlier, later]))
    for objective in objectives:
        objective.mandate = mandates[objective.mandate_id]
        objective.theme = themes_by_id[objective.theme_id]
    links = list(
        apps.get_model("objectives", "ObjectiveLink")
        .objects.filter(from_objective__mandate=earlier, to_objective__mandate=later)
        .order_by()  # the default ordering joins both objectives; rows are sorted later
    )
    return themes, objectives, links


def _rows(
    later_objectives: list[Objective],
    continued: dict[int, list[ObjectiveLink]],
    objectives: list[Objective],
) -> dict[int, list[ComparisonRow]]:
    """For each theme of the later mandate, its objectives, each beside every earlier
    objective it continues (in the earlier mandate's order), or alone."""
    by_id = {objective.pk: objective for objective in objectives}
    position = {objective.pk: index for index, objective in enumerate(objectives)}
    rows_by_theme: dict[int, list[ComparisonRow]] = defaultdict(list)
    for objective in later_objectives:
        own_links = sorted(
            continued[objective.pk], key=lambda link: position[link.from_objective_id]
        )
        rows_by_theme[objective.theme_id].extend(
            [
                ComparisonRow(
                    later=objective,
                    earlier=by_id[link.from_objective_id],
                    inferred=link.inferred,
                    note=link_note(link),
                )
                for link in own_links
            ]
            or [ComparisonRow(later=objective, earlier=None)]
        )
    return rows_by_theme


def compare_mandates(earlier: Mandate, later: Mandate) -> Comparison:
    # Queries: their themes, their objectives with the latest update, the links.
    themes, objectives, links = _read(earlier, later)
    continued: dict[int, list[ObjectiveLink]] = defaultdict(list)  # later pk -> its links
    carried_over: set[int] = set()  # earlier pks
    for link in links:
        continued[link.to_objective_id].append(link)
        carried_over.add(link.from_objective_id)
    later_objectives = [o for o in objectives if o.mandate_id == later.pk]
    rows_by_theme = _rows(later_objectives, continued, objectives)
    left_behind: dict[int, list[Objective]] = defaultdict(list)
    for objective in objectives:
        if objective.mandate_id == earlier.pk and objective.pk not in carried_over:
            left_behind[objective.theme_id].append(objective)

    return Comparison(
        earlier=earlier,
        later=later,
        themes=[
            ThemeComparison(theme, rows_by_theme[theme.pk])
            for theme in themes
            if theme.mandate_id == later.pk
        ],
        not_carried_over=[
            ThemeGroup(theme, left_behind[theme.pk])
            for theme in themes
            if theme.mandate_id == earlier.pk and left_behind[theme.pk]
        ],
        later_count=len(later_objectives),
        continuing_count=sum(1 for o in later_objectives if continued[o.pk]),
        new_count=sum(1 for o in later_objectives if not continued[o.pk]),
        not_carried_over_count=sum(len(group) for group in left_behind.values()),
    )
