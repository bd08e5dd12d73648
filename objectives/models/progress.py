"""Progress updates: where an objective stands, as its owner reports it each quarter."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from core.limits import (
    CHANGE_REASON_LENGTH,
    LONG_TEXT_LENGTH,
    REASON_LENGTH,
    BoundedTextField,
)
from core.status import Status
from objectives.dates import check_as_of
from objectives.models.objective import EARLIEST_AS_OF, LATEST_AS_OF, Objective
from objectives.querysets import (
    ProgressUpdateQuerySet,
)


class ProgressUpdate(models.Model):
    Status = Status  # the vocabulary of core.status, where every status is named

    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="updates")
    as_of = models.DateField(
        "as of",
        help_text="The date the progress stands at.",
        validators=[
            MinValueValidator(EARLIEST_AS_OF, "The date must be %(limit_value)s or later."),
            MaxValueValidator(LATEST_AS_OF, "The date must be %(limit_value)s or earlier."),
        ],
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    percent_complete = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(0, "Percent complete must be 0 or more."),
            MaxValueValidator(100, "Percent complete must be 100 or less."),
        ]
    )
    narrative = BoundedTextField(max_length=LONG_TEXT_LENGTH)
    evidence_url = models.URLField("evidence link", max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    recorded_at = models.DateTimeField()
    # Set by an edit, so a page can say "edited" without reading the history table.
    edited_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="withdrawn_updates",
    )
    withdrawn_reason = BoundedTextField(max_length=REASON_LENGTH, blank=True)
    # The status the targets' figures suggested when it was recorded, and why the author
    # chose another, if they did.
    suggested_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    status_reason = BoundedTextField(
        "reason for a status other than the suggested one", max_length=REASON_LENGTH, blank=True
    )
    # Recorded or changed after its quarter was closed, by an Editor with a reason.
    after_close = models.BooleanField("changed after its quarter closed", default=False)
    after_close_reason = BoundedTextField(max_length=REASON_LENGTH, blank=True)

    # Every version, with who (history_user), when (history_date) and why
    # (history_change_reason): nothing an editor does loses what was there. The why is
    # the editor's reason (up to 1,000 characters) after "Edited: " and the like, so it
    # is text: simple-history's default, 100 characters, fails on PostgreSQL with a longer.
    # Its bound leaves room for the note's start (core.limits.CHANGE_REASON_LENGTH).
    demonstration = models.BooleanField(
        default=False,
        editable=False,
        help_text="Made up to show the app in use (make run's demonstration data): not a report.",
    )

    history = HistoricalRecords(
        history_change_reason_field=BoundedTextField(max_length=CHANGE_REASON_LENGTH, null=True)
    )
    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of", "-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__gte=0, percent_complete__lte=100),
                name="update_percent_between_0_and_100",
                violation_error_message="Percent complete must be between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=models.Q(as_of__gte=EARLIEST_AS_OF, as_of__lte=LATEST_AS_OF),
                name="update_as_of_in_sane_range",
                violation_error_message="The as-of date must be between 2000 and 2100.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="complete") | models.Q(percent_complete=100),
                name="update_complete_is_100_percent",
                # Django formats the message with %(name)s, so a percent sign is written %%:
                # a lone "100% c" is read as the format "%c" (a TypeError, an error page).
                violation_error_message=(
                    "A complete objective is 100%% complete: choose another status or set 100%%."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    withdrawn_at__isnull=True, withdrawn_by__isnull=True, withdrawn_reason=""
                )
                | models.Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False)
                & ~models.Q(withdrawn_reason=""),
                name="update_withdrawal_has_who_when_why",
                violation_error_message="A withdrawal needs who, when and a reason.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["objective", "-as_of", "-recorded_at"], name="update_latest_per_objective"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.objective.reference} as of {date_format(self.as_of, 'SHORT_DATE_FORMAT')}: "
            f"{self.get_status_display()}"
        )

    def get_absolute_url(self) -> str:
        return self.objective.get_absolute_url()

    def clean(self) -> None:
        """The as-of date within the mandate's period and not after today
        (objectives.dates), checked where a date is set: a new update, or a date the
        update has never had. A withdrawal, a reinstatement or a restore keeps a date the
        update already had, allowed however long ago its mandate ended; a version saved
        before the rule comes back as it was (the closed-quarter rules still apply)."""
        if self.as_of is None or self.objective_id is None:
            return  # the field itself was refused, or the admin's objective: said there
        if not EARLIEST_AS_OF <= self.as_of <= LATEST_AS_OF:
            return  # the field's validators say so: one message is enough
        if self.pk is not None and (
            ProgressUpdate.objects.filter(pk=self.pk, as_of=self.as_of).exists()
            or self.history.filter(as_of=self.as_of).exists()
        ):
            return
        check_as_of(self.objective.mandate, self.as_of, timezone.localdate())

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
