"""Objectives and the links between objectives of different mandates."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.limits import (
    EARLIEST_DATE,
    LATEST_DATE,
    LONG_TEXT_LENGTH,
    SOURCE_NOTE_LENGTH,
    BoundedTextField,
)
from mandates.models import Mandate, Theme
from mandates.quarters import quarter_words
from objectives.querysets import (
    ObjectiveLinkQuerySet,
    ObjectiveQuerySet,
)

# Progress and figures are dated within the dates the app holds (core.limits).
EARLIEST_AS_OF, LATEST_AS_OF = EARLIEST_DATE, LATEST_DATE


LATEST_FIELDS = ["latest_update", "latest_status", "latest_percent", "latest_as_of"]


class Objective(models.Model):
    class Provenance(models.TextChoices):
        PUBLISHED = "published", "Published wording"
        SUMMARY = "summary", "Our reading of a summary, not the mandate's words"
        OTHER_DOCUMENT = "other_document", "From another document, not the mandate"
        PLACEHOLDER = "placeholder", "Placeholder: no source gives its wording"

    # Held beside the theme so that "one reference per mandate" can be a database
    # constraint; clean() keeps the two in agreement.
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="objectives")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="objectives")
    reference = models.CharField(
        max_length=10, help_text='As the mandate numbers it: "4" or "2.3".'
    )
    title = models.CharField("short title", max_length=200)
    text = BoundedTextField("full text", max_length=LONG_TEXT_LENGTH)
    provenance = models.CharField(max_length=14, choices=Provenance.choices)
    source_note = BoundedTextField(
        max_length=SOURCE_NOTE_LENGTH, help_text="Where the wording comes from."
    )
    theme_inferred = models.BooleanField(
        default=False,
        help_text="The sources do not say which theme this objective belongs to; we inferred it.",
    )
    reference_ours = models.BooleanField(
        "numbering ours",
        default=False,
        help_text="The source lists its objectives without numbers: this reference is ours.",
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
        # Position is the order of the source's own list (for 2017-18, the briefing's, which
        # is not the order of the themes we grouped it under).
        ordering = ["mandate__period_start", "position", "reference"]
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
    note = BoundedTextField(max_length=SOURCE_NOTE_LENGTH, blank=True)

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
