"""The documents and their calendar: a government mandate to HEE, the themes it groups its
objectives under, and its reporting quarters."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Value
from django.urls import reverse
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from core.limits import (
    EARLIEST_DATE,
    FULL_TITLE_LENGTH,
    LATEST_DATE,
    LONG_TEXT_LENGTH,
    SOURCE_NOTE_LENGTH,
    BoundedTextField,
)
from core.status import NO_UPDATE, Status, StatusCounts

OGL_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0."
)


# A period reaching 9999 would overflow the quarter arithmetic; the admin and the loader
# refuse one outside the dates the app holds.
DATE_VALIDATORS = [
    MinValueValidator(EARLIEST_DATE, "The date must be %(limit_value)s or later."),
    MaxValueValidator(LATEST_DATE, "The date must be %(limit_value)s or earlier."),
]


class MandateQuerySet(models.QuerySet["Mandate"]):
    def get_by_natural_key(self, slug: str) -> Mandate:
        return self.get(slug=slug)


class Mandate(models.Model):
    slug = models.SlugField(max_length=40, unique=True, help_text="For example hee-2021-22.")
    title = models.CharField(max_length=200)
    full_title = BoundedTextField(
        max_length=FULL_TITLE_LENGTH, blank=True, help_text="The document's own title, in full."
    )
    issuer = models.CharField(max_length=200)
    period_start = models.DateField(validators=DATE_VALIDATORS)
    period_end = models.DateField(validators=DATE_VALIDATORS)
    published_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(
        null=True, blank=True, help_text="When the document was withdrawn, as its source says."
    )
    source_url = models.URLField(max_length=500)
    licence = models.CharField(max_length=300, default=OGL_ATTRIBUTION)
    summary = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)
    source_note = BoundedTextField(
        max_length=SOURCE_NOTE_LENGTH,
        blank=True,
        help_text="Where each fact about the document (title, issuer, dates) comes from.",
    )
    objectives_note = BoundedTextField(
        max_length=SOURCE_NOTE_LENGTH,
        blank=True,
        help_text="What every objective of this mandate must say about where its list "
        "comes from: shown on each of them.",
    )

    history = HistoricalRecords()
    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["period_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="mandate_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mandates:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class ThemeQuerySet(models.QuerySet["Theme"]):
    def get_by_natural_key(self, mandate_slug: str, number: int) -> Theme:
        return self.get(mandate__slug=mandate_slug, number=number)

    def awaiting_sign_off(self, day: datetime.date) -> list[tuple[Theme, ReportingPeriod]]:
        """Each theme whose quarter due on `day` (the latest of its mandate's whose update
        has fallen due: mandates.quarters) has no sign-off, with that quarter. Two
        queries: the quarters due, the themes."""
        due = ReportingPeriod.objects.due_by(day)
        if not due:
            return []
        signed = ThemeReturn.objects.filter(
            theme=models.OuterRef("pk"), state=ThemeReturn.State.SIGNED_OFF
        )
        pending = Q()
        for mandate_id, period in due.items():
            pending |= Q(mandate_id=mandate_id) & ~models.Exists(signed.filter(period_id=period.pk))
        themes = self.filter(pending).select_related("mandate").order_by("mandate", "number")
        return [(theme, due[theme.mandate_id]) for theme in themes]

    def with_status_counts(self, day: datetime.date) -> ThemeQuerySet:
        """Each theme with how many of its objectives stand at each latest status, and how
        many are overdue for an update on `day` by the rule of mandates.quarters (the same
        objectives as Objective.objects.overdue(day)): counted by the database, one GROUP
        BY over the objectives' latest-update columns. Two queries: the quarters due, the
        themes when read. Theme.status_counts reads them."""
        latest = "objectives__latest_status"
        by_status = {
            f"count_{status}": Count("objectives", filter=Q(**{latest: status}))
            for status in Status.values
        }
        # The quarter due is written into the query as constants, one per mandate, as
        # Objective.objects.overdue(day) writes it: a subquery for it inside the count ran
        # again for every objective counted (EXPLAIN ANALYZE: 20,000 runs for 10,000
        # objectives, twenty times the rest of the query).
        due = ReportingPeriod.objects.due_by(day)
        stale = Q()
        for mandate_id, period in due.items():
            stale |= Q(mandate_id=mandate_id) & (
                Q(objectives__latest_as_of__isnull=True)
                | Q(objectives__latest_as_of__lt=period.start)
            )
        return self.annotate(
            **by_status,
            **{f"count_{NO_UPDATE}": Count("objectives", filter=Q(**{f"{latest}__isnull": True}))},
            count_stale=Count("objectives", filter=stale) if due else Value(0),
        )


class Theme(models.Model):
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="themes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)
    source_note = BoundedTextField(
        max_length=SOURCE_NOTE_LENGTH, blank=True, help_text="Where the theme's title comes from."
    )

    history = HistoricalRecords()
    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["mandate__period_start", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "number"], name="theme_number_unique_per_mandate"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="theme_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("mandates:theme", kwargs={"slug": self.mandate.slug, "number": self.number})

    def natural_key(self) -> tuple[str, int]:
        return (*self.mandate.natural_key(), self.number)

    @property
    def status_counts(self) -> StatusCounts:
        """The counts of ThemeQuerySet.with_status_counts()."""
        keys = [*Status.values, NO_UPDATE]
        counts = {key: getattr(self, f"count_{key}") for key in keys}
        return StatusCounts(counts={k: n for k, n in counts.items() if n}, stale=self.count_stale)

    natural_key.dependencies = ["mandates.mandate"]  # type: ignore[attr-defined]


class ReportingPeriodQuerySet(models.QuerySet["ReportingPeriod"]):
    def containing(self, mandate_id: int, day: datetime.date) -> ReportingPeriod | None:
        return self.filter(mandate_id=mandate_id, start__lte=day, end__gte=day).first()

    def due_on(self, day: datetime.date) -> ReportingPeriodQuerySet:
        """The quarters whose update has fallen due by `day`, of mandates still in force
        then: the latest of a mandate's is the one due (mandates.quarters says the rule)."""
        in_force = Q(mandate__withdrawn_on__isnull=True) | Q(mandate__withdrawn_on__gt=day)
        return self.filter(in_force, due__lte=day)

    def due_by(self, day: datetime.date) -> dict[int, ReportingPeriod]:
        """For each mandate still in force on `day`, the latest of its quarters whose update
        is due by then, by mandate id. One query."""
        due: dict[int, ReportingPeriod] = {}
        for period in self.due_on(day).order_by("mandate_id", "-start"):
            due.setdefault(period.mandate_id, period)
        return due


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
        return reverse("mandates:periods", kwargs={"slug": self.mandate.slug})

    def clean(self) -> None:
        # The rule of the period_due_after_end constraint, said against the due date: the
        # admin's form shows only the due date, and Django checks a constraint on a form
        # only when every field it names is on the form, so it reached the database.
        if self.due is not None and self.end is not None and self.due < self.end:
            end = date_format(self.end)
            message = f"The due date must be on or after the quarter's end, {end}."
            raise ValidationError({"due": message})

    @property
    def label(self) -> str:
        months = (date_format(day, "YEAR_MONTH_FORMAT") for day in (self.start, self.end))
        return " to ".join(months)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ThemeReturn(models.Model):
    """An Editor's decision on a theme's quarterly return: signed off, or sent back to its
    owners with a comment they see. A later change to an update of that quarter clears a
    sign-off (mandates.sign_offs), saying which update changed; every state is kept in the
    history, with who, when and why."""

    class State(models.TextChoices):
        SIGNED_OFF = "signed_off", "Signed off"
        SENT_BACK = "sent_back", "Sent back"
        CLEARED = "cleared", "Sign-off cleared"

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="returns")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="returns")
    state = models.CharField(max_length=20, choices=State.choices)
    comment = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="theme_returns"
    )
    decided_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "period"]
        permissions = [("sign_off_themereturn", "Can sign off or send back a theme's return")]
        constraints = [
            models.UniqueConstraint(fields=["theme", "period"], name="return_one_per_quarter"),
        ]

    def __str__(self) -> str:
        return f"Theme {self.theme.number}, {self.period.label}: {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return self.theme.get_absolute_url()

    @property
    def is_signed_off(self) -> bool:
        return self.state == self.State.SIGNED_OFF
