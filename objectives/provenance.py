"""Where an objective's wording, grouping and numbering come from, as short marks with a
legend: every page and file that lists objectives shows them, so nobody reads our
inference as the mandate's own words. Published wording, placed and numbered by its source,
carries no mark."""

from __future__ import annotations

from dataclasses import dataclass

from objectives.models import Objective

Provenance = Objective.Provenance


@dataclass(frozen=True)
class Mark:
    code: str  # what a table cell shows: one letter
    label: str  # what the legend says it means


SUMMARY = Mark("S", "Wording: our reading of a summary of the mandate, not its own words")
OTHER_DOCUMENT = Mark("D", "Wording: from another document (named on the objective's page)")
PLACEHOLDER = Mark("P", "Placeholder: no source gives this objective's wording")
THEME_INFERRED = Mark("G", "Grouping: which theme it sits under is our inference")
REFERENCE_OURS = Mark("N", "Numbering: ours; the source lists its objectives without numbers")

LEGEND = (SUMMARY, OTHER_DOCUMENT, PLACEHOLDER, THEME_INFERRED, REFERENCE_OURS)
_WORDING = {
    Provenance.SUMMARY: SUMMARY,
    Provenance.OTHER_DOCUMENT: OTHER_DOCUMENT,
    Provenance.PLACEHOLDER: PLACEHOLDER,
}


def marks_for(provenance: str, *, theme_inferred: bool, reference_ours: bool) -> list[Mark]:
    """The marks of an objective with these facts, in the legend's order."""
    marks = [_WORDING[provenance]] if provenance in _WORDING else []
    if theme_inferred:
        marks.append(THEME_INFERRED)
    if reference_ours:
        marks.append(REFERENCE_OURS)
    return marks


def objective_marks(objective: Objective) -> list[Mark]:
    return marks_for(
        objective.provenance,
        theme_inferred=objective.theme_inferred,
        reference_ours=objective.reference_ours,
    )


def codes(marks: list[Mark]) -> str:
    """The marks as a cell of a file writes them: "S G"."""
    return " ".join(mark.code for mark in marks)
