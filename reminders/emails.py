"""Reminder emails to the owners of overdue objectives: one a day at most, however often
the command runs."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.people import display_name
from objectives.models import Objective
from reminders.models import EmailChoice, Reminder

DEFAULT_SITE_URL = "http://127.0.0.1:8000"

logger = logging.getLogger(__name__)


def site_url(path: str) -> str:
    # A command has no request to build an absolute URL from.
    base = getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL
    return base.rstrip("/") + path


@dataclass
class ReminderReport:
    """Who was emailed, who had been already today, who cannot be reached (no address, or
    deactivated), and whose email failed (to be retried by the next run)."""

    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unowned: int = 0  # overdue objectives with nobody to remind
    opted_out: list[str] = field(default_factory=list)  # turned reminders off (EmailChoice)


def reminder_message(
    owner: AbstractBaseUser,
    objectives: list[Objective],
    *,
    connection: BaseEmailBackend | None = None,
) -> EmailMessage:
    count = len(objectives)
    subject = (
        "Mandate Tracker: 1 objective needs an update"
        if count == 1
        else f"Mandate Tracker: {count} objectives need an update"
    )
    lines = [
        f"Dear {display_name(owner)},",
        "",
        "These objectives you own have no progress update for their latest quarter:",
        "",
    ]
    for objective in objectives:
        lines += [
            f"{objective.reference} {objective.title}",
            f"  Mandate: {objective.mandate.title}",
            f"  Quarter: {objective.quarter_due}",
            f"  {site_url(objective.get_absolute_url())}",
            "",
        ]
    lines += [
        "Every objective that needs an update:",
        site_url(reverse("objectives:needs-update")),
        "",
        "You get at most one of these a day, while any of your objectives is overdue.",
        f"To stop them, or start them again: {site_url(reverse('reminders:choices'))}",
    ]
    return EmailMessage(
        subject,
        "\n".join(lines),
        to=[owner.email],  # type: ignore[attr-defined]
        connection=connection,
    )


def reminders_send(
    *, today: datetime.date, connection: BaseEmailBackend | None = None
) -> ReminderReport:
    """Email each owner of overdue objectives the list of them, once a day at most."""
    report = ReminderReport()
    by_owner: dict[int, tuple[AbstractBaseUser, list[Objective]]] = {}
    opted_out = set(EmailChoice.objects.filter(reminders=False).values_list("person_id", flat=True))
    for objective in Objective.objects.overdue(today):
        if objective.owner is None:
            report.unowned += 1
            continue
        by_owner.setdefault(objective.owner_id, (objective.owner, []))[1].append(objective)
    # One connection for the run, so SMTP logs in once rather than once per owner.
    connection = connection or get_connection()
    for owner_id, (owner, objectives) in by_owner.items():
        if owner_id in opted_out:
            report.opted_out.append(display_name(owner))
            continue
        # A deactivated owner can no longer act on it: count them with those unreachable.
        if not owner.email or not owner.is_active:  # type: ignore[attr-defined]
            report.unreachable.append(display_name(owner))
            continue
        try:
            sent = _send_once(owner, objectives, today=today, connection=connection)
        except Exception:
            # One refused address must not stop the others' reminders; the failed one
            # left no row, so the next run tries it again.
            logger.exception("Reminder to %s failed", owner.get_username())
            report.failed.append(display_name(owner))
            continue
        (report.sent if sent else report.already_sent).append(display_name(owner))
    return report


def _send_once(
    owner: AbstractBaseUser,
    objectives: list[Objective],
    *,
    today: datetime.date,
    connection: BaseEmailBackend,
) -> bool:
    """Send unless already sent today. The row is claimed and the email sent in one
    transaction: a second run, even one racing this one, finds the row (or waits on its
    unique constraint, then finds it) and sends nothing; if sending raises, the row goes
    with the rollback."""
    with transaction.atomic():
        _, created = Reminder.objects.get_or_create(
            recipient=owner,
            sent_on=today,
            defaults={
                "sent_at": timezone.now(),
                "objectives": "\n".join(
                    f"{objective.mandate.slug} {objective.reference}" for objective in objectives
                ),
            },
        )
        if created:
            reminder_message(owner, objectives, connection=connection).send()
    return created
