"""The quarterly return: every objective a person owns (or, for an Editor, a theme's or
another owner's) that is due in its mandate's open quarter, recorded in one sitting.

Each row is the record page's own form (objectives.forms.ProgressUpdateForm), offered with
the objective's latest update, so the same fields, words and rules apply, and each saved
row goes through objectives.services.progress_update_record. A row left as offered is not
recorded. The rows are saved together or not at all (README, "The quarterly return")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from mandates.models import ReportingPeriod, ThemeReturn
from objectives.dates import latest_as_of
from objectives.forms import ProgressUpdateForm
from objectives.models import Objective, ProgressUpdate
from objectives.trajectory import Suggestion, suggestions_for


@dataclass(frozen=True)
class ReturnRow:
    objective: Objective
    period: ReportingPeriod
    suggestion: Suggestion | None
    refused: str = ""  # posted, but no longer the person's to record: why not


@dataclass
class QuarterlyReturn:
    rows: list[ReturnRow]
    closed: list[ReportingPeriod]  # quarters due but closed: not in this return
    sent_back: list[ThemeReturn]  # the Editors' comments on themes sent back


def quarterly_return(*, objectives: QuerySet[Objective], today: datetime.date) -> QuarterlyReturn:
    """The rows of `objectives` due in an open quarter on `today`. Four queries: the
    quarters due, the objectives with their latest update, their targets' latest figures,
    the themes sent back."""
    due = ReportingPeriod.objects.due_by(today)
    open_due = {m: p for m, p in due.items() if not p.is_closed}
    closed = [p for p in due.values() if p.is_closed]
    chosen = list(
        objectives.filter(mandate_id__in=open_due)
        .select_related("mandate", "theme", "owner", "latest_update")
        .order_by("mandate__period_start", "theme__number", "position", "reference")
    )
    suggested = suggestions_for(chosen)
    rows = [ReturnRow(o, open_due[o.mandate_id], suggested.get(o.pk)) for o in chosen]
    sent_back = list(
        ThemeReturn.objects.filter(
            state=ThemeReturn.State.SENT_BACK,
            theme_id__in={o.theme_id for o in chosen},
            period__in=open_due.values(),
        )
        .select_related("theme", "period", "decided_by")
        .order_by("theme__number")
    )
    return QuarterlyReturn(rows, closed, sent_back)


def row_initial(row: ReturnRow, today: datetime.date) -> dict[str, Any]:
    """What a row offers: the latest update's words, as of the quarter's end (or the
    latest day allowed, if sooner)."""
    objective, latest = row.objective, row.objective.latest_update
    return {
        "as_of": min(row.period.end, latest_as_of(objective.mandate, today)),
        "status": (row.suggestion.status if row.suggestion else "")
        or objective.latest_status
        or ProgressUpdate.Status.NOT_STARTED,
        "percent_complete": objective.latest_percent or 0,
        "narrative": latest.narrative if latest else "",
        "evidence_url": latest.evidence_url if latest else "",
    }


class ReturnRowForms(forms.BaseFormSet):
    """One ProgressUpdateForm for each row. Every row may be left as offered: Django skips
    the checks of a form that is `empty_permitted` and unchanged."""

    def __init__(
        self, *args: Any, rows: list[ReturnRow], user: AbstractBaseUser, **kwargs: Any
    ) -> None:
        self.rows = rows
        self.user = user
        super().__init__(*args, **kwargs)

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        """Each row names its objective, so a row is matched with the objective it was
        offered for, not with whichever comes at its place now."""
        super().add_fields(form, index)
        if index is not None and index < len(self.rows):
            form.fields["row_objective"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.rows[index].objective.pk
            )

    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        row = self.rows[index]
        suggested = row.suggestion.status if row.suggestion else ""
        return {
            "objective": row.objective,
            "user": self.user,
            "suggested_status": suggested,
            "empty_permitted": True,
        }

    def check(self) -> bool:
        """Valid if every changed row is, and none is for an objective no longer in the
        return (that row keeps what was typed, with the reason)."""
        valid = self.is_valid()
        for row, form in self.changed_rows():
            if row.refused:
                form.add_error(None, row.refused)
                valid = False
        return valid

    def changed_rows(self) -> list[tuple[ReturnRow, ProgressUpdateForm]]:
        return [
            (row, form)
            for row, form in zip(self.rows, self.forms, strict=True)
            if form.has_changed()
        ]


def return_forms(
    rows: list[ReturnRow],
    *,
    user: AbstractBaseUser,
    today: datetime.date,
    data: Any = None,
    files: Any = None,
) -> ReturnRowForms:
    formset_class = forms.formset_factory(
        ProgressUpdateForm,
        formset=ReturnRowForms,
        extra=0,
        max_num=len(rows),
        absolute_max=len(rows),
        validate_max=True,
    )
    return formset_class(
        data,
        files,
        prefix="return",
        initial=[row_initial(row, today) for row in rows],
        rows=rows,
        user=user,
    )


def posted_objective_ids(data: Any) -> list[int] | None:
    """The objectives of the rows as posted, in order; None if the post does not say
    them (not a return form, or tampered with)."""
    try:
        total = int(data.get("return-TOTAL_FORMS", ""))
        ids = [int(data.get(f"return-{i}-row_objective", "")) for i in range(total)]
    except ValueError:
        return None
    return ids if 0 < total <= len(set(ids)) == total else None


def rows_as_posted(
    current: QuarterlyReturn, posted: list[int], *, today: datetime.date
) -> list[ReturnRow] | None:
    """The rows in the order they were posted. A row whose objective is no longer in the
    return (its owner changed, its quarter closed) keeps what was typed, with the reason
    it cannot be recorded; None if an objective posted does not exist at all."""
    by_id = {row.objective.pk: row for row in current.rows}
    missing = [pk for pk in posted if pk not in by_id]
    strangers = {
        o.pk: o
        for o in Objective.objects.filter(pk__in=missing).select_related(
            "mandate", "theme", "owner", "latest_update"
        )
    }
    if len(strangers) < len(missing):
        return None
    due = ReportingPeriod.objects.due_by(today) if strangers else {}
    rows = []
    for pk in posted:
        if pk in by_id:
            rows.append(by_id[pk])
            continue
        objective = strangers[pk]
        period = due.get(objective.mandate_id)
        if period is None:
            return None
        refused = (
            f"{objective.reference} {objective.title} is no longer in this return "
            f"({period.label} is closed, or its owner has changed): nothing was recorded."
        )
        rows.append(ReturnRow(objective, period, None, refused))
    return rows
