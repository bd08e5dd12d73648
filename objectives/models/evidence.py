"""The documents behind a progress update: files attached to it, each to the version of
the update it was given with. Nothing deletes one: a withdrawn update's files are hidden
with it and come back if it is restored."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from objectives.models.progress import ProgressUpdate


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    """A name of our own under evidence/, never the uploader's, so no name can reach
    another file or carry a path; the person's name for it is kept in `name`."""
    return f"evidence/{instance.update_id}/{uuid.uuid4().hex}.{instance.kind}"


class EvidenceFile(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document (DOCX)"
        XLSX = "xlsx", "Excel spreadsheet (XLSX)"
        CSV = "csv", "CSV"
        PNG = "png", "PNG image"
        JPEG = "jpeg", "JPEG image"

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.PROTECT, related_name="evidence_files"
    )
    # The history version of the update the file was attached with (its history_id).
    version = models.PositiveBigIntegerField()
    file = models.FileField(upload_to=evidence_path, max_length=255)
    name = models.CharField(max_length=255, help_text="The file's name as it was uploaded.")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    size = models.PositiveBigIntegerField(help_text="In bytes.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_files"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["update", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["pdf", "docx", "xlsx", "csv", "png", "jpeg"]),
                name="evidence_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("objectives:evidence", kwargs={"pk": self.pk})
