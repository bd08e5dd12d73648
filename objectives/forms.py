"""The objectives app's forms, for the pages and the admin alike: an objective; a progress
update as recorded, edited, restored, or added and changed in the admin (one family, whose
base holds the fields and the rules); a figure against a target."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from core.date_input import DatePartsField
from core.history import reason_field
from core.limits import LONG_TEXT_LENGTH
from core.numbers import FIGURE_MAX, FIGURE_MIN, FIGURE_TOO_LARGE, FIGURE_TOO_SMALL
from core.people import PersonChoiceField
from core.roles import EDIT_PROGRESS
from core.versions import VersionCheckedForm
from mandates.models import Theme
from objectives.dates import as_of_range_words, check_as_of, check_measured_on
from objectives.evidence import EvidenceFilesField
from objectives.models import EARLIEST_AS_OF, Measurement, Objective, ProgressUpdate, Target
from objectives.services import figure_recorded_already, progress_rule_problems


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
        field_classes = {"owner": PersonChoiceField}

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


class ProgressUpdateForm(forms.ModelForm):
    """Progress as an Updater or Editor records it on the objective's page, and the base
    of every other progress form: its fields, their words and messages, and the rules of
    objectives.services (progress_rule_problems) said against the fields they concern.

    `suggested_status` is what the targets' figures suggest, if they suggest anything;
    choosing another status then needs a reason. An Editor adding to a closed quarter
    gives a reason for that too; an Updater cannot (objectives.services says why). The
    page asks only for the reasons that apply; the admin's forms ask for every field
    its pages list (objectives.admin.ProgressUpdateAdmin.get_fields)."""

    ask_only_what_applies = True
    # The admin makes its form classes itself (ModelAdmin.get_form), so it cannot pass the
    # user in: ProgressUpdateAdmin.get_form sets it on the class it made for the request.
    current_user: Any = None

    # Typed as day, month and year (core.date_input), as NHS.UK asks for a date.
    as_of = DatePartsField(
        label="As of",
        noun="as-of date",
        help_text="The date the progress stands at, for example the last day of the quarter.",
    )
    percent_complete = forms.IntegerField(
        label="Percent complete",
        min_value=0,
        max_value=100,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"),
            "Enter percent complete as a number from 0 to 100",
        ),
    )
    # Files are a form field, not a model field: objectives.evidence stores them, each
    # attached to the version the save makes.
    evidence_files = EvidenceFilesField()
    narrative = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=LONG_TEXT_LENGTH,
        help_text="What has happened since the last update, and what comes next.",
        error_messages={
            "required": "Enter a narrative",
            "max_length": "The narrative must be %(limit_value)s characters or fewer",
        },
    )

    class Meta:
        model = ProgressUpdate
        # By hand rather than from services.EDITABLE_FIELDS: the page shows the fields in
        # this order, asking for the reason for a status straight after the status.
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
            # The NHS.UK radios (templates/includes/radios.html), one per ProgressUpdate.Status.
            "status": forms.RadioSelect,
            "status_reason": forms.Textarea(attrs={"rows": 2}),
            "after_close_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "evidence_url": "Optional. A link to a report or dashboard that shows the progress.",
            "status_reason": "Only if you choose a status other than the one the figures suggest.",
            "after_close_reason": "Only if the quarter of the as-of date is closed.",
        }
        labels = {
            "status": "Status",
            "status_reason": "Reason for the status",
            "after_close_reason": "Reason for changing a closed quarter",
        }
        # What to do, in NHS.UK's words, for every rule of every field: no "This field is
        # required.", and no two fields with the same message.
        error_messages = {
            "status": {
                "required": "Select a status",
                "invalid_choice": "Select a status from the list",
            },
            "status_reason": {
                "max_length": "The reason for the status must be "
                "%(limit_value)s characters or fewer"
            },
            "evidence_url": {
                "invalid": "Enter the evidence link as a full web address, like https://www.example.com/report",
                "max_length": "The evidence link must be %(limit_value)s characters or fewer",
            },
            "after_close_reason": {
                "max_length": "The reason for changing a closed quarter must be "
                "%(limit_value)s characters or fewer"
            },
        }

    def __init__(
        self,
        *args: Any,
        objective: Objective | None = None,
        user: Any = None,
        suggested_status: str = "",
        **kwargs: Any,
    ) -> None:
        """A recorded update (an edit) brings its objective and suggested status; a new
        one is given them, or in the admin chooses its objective as a field."""
        super().__init__(*args, **kwargs)
        recorded = self.instance.pk is not None
        self.objective = self.instance.objective if recorded else objective
        self.user = user if user is not None else self.current_user
        self.suggested_status = self.instance.suggested_status if recorded else suggested_status
        if self.ask_only_what_applies:
            for name in self.not_applying():
                del self.fields[name]
        if "status" in self.fields:  # a radio for each status, and no empty one
            self.fields["status"].choices = ProgressUpdate.Status.choices
        if self.objective is not None:
            self.say_the_allowed_range()

    def say_the_allowed_range(self) -> None:
        """The as-of dates the mandate allows, in words in the field's hint, so a date
        outside them is not typed only to be refused. Words only: the date is typed in
        text boxes, which have no bounds to set."""
        field = self.fields.get("as_of")
        if field is None:
            return
        mandate, today = self.objective.mandate, timezone.localdate()  # type: ignore[union-attr]
        field.help_text = f"{field.help_text} It must be {as_of_range_words(mandate, today)}."

    def not_applying(self) -> set[str]:
        unasked = set() if self.suggested_status else {"status_reason"}
        if not self.user.has_perm(EDIT_PROGRESS) or "reason" in self.fields:
            unasked.add("after_close_reason")
        return unasked & set(self.fields)

    def clean_as_of(self) -> datetime.date:
        """ProgressUpdate.clean's rule (objectives.dates), said here, before the model's
        validators, so a bad date gets one message; and for a date typed into the form,
        even one the update had before. A date an edit leaves alone is not asked about."""
        as_of: datetime.date = self.cleaned_data["as_of"]
        objective = self.objective or self.cleaned_data.get("objective")
        if objective is not None and as_of != self.instance.as_of:
            check_as_of(objective.mandate, as_of, timezone.localdate(), field=None)
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
            self.add_error(
                "percent_complete", "Enter 100 for percent complete, or select another status"
            )
        objective = self.objective or cleaned.get("objective")
        if objective is None:  # the admin's objective field, refused: nothing to check
            return cleaned
        problems = progress_rule_problems(
            objective=objective,
            user=self.user,
            as_of=cleaned.get("as_of"),
            status=cleaned.get("status"),
            suggested_status=self.suggested_status,
            status_reason=cleaned.get("status_reason") or "",
            after_close_reason=self.close_reason(cleaned),
            previous_as_of=self.instance.as_of if self.instance.pk else None,
        )
        say_problems(self, problems)
        return cleaned


def say_the_reason_to_give(form: forms.BaseForm) -> None:
    """A reason's length said in NHS.UK's words, on every form that asks for one. Its
    "required" message stays core.history's, the one every history page of the admin says."""
    field = form.fields.get("reason")
    if field is not None:
        field.error_messages["max_length"] = (
            "The reason must be %(limit_value)s characters or fewer"
        )


def say_problems(form: forms.BaseForm, problems: dict[str, str]) -> None:
    """The services' rules broken, said against the fields they concern (else the whole
    form) as messages, where the service would refuse them as an error page."""
    for field, message in problems.items():
        if field not in form.errors:
            form.add_error(field if field in form.fields else None, message)


class ProgressUpdateEditForm(VersionCheckedForm, ProgressUpdateForm):
    """An Editor's change on the update's page: its reason is kept with the version, and
    serves as the reason for changing a closed quarter too. It carries the version it was
    read at, so a change made meanwhile is not overwritten unseen (core.versions)."""

    reason = reason_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_the_reason_to_give(self)

    def close_reason(self, cleaned: dict[str, Any]) -> str:
        return cleaned.get("reason") or ""


class ProgressUpdateAddForm(ProgressUpdateForm):
    """The admin's add page: the record page's form, with the objective chosen there."""

    ask_only_what_applies = False
    as_of = None  # type: ignore[assignment]  # the admin's own date widget, from the model

    class Meta(ProgressUpdateForm.Meta):
        fields = ("objective", *ProgressUpdateForm.Meta.fields)


class ProgressUpdateChangeForm(ProgressUpdateEditForm):
    """The admin's change page: the edit page's form, which also withdraws or reinstates."""

    ask_only_what_applies = False
    as_of = None  # type: ignore[assignment]  # the admin's own date widget, from the model

    withdrawn = forms.BooleanField(
        required=False,
        help_text="A withdrawn update leaves the summaries but stays in the history.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn"].initial = self.instance.withdrawn_at is not None


class ProgressUpdateRestoreForm(forms.ModelForm):
    """Bringing back an earlier version (objectives.services.progress_update_restore), on
    the update's page and by the admin's "Revert" alike. Its instance is the version; it
    comes back as it was, so only the reason is asked, and the version is checked against
    the rules as the service will check it (a version saved before a rule was kept, or
    in a quarter closed since, may not come back)."""

    current_user: Any = None  # as ProgressUpdateForm's, for the admin
    reason = reason_field()

    class Meta:
        model = ProgressUpdate
        fields = ()

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user if user is not None else self.current_user
        say_the_reason_to_give(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        version = self.instance
        saved_as_of, suggested_status = ProgressUpdate.objects.values_list(
            "as_of", "suggested_status"
        ).get(pk=version.pk)
        problems = progress_rule_problems(
            objective=version.objective,
            user=self.user,
            as_of=version.as_of,
            status=version.status,
            suggested_status=suggested_status,
            status_reason=version.status_reason,
            after_close_reason=cleaned.get("reason") or "",
            previous_as_of=saved_as_of,
        )
        say_problems(self, problems)
        return cleaned


class ReasonForm(forms.Form):
    """A withdrawal's reason."""

    reason = reason_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_the_reason_to_give(self)


class MeasurementForm(forms.ModelForm):
    """A figure as an Updater records it. The target is not a field but given by the page,
    so the form is told it: without it, the "one figure per target per day" constraint
    would not be checked here and a second figure would reach the database as an error
    page rather than come back as a message."""

    # Within core.numbers' bounds, as the model and the table hold them. No max_digits:
    # the bound says how wide a figure may be, once (a digit count would say it again).
    value = forms.DecimalField(
        label="Figure",
        min_value=FIGURE_MIN,
        max_value=FIGURE_MAX,
        decimal_places=2,
        help_text="The actual number so far, for example 12000.",
        error_messages={
            "required": "Enter the figure",
            "invalid": "Enter the figure as a number, like 12000",
            "max_decimal_places": "Enter the figure with no more than 2 decimal places",
            "min_value": FIGURE_TOO_SMALL,
            "max_value": FIGURE_TOO_LARGE,
        },
    )
    measured_on = DatePartsField(
        label="Date of the figure",
        noun="date of the figure",
        help_text="The day the figure stands at, for example the end of a quarter. "
        "It cannot be in the future.",
    )

    class Meta:
        model = Measurement
        fields = ("measured_on", "value", "note")
        labels = {"note": "Source"}
        help_texts = {
            "note": "Optional. Where the figure comes from: a report, a dataset, a dashboard.",
        }
        error_messages = {
            "note": {"max_length": "The source must be %(limit_value)s characters or fewer"},
        }

    def __init__(self, *args: Any, target: Target, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target

    def clean_measured_on(self) -> datetime.date:
        # Measurement.clean's rule (objectives.dates), said here, before the model's
        # validators, so a date far ahead gets one message.
        measured_on: datetime.date = self.cleaned_data["measured_on"]
        check_measured_on(measured_on, timezone.localdate(), field=None)
        if measured_on < EARLIEST_AS_OF:  # the model's bound, said in words
            raise forms.ValidationError(
                f"The date of the figure must be in {EARLIEST_AS_OF.year} or later"
            )
        if Measurement.objects.filter(target=self.target, measured_on=measured_on).exists():
            raise forms.ValidationError(figure_recorded_already(measured_on))
        return measured_on
