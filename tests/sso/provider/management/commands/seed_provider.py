"""Give the test provider its client (Mandate Tracker) and its people."""

from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandParser
from oauth2_provider.models import Application


class Command(BaseCommand):
    help = "Register the app as a client and add people: --person NAME:PASSWORD:ROLE[,ROLE]."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument(
            "--app-url", action="append", required=True, help="e.g. http://127.0.0.1:8000"
        )
        parser.add_argument("--person", action="append", default=[])

    def handle(self, *args: Any, **options: Any) -> None:
        app_urls = [url.rstrip("/") for url in options["app_url"]]
        Application.objects.update_or_create(
            client_id=options["client_id"],
            defaults={
                "name": "Mandate Tracker",
                "client_secret": options["client_secret"],
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": " ".join(f"{url}/accounts/sso/callback/" for url in app_urls),
                "post_logout_redirect_uris": " ".join(f"{url}/accounts/login/" for url in app_urls),
                "algorithm": Application.RS256_ALGORITHM,
                "skip_authorization": True,  # no consent page: the organisation's own app
            },
        )
        for person in options["person"]:
            username, password, roles = person.split(":", 2)
            user, _ = User.objects.get_or_create(username=username)
            user.first_name = username.capitalize()
            user.last_name = "Example"
            user.email = f"{username}@example.org"
            user.set_password(password)
            user.save()
            user.groups.set(
                [Group.objects.get_or_create(name=role)[0] for role in roles.split(",") if role]
            )
