"""The reminder emails sent to owners of overdue objectives, one a day at most."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class Reminder(models.Model):
    """A reminder email sent to an objective owner: one a day at most, whatever cron does."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField()
    # Unbounded, unlike the texts people type (core.limits): the app writes it, one line
    # for each objective overdue, and no form or full_clean reads it.
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
