from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.digest import digests_send


class Command(BaseCommand):
    help = (
        "Email each Editor who asked for it the weekly digest: what is overdue and which "
        "themes' returns await sign-off. Safe to run daily: one digest a week at most."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = digests_send(today=timezone.localdate())
        self.stdout.write(f"Sent: {len(report.sent)}")
        self.stdout.write(f"Skipped, already sent this week: {len(report.already_sent)}")
        self.stdout.write(f"Not emailed (no address, or deactivated): {len(report.unreachable)}")
        if report.failed:
            raise CommandError(f"Failed to send, will retry next run: {', '.join(report.failed)}")
