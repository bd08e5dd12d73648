from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.emails import reminders_send


class Command(BaseCommand):
    help = (
        "Email each owner of overdue objectives the list of them. Safe to run as often as "
        "you like (from cron, say): each owner gets one reminder a day at most."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = reminders_send(today=timezone.localdate())
        self.stdout.write(f"Sent: {len(report.sent)}")
        self.stdout.write(f"Skipped, already sent today: {len(report.already_sent)}")
        self.stdout.write(
            f"Not emailed (no email address, or account deactivated): {len(report.unreachable)}"
        )
        for name in report.unreachable:
            self.stdout.write(f"  {name}")
        if report.opted_out:
            self.stdout.write(f"Not emailed (reminders turned off): {len(report.opted_out)}")
        if report.unowned:
            self.stdout.write(f"Overdue objectives with no owner: {report.unowned}")
        if report.failed:
            # A non-zero exit, so cron or whoever runs this hears of it; the next run retries.
            raise CommandError(f"Failed to send, will retry next run: {', '.join(report.failed)}")
