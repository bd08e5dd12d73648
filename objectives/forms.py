"""Forms shared by the admin and the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from core.roles import EDIT_PROGRESS
from mandates.models import Theme
from objectives.models import Objective, ProgressUpdate
from objectives.services import EDITABLE_FIELDS, progress_rule_problems


class ThemeChoiceField(forms.ModelChoiceField):
    """Theme numbers repeat across mandates, so each choice names its mandate."""

    def label_from_instance(self, obj: Theme) -> str:  # type: ignore[override]
        return f"{obj.mandate.title}: {obj}"


class ObjectiveForm(forms.ModelForm):
    """The mandate is not chosen but follows from the theme; it is still a form field so
    that the "one reference per mandate" constraint is checked here, as a message,
    rather than by the database, as an error page."""

    theme = ThemeChoiceField(queryset=Theme.objects.select_related("mandate"))

    class Meta:
        model = Objective
        fields = (
            "theme",
            "mandate",
            "reference",
            "title",
            "text",
            "owner",
            "position",
            "provenance",
            "source_note",
            "theme_inferred",
        )
        widgets = {"mandate": forms.HiddenInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "mandate" in self.fields:  # absent where the form is shown read-only
            self.fields["mandate"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        theme = cleaned.get("theme") or (self.instance.theme if self.instance.theme_id else None)
        if theme is not None:
            cleaned["mandate"] = theme.mandate
        return cleaned


def reason_field() -> forms.CharField:
    # The field strips white space, so a reason of only spaces is an empty one.
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1_000,
        help_text="Why you are making this change. It is kept with the change in the history.",
        error_messages={"required": "Give a reason for the change."},
    )


class ProgressUpdateAdminForm(forms.ModelForm):
    """An Editor's change to a recorded update: every change needs a reason, which is
    kept with the version it makes."""

    withdrawn = forms.BooleanField(
        required=False,
        help_text="A withdrawn update leaves the summaries but stays in the history.",
    )
    reason = reason_field()

    class Meta:
        model = ProgressUpdate
        fields = EDITABLE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn"].initial = self.instance.withdrawn_at is not None


class ProgressUpdateForm(forms.ModelForm):
    """Progress as an Updater or Editor records it on the objective's page.

    `suggested_status` is what the targets' figures suggest, if they suggest anything;
    choosing another status then needs a reason. An Editor adding to a closed quarter
    gives a reason for that too; an Updater cannot (objectives.services says why)."""

    narrative = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text="What has happened since the last update, and what comes next.",
    )

    class Meta:
        model = ProgressUpdate
        # By hand rather than from EDITABLE_FIELDS: the page shows the fields in this
        # order, asking for the reason for a status straight after the status.
        fields = (
            "as_of",
            "status",
            "status_reason",
            "percent_complete",
            "narrative",
            "evidence_url",
            "after_close_reason",
        )
        widgets = {
            "as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "status_reason": forms.Textarea(attrs={"rows": 2}),
            "after_close_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "as_of": "The date the progress stands at, for example the last day of the quarter.",
            "evidence_url": "Optional. A link to a report or dashboard that shows the progress.",
            "status_reason": "Only if you choose a status other than the one the figures suggest.",
            "after_close_reason": "Only if the quarter of the as-of date is closed.",
        }
        labels = {
            "percent_complete": "Percent complete",
            "after_close_reason": "Reason for changing a closed quarter",
        }
        error_messages = {
            "percent_complete": {
                "min_value": "Percent complete must be 0 or more.",
                "max_value": "Percent complete must be 100 or less.",
            },
        }

    def __init__(
        self,
        *args: Any,
        objective: Objective,
        user: Any,
        suggested_status: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.objective = objective
        self.user = user
        self.suggested_status = suggested_status
        if not suggested_status:
            del self.fields["status_reason"]
        if not user.has_perm(EDIT_PROGRESS) or "reason" in self.fields:
            del self.fields["after_close_reason"]

    def clean_as_of(self) -> datetime.date:
        as_of: datetime.date = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError("The as-of date cannot be in the future.")
        return as_of

    def close_reason(self, cleaned: dict[str, Any]) -> str:
        return cleaned.get("after_close_reason") or ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Said here, against the field, so the error summary links to it; the database
        # holds the same rule (update_complete_is_100_percent).
        if cleaned.get("status") == ProgressUpdate.Status.COMPLETE and cleaned.get(
            "percent_complete"
        ) not in (None, 100):
            self.add_error("percent_complete", "A complete objective is 100% complete.")
        problems = progress_rule_problems(
            objective=self.objective,
            user=self.user,
            as_of=cleaned.get("as_of"),
            status=cleaned.get("status"),
            suggested_status=self.suggested_status,
            status_reason=cleaned.get("status_reason") or "",
            after_close_reason=self.close_reason(cleaned),
            previous_as_of=self.instance.as_of if self.instance.pk else None,
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field if field in self.fields else None, message)
        return cleaned


class ReasonForm(forms.Form):
    reason = reason_field()


class ProgressUpdateEditForm(ProgressUpdateForm):
    """An Editor's change: its reason is kept with the version, and serves as the reason
    for changing a closed quarter too."""

    reason = reason_field()

    def close_reason(self, cleaned: dict[str, Any]) -> str:
        return cleaned.get("reason") or ""
