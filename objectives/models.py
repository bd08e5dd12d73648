"""The work: objectives, their targets, the progress recorded against them, and links
between objectives of different mandates."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from core.numbers import figure
from core.status import Status
from mandates.models import Mandate, ReportingPeriod, Theme
from mandates.quarters import quarter_words

# Progress can be recorded for any mandate year we could plausibly hold; a date outside
# this window is a typing slip (2201 for 2021), and the database refuses it too.
EARLIEST_AS_OF = datetime.date(2000, 1, 1)
LATEST_AS_OF = datetime.date(2100, 12, 31)


LATEST_FIELDS = ["latest_update", "latest_status", "latest_percent", "latest_as_of"]


# What a row of an objectives table shows (objectives.tables.ObjectiveTable), and no more:
# the objective's full text and its mandate's summary, read for every row, were much of
# what a page of the list cost.
LIST_FIELDS = (
    "reference",
    "title",
    "position",
    "latest_update",
    "latest_status",
    "latest_percent",
    "latest_as_of",
    "mandate__slug",
    "mandate__title",
    "mandate__period_start",
    "theme__number",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)


class ObjectiveQuerySet(models.QuerySet["Objective"]):
    def get_by_natural_key(self, mandate_slug: str, reference: str) -> Objective:
        return self.get(mandate__slug=mandate_slug, reference=reference)

    def for_list(self) -> ObjectiveQuerySet:
        """Objectives as a table row shows them: where each stands, its mandate, theme and
        owner, in one query."""
        return self.select_related("mandate", "theme", "owner").only(*LIST_FIELDS)

    def overdue(self, day: datetime.date) -> ObjectiveQuerySet:
        """Those overdue on `day` (mandates.quarters says the rule), each with the quarter it
        is overdue for: `due_start`, `due_end` and `due_on` (Objective.quarter_due says it
        in words). Two queries: the quarters due here, the objectives when read."""
        due = ReportingPeriod.objects.due_by(day)
        objectives = self.select_related("mandate", "theme", "owner")
        if not due:
            return objectives.none()
        # The quarter is written into the query as constants, one case per mandate, so that
        # a page can say which quarter is missing without asking for the periods again.
        overdue = Q()
        for mandate_id, period in due.items():
            overdue |= Q(mandate_id=mandate_id) & (
                Q(latest_as_of__isnull=True) | Q(latest_as_of__lt=period.start)
            )

        def quarter(field: str) -> Case:
            whens = [
                When(mandate_id=mandate_id, then=Value(getattr(period, field)))
                for mandate_id, period in due.items()
            ]
            return Case(*whens, output_field=models.DateField())

        return objectives.filter(overdue).annotate(
            due_start=quarter("start"), due_end=quarter("end"), due_on=quarter("due")
        )


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
        indexes = [
            # Theme.objects.with_status_counts() counts each theme's objectives (their ids) by
            # these columns: with all of them in one index, PostgreSQL counts from the index
            # alone (an index-only scan) instead of reading every objective's row.
            models.Index(
                fields=["theme", "latest_status", "latest_as_of", "id"],
                name="objective_status_by_theme",
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

    @property
    def quarter_due(self) -> str:
        """The quarter an objective of ObjectiveQuerySet.overdue() misses, in words."""
        return quarter_words(self.due_start, self.due_end, self.due_on)  # type: ignore[attr-defined]

    def clean(self) -> None:
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
            f"{self.objective.reference} as of {date_format(self.as_of, 'SHORT_DATE_FORMAT')}: "
            f"{self.get_status_display()}"
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
        on = date_format(self.measured_on, "SHORT_DATE_FORMAT")
        return f"{self.target}: {figure(Decimal(self.value))} on {on}"

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()
