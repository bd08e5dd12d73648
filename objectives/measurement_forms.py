"""The form for recording an actual figure against a target."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from objectives.models import Measurement, Target


class MeasurementForm(forms.ModelForm):
    """A figure as an Updater records it. The target is not a field but given by the page,
    so the form is told it: without it, the "one figure per target per day" constraint
    would not be checked here and a second figure would reach the database as an error
    page rather than come back as a message."""

    # Below a trillion: SQLite keeps decimals as floating point, exact to about 15
    # digits, and no workforce or budget figure of ours comes near it.
    value = forms.DecimalField(
        label="Figure",
        min_value=Decimal(0),
        max_value=Decimal("999999999999.99"),
        max_digits=14,
        decimal_places=2,
        help_text="The actual number so far, for example 12000.",
        error_messages={
            "min_value": "The figure must be 0 or more.",
            "max_value": "The figure must be less than a trillion.",
            "max_digits": "The figure must be less than a trillion.",
            "max_whole_digits": "The figure must be less than a trillion.",
        },
    )

    class Meta:
        model = Measurement
        fields = ("measured_on", "value", "note")
        widgets = {
            "measured_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"measured_on": "Date of the figure", "note": "Source"}
        help_texts = {
            "measured_on": "The day the figure stands at, for example the end of a quarter.",
            "note": "Optional. Where the figure comes from: a report, a dataset, a dashboard.",
        }

    def __init__(self, *args: Any, target: Target, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target

    def clean_measured_on(self) -> datetime.date:
        measured_on: datetime.date = self.cleaned_data["measured_on"]
        if measured_on > timezone.localdate():
            raise forms.ValidationError("The date of the figure cannot be in the future.")
        if Measurement.objects.filter(target=self.target, measured_on=measured_on).exists():
            raise forms.ValidationError(
                f"A figure for {measured_on.day} {measured_on:%B %Y} is already recorded "
                "for this target: choose another date."
            )
        return measured_on
