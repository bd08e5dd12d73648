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


class EmailChoice(models.Model):
    """What a person has chosen to be emailed. Without a row, the defaults: reminders on,
    no weekly digest."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_choice"
    )
    reminders = models.BooleanField(
        default=True,
        help_text="An email on each day that any objective you own is overdue for an update.",
    )
    weekly_digest = models.BooleanField(
        default=False,
        help_text="For Editors: one email a week of what is overdue and what awaits sign-off.",
    )

    def __str__(self) -> str:
        return f"Email choices of {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("reminders:choices")


class Digest(models.Model):
    """A weekly digest sent to an Editor: one a week at most, whatever cron does."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    week_of = models.DateField(help_text="The Monday of the week it was sent in.")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "week_of"], name="digest_one_a_week"),
        ]

    def __str__(self) -> str:
        return f"Digest to {self.recipient} for the week of {self.week_of}"

    def get_absolute_url(self) -> str:
        return reverse("objectives:needs-update")
