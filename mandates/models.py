"""The documents: a government mandate to HEE and the themes it groups its objectives under."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

OGL_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0."
)


class MandateQuerySet(models.QuerySet["Mandate"]):
    def get_by_natural_key(self, slug: str) -> Mandate:
        return self.get(slug=slug)


class Mandate(models.Model):
    slug = models.SlugField(max_length=40, unique=True, help_text="For example hee-2021-22.")
    title = models.CharField(max_length=200)
    full_title = models.TextField(blank=True, help_text="The document's own title, in full.")
    issuer = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    published_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(
        null=True, blank=True, help_text="When the document was withdrawn or superseded."
    )
    source_url = models.URLField(max_length=500)
    licence = models.CharField(max_length=300, default=OGL_ATTRIBUTION)
    summary = models.TextField(blank=True)

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
        return reverse("objectives:mandate", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class ThemeQuerySet(models.QuerySet["Theme"]):
    def get_by_natural_key(self, mandate_slug: str, number: int) -> Theme:
        return self.get(mandate__slug=mandate_slug, number=number)


class Theme(models.Model):
    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="themes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

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
        return reverse(
            "objectives:theme", kwargs={"slug": self.mandate.slug, "number": self.number}
        )

    def natural_key(self) -> tuple[str, int]:
        return (*self.mandate.natural_key(), self.number)

    natural_key.dependencies = ["mandates.mandate"]  # type: ignore[attr-defined]
