"""The weekly digest for Editors who ask for it (EmailChoice.weekly_digest): what is
overdue for an update and which themes' returns await sign-off. One a week at most,
however often the command runs."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.people import display_name
from mandates.models import ReportingPeriod, Theme
from mandates.sign_offs import SIGN_OFF_RETURN
from objectives.models import Objective
from reminders.emails import site_url
from reminders.models import Digest

logger = logging.getLogger(__name__)


@dataclass
class DigestReport:
    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def digest_message(
    editor: AbstractBaseUser,
    overdue: list[Objective],
    awaiting: list[tuple[Theme, ReportingPeriod]],
    *,
    today: datetime.date,
    connection: BaseEmailBackend | None = None,
) -> EmailMessage:
    lines = [
        f"Dear {display_name(editor)},",
        "",
        f"Mandate Tracker, the week of {week_of(today):%d %B %Y}.",
        "",
    ]
    lines.append(f"Overdue for an update: {len(overdue)}")
    for objective in overdue:
        owner = display_name(objective.owner) or "no owner"
        lines.append(
            f"  {objective.mandate.title} {objective.reference} {objective.title} ({owner})"
        )
    lines += ["", f"Awaiting sign-off: {len(awaiting)}"]
    for theme, period in awaiting:
        lines.append(
            f"  {theme.mandate.title}, theme {theme.number}: {theme.title}, {period.label}"
        )
        lines.append(f"    {site_url(theme.get_absolute_url())}")
    lines += [
        "",
        f"Every objective that needs an update: {site_url(reverse('objectives:needs-update'))}",
        f"To stop this digest: {site_url(reverse('reminders:choices'))}",
    ]
    return EmailMessage(
        f"Mandate Tracker: {len(overdue)} overdue, {len(awaiting)} awaiting sign-off",
        "\n".join(lines),
        to=[editor.email],  # type: ignore[attr-defined]
        connection=connection,
    )


def digest_recipients() -> list[AbstractBaseUser]:
    """Those who asked for the digest and may still sign off (an Editor who lost the role
    no longer gets it)."""
    people = get_user_model().objects.filter(email_choice__weekly_digest=True).order_by("pk")
    return [person for person in people if person.has_perm(SIGN_OFF_RETURN)]


def digests_send(
    *, today: datetime.date, connection: BaseEmailBackend | None = None
) -> DigestReport:
    report = DigestReport()
    recipients = digest_recipients()
    if not recipients:
        return report
    overdue = list(
        Objective.objects.overdue(today).order_by("mandate", "theme__number", "position")
    )
    awaiting = Theme.objects.awaiting_sign_off(today)
    connection = connection or get_connection()
    for editor in recipients:
        if not editor.email or not editor.is_active:  # type: ignore[attr-defined]
            report.unreachable.append(display_name(editor))
            continue
        try:
            with transaction.atomic():
                _, created = Digest.objects.get_or_create(
                    recipient=editor, week_of=week_of(today), defaults={"sent_at": timezone.now()}
                )
                if created:
                    digest_message(
                        editor, overdue, awaiting, today=today, connection=connection
                    ).send()
        except Exception:
            # As with reminders: one refused address must not stop the others.
            logger.exception("Digest to %s failed", editor.get_username())
            report.failed.append(display_name(editor))
            continue
        (report.sent if created else report.already_sent).append(display_name(editor))
    return report
