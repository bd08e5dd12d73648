"""Forms shared by the admin and the pages."""

from __future__ import annotations

from typing import Any

from django import forms

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


class ProgressUpdateAdminForm(forms.ModelForm):
    """An Editor's change to a recorded update: every change needs a reason, which is
    kept with the version it makes."""

    withdrawn = forms.BooleanField(
        required=False,
        help_text="A withdrawn update leaves the summaries but stays in the history.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why you are making this change. It is kept with the version.",
    )

    class Meta:
        model = ProgressUpdate
        fields = ("as_of", "status", "percent_complete", "narrative", "evidence_url")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn"].initial = self.instance.withdrawn_at is not None
