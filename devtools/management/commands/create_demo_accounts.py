import os
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import EDITOR, UPDATER, VIEWER

DEMO_ACCOUNTS = (("viewer", VIEWER), ("updater", UPDATER), ("editor", EDITOR), ("admin", None))


class Command(BaseCommand):
    help = (
        "Create or reset one demo account per role (viewer, updater, editor, admin) and print "
        "how to log in. Development only: refused unless DEMO_ACCOUNTS_ALLOWED (DEBUG) is on."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("Demo accounts are for development only (set DEBUG=true).")
        # A fresh password each run unless one is given, so a demo database copied
        # somewhere else is not open to a password printed in a README.
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(9)
        user_model = get_user_model()
        for username, role in DEMO_ACCOUNTS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.first_name = username.capitalize()
            user.last_name = "(demo)"
            user.is_staff = True
            user.is_superuser = role is None
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)] if role else [])
        self.stdout.write("Demo accounts (development only):")
        for username, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:8} {role or 'Administrator (superuser)'}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Log in at {settings.SITE_URL}/ with any of these and the password: {password}"
            )
        )
