"""Targets and the figures recorded against them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.limits import SOURCE_NOTE_LENGTH, BoundedTextField
from core.numbers import FIGURE_MAX, FIGURE_MIN, FIGURE_TOO_LARGE, FIGURE_VALIDATORS, figure
from core.precision import Precision, check_first_day, in_words, period_last
from objectives.dates import check_measured_on
from objectives.models.objective import EARLIEST_AS_OF, LATEST_AS_OF, Objective
from objectives.querysets import (
    MeasurementQuerySet,
    TargetQuerySet,
    TargetStepQuerySet,
)


class Target(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="targets")
    code = models.SlugField(max_length=60, help_text="Names the target within its objective.")
    description = models.CharField(max_length=300)
    # Within core.numbers' bounds, here and in the table: a wider figure is not read back.
    value = models.DecimalField(max_digits=16, decimal_places=2, validators=FIGURE_VALIDATORS)
    unit = models.CharField(max_length=40, help_text='What is counted: "doctors", "GBP".')
    # Dates held to the precision of their source (core.precision): "by 2020" is the year
    # 2020, held as its first day, never as an invented 31 December.
    deadline = models.DateField(null=True, blank=True)
    deadline_precision = models.CharField(
        max_length=14, choices=Precision.choices, default=Precision.DAY
    )
    deadline_text = models.CharField(
        max_length=60, blank=True, help_text='The deadline as the source words it: "by 2020".'
    )
    deadline_inferred = models.BooleanField(
        default=False, help_text="The sources do not give this target a deadline; we inferred it."
    )
    baseline_value = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, validators=FIGURE_VALIDATORS
    )
    baseline_date = models.DateField(null=True, blank=True)
    baseline_precision = models.CharField(
        max_length=14, choices=Precision.choices, default=Precision.DAY
    )
    source_note = BoundedTextField(max_length=SOURCE_NOTE_LENGTH)

    history = HistoricalRecords()
    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["objective", "deadline", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "code"], name="target_code_unique_per_objective"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="target_value_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(value__lte=FIGURE_MAX),
                name="target_value_within_bound",
                violation_error_message=FIGURE_TOO_LARGE,
            ),
            models.CheckConstraint(
                condition=models.Q(baseline_value__isnull=True)
                | models.Q(baseline_value__gte=FIGURE_MIN, baseline_value__lte=FIGURE_MAX),
                name="target_baseline_within_bounds",
            ),
            models.CheckConstraint(
                condition=models.Q(baseline_value__isnull=True)
                | models.Q(baseline_date__isnull=False),
                name="target_baseline_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return self.objective.get_absolute_url()

    def clean(self) -> None:
        check_first_day("deadline", self.deadline, self.deadline_precision)
        check_first_day("baseline_date", self.baseline_date, self.baseline_precision)

    @property
    def deadline_end(self) -> datetime.date | None:
        """The last day the deadline allows: the end of its year for "by 2020"."""
        return (
            None if self.deadline is None else period_last(self.deadline, self.deadline_precision)
        )

    @property
    def baseline_end(self) -> datetime.date | None:
        """The day the baseline stands at: the end of its month for "September 2019"."""
        if self.baseline_date is None:
            return None
        return period_last(self.baseline_date, self.baseline_precision)

    @property
    def deadline_words(self) -> str:
        """The deadline as the source gives it, else to its precision: "by 2020"."""
        if self.deadline_text:
            return self.deadline_text
        if self.deadline is None:
            return ""
        return f"by {in_words(self.deadline, self.deadline_precision)}"

    def natural_key(self) -> tuple[str, str, str]:
        return (*self.objective.natural_key(), self.code)

    natural_key.dependencies = ["objectives.objective"]  # type: ignore[attr-defined]


class TargetStep(models.Model):
    """What a target asks for in one year, where it steps up year by year: 3,250 GP
    trainees a year from 2016, 3,500 in 2020, 4,000 from 2021."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="steps")
    year = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(EARLIEST_AS_OF.year, "The year must be %(limit_value)s or later."),
            MaxValueValidator(LATEST_AS_OF.year, "The year must be %(limit_value)s or earlier."),
        ]
    )
    value = models.DecimalField(max_digits=16, decimal_places=2, validators=FIGURE_VALIDATORS)
    source_url = models.URLField(
        max_length=500, help_text="The page that gives this year's figure."
    )
    source_note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()
    objects = TargetStepQuerySet.as_manager()

    class Meta:
        ordering = ["target", "year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="target_step_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="target_step_value_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(value__lte=FIGURE_MAX),
                name="target_step_value_within_bound",
                violation_error_message=FIGURE_TOO_LARGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {figure(Decimal(self.value))} in {self.year}"

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()

    def natural_key(self) -> tuple[str, str, str, int]:
        return (*self.target.natural_key(), self.year)

    natural_key.dependencies = ["objectives.target"]  # type: ignore[attr-defined]


class Measurement(models.Model):
    """An actual figure against a target on a date: 12,000 more nurses so far."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="measurements")
    measured_on = models.DateField(
        validators=[MinValueValidator(EARLIEST_AS_OF), MaxValueValidator(LATEST_AS_OF)]
    )
    measured_precision = models.CharField(
        "precision of the date",
        max_length=14,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="A published count may be for a month or a year, not a day.",
    )
    value = models.DecimalField(max_digits=16, decimal_places=2, validators=FIGURE_VALIDATORS)
    note = models.CharField(max_length=300, blank=True, help_text="Where the figure comes from.")
    # A figure someone else published (HEE, DHSC, the press), with where and when: shown as
    # theirs, never as the app's own estimate. Blank for a figure recorded here.
    publisher = models.CharField(max_length=200, blank=True)
    source_url = models.URLField("published at", max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    # None only for a published figure loaded from a fixture: its publisher stands for it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
    )
    recorded_at = models.DateTimeField()

    history = HistoricalRecords()
    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["target", "-measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "measured_on"], name="measurement_one_per_target_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="measurement_value_not_negative",
                violation_error_message="A figure cannot be negative.",
            ),
            models.CheckConstraint(
                condition=models.Q(value__lte=FIGURE_MAX),
                name="measurement_value_within_bound",
                violation_error_message=FIGURE_TOO_LARGE,
            ),
            models.CheckConstraint(
                condition=models.Q(measured_on__gte=EARLIEST_AS_OF, measured_on__lte=LATEST_AS_OF),
                name="measurement_date_in_sane_range",
                violation_error_message="The date must be between 2000 and 2100.",
            ),
            models.CheckConstraint(
                condition=models.Q(recorded_by__isnull=False) | ~models.Q(publisher=""),
                name="measurement_recorded_by_someone",
                violation_error_message="A figure is recorded by a person or published by one.",
            ),
        ]

    def __str__(self) -> str:
        on = self.measured_words
        return f"{self.target}: {figure(Decimal(self.value))} on {on}"

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()

    def natural_key(self) -> tuple[str, str, str, str]:
        return (*self.target.natural_key(), self.measured_on.isoformat())

    natural_key.dependencies = ["objectives.target"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        check_first_day("measured_on", self.measured_on, self.measured_precision)
        # Not in the future; before the mandate is allowed (a baseline): objectives.dates.
        # Past 2100 the field's validators say so: one message is enough.
        if self.measured_on is not None and self.measured_on <= LATEST_AS_OF:
            check_measured_on(self.measured_on, timezone.localdate())

    @property
    def is_published(self) -> bool:
        return bool(self.publisher)

    @property
    def stands_on(self) -> datetime.date:
        """The day the figure stands at: the end of its month or year when it is a count
        for one (core.precision)."""
        return period_last(self.measured_on, self.measured_precision)

    @property
    def measured_words(self) -> str:
        return in_words(self.measured_on, self.measured_precision)
