"""The work: objectives, their targets, the progress recorded against them, and links
between objectives of different mandates."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from mandates.models import Mandate, Theme

# Progress can be recorded for any mandate year we could plausibly hold; a date outside
# this window is a typing slip (2201 for 2021), and the database refuses it too.
EARLIEST_AS_OF = datetime.date(2000, 1, 1)
LATEST_AS_OF = datetime.date(2100, 12, 31)


LATEST_FIELDS = ["latest_update", "latest_status", "latest_percent", "latest_as_of"]


class ObjectiveQuerySet(models.QuerySet["Objective"]):
    def get_by_natural_key(self, mandate_slug: str, reference: str) -> Objective:
        return self.get(mandate__slug=mandate_slug, reference=reference)


class Objective(models.Model):
    class Provenance(models.TextChoices):
        PUBLISHED = "published", "Published wording"
        SUMMARY = "summary", "Summary of the mandate, not its own words"

    # Held beside the theme so that "one reference per mandate" can be a database
    # constraint; clean() keeps the two in agreement.
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="objectives")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="objectives")
    reference = models.CharField(
        max_length=10, help_text='As the mandate numbers it: "4" or "2.3".'
    )
    title = models.CharField("short title", max_length=200)
    text = models.TextField("full text")
    provenance = models.CharField(max_length=10, choices=Provenance.choices)
    source_note = models.TextField(help_text="Where the wording comes from.")
    theme_inferred = models.BooleanField(
        default=False,
        help_text="The sources do not say which theme this objective belongs to; we inferred it.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_objectives",
        help_text="The senior responsible officer who reports progress.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    # The latest visible progress update and where it stands: derived from the updates,
    # written only by objectives.services.objective_latest_refresh, inside the
    # transaction of the write that changed them, so a recorded update shows at once.
    latest_update = models.ForeignKey(
        "ProgressUpdate", on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    latest_status = models.CharField(max_length=12, null=True, editable=False)  # noqa: DJ001 - None: no update yet
    latest_percent = models.PositiveSmallIntegerField(null=True, editable=False)
    latest_as_of = models.DateField(null=True, editable=False)

    # The latest-update columns are derived, not edited: they stay out of the history.
    history = HistoricalRecords(excluded_fields=LATEST_FIELDS)
    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["mandate__period_start", "theme__number", "position", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "reference"], name="objective_reference_unique_per_mandate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "objectives:detail", kwargs={"slug": self.mandate.slug, "reference": self.reference}
        )

    def natural_key(self) -> tuple[str, str]:
        return (*self.mandate.natural_key(), self.reference)

    natural_key.dependencies = ["mandates.mandate", "mandates.theme"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.theme_id and self.mandate_id and self.theme.mandate_id != self.mandate_id:
            raise ValidationError({"theme": "The theme belongs to another mandate."})


class TargetQuerySet(models.QuerySet["Target"]):
    def get_by_natural_key(self, mandate_slug: str, reference: str, code: str) -> Target:
        return self.get(
            objective__mandate__slug=mandate_slug, objective__reference=reference, code=code
        )


class Target(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="targets")
    code = models.SlugField(max_length=60, help_text="Names the target within its objective.")
    description = models.CharField(max_length=300)
    value = models.DecimalField(max_digits=16, decimal_places=2)
    unit = models.CharField(max_length=40, help_text='What is counted: "doctors", "GBP".')
    deadline = models.DateField(null=True, blank=True)
    deadline_text = models.CharField(
        max_length=60, blank=True, help_text='The deadline as the source words it: "by 2020".'
    )
    baseline_value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    source_note = models.TextField()

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
                condition=models.Q(baseline_value__isnull=True)
                | models.Q(baseline_date__isnull=False),
                name="target_baseline_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return self.objective.get_absolute_url()

    def natural_key(self) -> tuple[str, str, str]:
        return (*self.objective.natural_key(), self.code)

    natural_key.dependencies = ["objectives.objective"]  # type: ignore[attr-defined]


class ProgressUpdateQuerySet(models.QuerySet["ProgressUpdate"]):
    def visible(self) -> ProgressUpdateQuerySet:
        """Updates that count: a withdrawn update stays in the history but not in summaries."""
        return self.filter(withdrawn_at__isnull=True)

    def latest_first(self) -> ProgressUpdateQuerySet:
        return self.order_by("-as_of", "-recorded_at", "-pk")


class ProgressUpdate(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        COMPLETE = "complete", "Complete"

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
    narrative = models.TextField()
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
    withdrawn_reason = models.TextField(blank=True)
    # The status the targets' figures suggested when it was recorded, and why the author
    # chose another, if they did.
    suggested_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    status_reason = models.TextField("reason for a status other than the suggested one", blank=True)
    # Recorded or changed after its quarter was closed, by an Editor with a reason.
    after_close = models.BooleanField("changed after its quarter closed", default=False)
    after_close_reason = models.TextField(blank=True)

    # Every version, with who (history_user), when (history_date) and why
    # (history_change_reason): nothing an editor does loses what was there. The why is
    # the editor's reason (up to 1,000 characters) after "Edited: " and the like, so it
    # is text: simple-history's default, 100 characters, fails on PostgreSQL with a longer.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))
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
            f"{self.objective.reference} as of {self.as_of:%d %b %Y}: {self.get_status_display()}"
        )

    def get_absolute_url(self) -> str:
        return self.objective.get_absolute_url()

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ObjectiveLinkQuerySet(models.QuerySet["ObjectiveLink"]):
    def get_by_natural_key(
        self, from_mandate: str, from_reference: str, to_mandate: str, to_reference: str
    ) -> ObjectiveLink:
        return self.get(
            from_objective__mandate__slug=from_mandate,
            from_objective__reference=from_reference,
            to_objective__mandate__slug=to_mandate,
            to_objective__reference=to_reference,
        )


class ObjectiveLink(models.Model):
    """An objective of a later mandate that continues one of an earlier mandate."""

    class Relation(models.TextChoices):
        CONTINUES = "continues", "Continues"

    from_objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="links_forward"
    )
    to_objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="links_back")
    relation = models.CharField(max_length=12, choices=Relation.choices, default=Relation.CONTINUES)
    inferred = models.BooleanField(
        default=True, help_text="The sources do not state the link outright; we inferred it."
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = ObjectiveLinkQuerySet.as_manager()

    class Meta:
        ordering = ["from_objective", "to_objective"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_objective", "to_objective"], name="objective_link_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_objective=models.F("to_objective")),
                name="objective_link_not_to_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to_objective} {self.get_relation_display().lower()} {self.from_objective}"

    def get_absolute_url(self) -> str:
        return self.to_objective.get_absolute_url()

    def natural_key(self) -> tuple[str, str, str, str]:
        return (*self.from_objective.natural_key(), *self.to_objective.natural_key())

    natural_key.dependencies = ["objectives.objective"]  # type: ignore[attr-defined]


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def latest_first(self) -> MeasurementQuerySet:
        return self.order_by("-measured_on", "-recorded_at", "-pk")


class Measurement(models.Model):
    """An actual figure against a target on a date: 12,000 more nurses so far."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="measurements")
    measured_on = models.DateField(
        validators=[MinValueValidator(EARLIEST_AS_OF), MaxValueValidator(LATEST_AS_OF)]
    )
    value = models.DecimalField(max_digits=16, decimal_places=2)
    note = models.CharField(max_length=300, blank=True, help_text="Where the figure comes from.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="measurements"
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
                condition=models.Q(measured_on__gte=EARLIEST_AS_OF, measured_on__lte=LATEST_AS_OF),
                name="measurement_date_in_sane_range",
                violation_error_message="The date must be between 2000 and 2100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.value} on {self.measured_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()


class ReportingPeriodQuerySet(models.QuerySet["ReportingPeriod"]):
    def containing(self, mandate_id: int, day: datetime.date) -> ReportingPeriod | None:
        return self.filter(mandate_id=mandate_id, start__lte=day, end__gte=day).first()


class ReportingPeriod(models.Model):
    """A quarter of a mandate's year: its update is due by `due`; once closed, its updates
    change only by an Editor, with a reason."""

    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="periods")
    start = models.DateField()
    end = models.DateField()
    due = models.DateField(help_text="Updates for this quarter are due by this day.")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closed_periods",
    )

    history = HistoricalRecords()
    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["mandate", "start"]
        constraints = [
            models.UniqueConstraint(fields=["mandate", "start"], name="period_unique_per_mandate"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(due__gte=models.F("end")), name="period_due_after_end"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True, closed_by__isnull=True)
                | models.Q(closed_at__isnull=False, closed_by__isnull=False),
                name="period_closed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate.title}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("objectives:periods", kwargs={"slug": self.mandate.slug})

    @property
    def label(self) -> str:
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Reminder(models.Model):
    """A reminder email sent to an objective owner: one a day at most, whatever cron does."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField()
    objectives = models.TextField(help_text="The references of the overdue objectives listed.")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "sent_on"], name="reminder_one_a_day"),
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.recipient} on {self.sent_on}"

    def get_absolute_url(self) -> str:
        return reverse("objectives:needs-update")


class DataVersion(models.Model):
    """One row whose token changes, in the same transaction, with every write to what the
    objectives list shows: mandates, themes, objectives, reporting periods and owners'
    names. Database triggers change it (migration 0011), so no write can forget to, however
    it is made (services, admin, loader, bulk updates). objectives.page_cache keys cached
    pages by it: a page made before a write is never shown after it.

    The token is random rather than a counter so that a rolled-back write, which puts the
    old token back with the old data, cannot leave a new token meaning two things."""

    token = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.token
