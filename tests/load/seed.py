"""The load tests' database, made and read in a process of its own (python -m tests.load.seed).

The app under load runs in gunicorn, in other processes, so it cannot use pytest-django's
test database (on SQLite that is in memory). This makes a database of its own, named by
DATABASE_URL: `setup` migrates it, loads the mandates and makes the users; `token` makes a
user a personal API token and prints its key; `report` prints what was recorded, as JSON,
for the tests to check against what the clients were told.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = [
    ROOT / "fixtures" / "hee-2017-18.json",
    ROOT / "fixtures" / "hee-2021-22.json",
    ROOT / "fixtures" / "links-2017-18-to-2021-22.json",
    ROOT / "fixtures" / "published-figures.json",
]


def setup(usernames: list[str], password: str) -> None:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db.backends.signals import connection_created

    from core.roles import UPDATER
    from mandates.fixture_loader import load_fixtures

    def no_fsync(sender: object, connection: object, **kwargs: object) -> None:
        # A throwaway database: making it need not wait for the disk. The app under
        # load opens its own connections, with SQLite's defaults.
        if connection.vendor == "sqlite":  # type: ignore[attr-defined]
            with connection.cursor() as cursor:  # type: ignore[attr-defined]
                cursor.execute("PRAGMA synchronous = OFF")

    connection_created.connect(no_fsync)
    call_command("migrate", verbosity=0)
    load_fixtures(FIXTURES)
    encoded = make_password(password)  # hashed once: each hash costs a second of CPU
    updaters = Group.objects.get(name=UPDATER)
    for username in usernames:
        user = User(username=username, first_name=username.title(), password=encoded)
        user.save()
        user.groups.add(updaters)


def token(username: str) -> str:
    """A new personal token of the user's, its key printed for the test to send."""
    from django.contrib.auth.models import User

    from api.services import personal_token_create

    return personal_token_create(user=User.objects.get(username=username), name="Load test")[1]


def report() -> dict[str, object]:
    from objectives.models import Measurement, ProgressUpdate

    history = Counter(ProgressUpdate.history.values_list("id", flat=True))
    created = Counter(ProgressUpdate.history.filter(history_type="+").values_list("id", flat=True))
    updates = [
        {
            "objective": f"{u.objective.mandate.slug}/{u.objective.reference}",
            "narrative": u.narrative,
            "author": u.author.username,
            "versions": history[u.pk],
            "created_versions": created[u.pk],
        }
        for u in ProgressUpdate.objects.select_related("objective__mandate", "author")
    ]
    measurements = [
        {"target": m.target_id, "measured_on": m.measured_on.isoformat(), "value": str(m.value)}
        for m in Measurement.objects.all()
    ]
    return {"updates": updates, "measurements": measurements}


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    command = sys.argv[1]
    if command == "setup":
        setup(sys.argv[2:], os.environ["LOAD_TEST_PASSWORD"])
    elif command == "token":
        sys.stdout.write(token(sys.argv[2]))
    elif command == "report":
        json.dump(report(), sys.stdout)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main()
