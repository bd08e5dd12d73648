"""Forms shared by the admin and the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from mandates.models import Theme
from objectives.models import Objective, ProgressUpdate


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
        fields = ("as_of", "status", "percent_complete", "narrative", "evidence_url")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn"].initial = self.instance.withdrawn_at is not None


class ProgressUpdateForm(forms.ModelForm):
    """Progress as an Updater records it on the objective's page."""

    narrative = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text="What has happened since the last update, and what comes next.",
    )

    class Meta:
        model = ProgressUpdate
        fields = ("as_of", "status", "percent_complete", "narrative", "evidence_url")
        widgets = {
            "as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }
        help_texts = {
            "as_of": "The date the progress stands at, for example the last day of the quarter.",
            "evidence_url": "Optional. A link to a report or dashboard that shows the progress.",
        }
        labels = {"percent_complete": "Percent complete"}
        error_messages = {
            "percent_complete": {
                "min_value": "Percent complete must be 0 or more.",
                "max_value": "Percent complete must be 100 or less.",
            },
        }

    def clean_as_of(self) -> datetime.date:
        as_of: datetime.date = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError("The as-of date cannot be in the future.")
        return as_of

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Said here, against the field, so the error summary links to it; the database
        # holds the same rule (update_complete_is_100_percent).
        if cleaned.get("status") == ProgressUpdate.Status.COMPLETE and cleaned.get(
            "percent_complete"
        ) not in (None, 100):
            self.add_error("percent_complete", "A complete objective is 100% complete.")
        return cleaned


class ReasonForm(forms.Form):
    reason = reason_field()


class ProgressUpdateEditForm(ProgressUpdateForm):
    reason = reason_field()
