from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from devtools.demo_data import OWNER_USERNAMES, load_demo_data


class Command(BaseCommand):
    help = (
        "Give every objective an owner among the demo accounts and record a few quarters of "
        "demonstration progress, each update marked as demonstration data. Running it again "
        "adds nothing. Development only: refused unless DEBUG is on. Run "
        "create_demo_accounts first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Made-up progress in a real service's database would be read as reports.
        if not settings.DEBUG:
            raise CommandError("Demonstration data is for development only (set DEBUG=true).")
        try:
            report = load_demo_data()
        except User.DoesNotExist as error:
            raise CommandError(
                f"The demo accounts ({', '.join(OWNER_USERNAMES)}) are missing: "
                "run manage.py create_demo_accounts first."
            ) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
