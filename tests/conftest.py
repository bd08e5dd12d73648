"""The cast of users, one per role, and the mandates loaded from their fixture files.

The mandates are loaded once, into the test database as it is made, rather than by every
test that asks for them: each test runs in a transaction rolled back afterwards, so it
starts from the database as loaded. A test that does not ask for `mandates` starts from
the database as migrated, as before: `_mandates_only_when_asked` empties the tables the
load filled, inside that transaction. A transactional test (live server,
`transaction=True`) commits and is flushed afterwards, so it is emptied, and puts the rows
the load made back as they were (LoadedMandates.restore).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core import serializers
from django.db import connection, transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import validate_django_db

from core.roles import EDITOR, UPDATER, VIEWER
from mandates.fixture_loader import load_fixtures
from objectives.models import Measurement, Objective, ProgressUpdate, Target, TargetStep
from objectives.services import progress_update_record

# Headless Chromium's fixtures (`page`, `new_page`, `browser`), for tests in any folder.
pytest_plugins = ["tests.browsing"]

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE_FILES = [
    FIXTURES_DIR / "hee-2017-18.json",
    FIXTURES_DIR / "hee-2021-22.json",
    FIXTURES_DIR / "links-2017-18-to-2021-22.json",
    FIXTURES_DIR / "published-figures.json",
]


def _transactional(item: pytest.Item) -> bool:
    fixtures = getattr(item, "fixturenames", [])
    if {"transactional_db", "live_server"} & set(fixtures):
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    transaction, reset_sequences, *_ = validate_django_db(marker)
    return bool(transaction or reset_sequences)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test restores the database as migrated (serialized rollback),
    role groups and permissions included, and its flush then leaves the tables empty.
    Were only some of them to do so, a plain one's flush would refill the content types
    through post_migrate under new ids, and the next restore would collide with them."""
    for item in items:
        fixtures = getattr(item, "fixturenames", None)
        wanted = fixtures is not None and _transactional(item)
        if wanted and "django_db_serialized_rollback" not in fixtures:
            fixtures.append("django_db_serialized_rollback")


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing() -> Iterator[None]:
    """Passwords hashed by MD5 in the test run, as Django's testing guide advises: the
    default PBKDF2 takes most of a second of CPU for each password set or checked, and the
    suite logs people in hundreds of times. The load tests' server, in processes of its
    own, keeps the production hasher."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def _member(username: str, role: str) -> User:
    user = User.objects.create_user(username=username, first_name=username.title(), is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer(db: None) -> User:
    return _member("vera-viewer", VIEWER)


@pytest.fixture
def updater(db: None) -> User:
    return _member("uma-updater", UPDATER)


@pytest.fixture
def editor(db: None) -> User:
    return _member("eddie-editor", EDITOR)


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser(username="ada-admin", email="ada@example.org")


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (the database's own table names)
            counts[table] = cursor.fetchone()[0]
        return counts


@dataclass(frozen=True)
class LoadedMandates:
    """What loading the mandates put in the test database: the tables it filled, all of
    them empty before it (so emptying them undoes it), and their rows, serialized, for a
    transactional test to put back as they were. Putting them back costs a tenth of
    loading the files again, which checks every record against every rule."""

    tables: list[str]
    rows: str

    def restore(self) -> None:
        # As Django restores a serialized database: constraints checked once, at the end.
        with transaction.atomic(), connection.constraint_checks_disabled():
            for row in serializers.deserialize("json", self.rows):
                row.save()
        connection.check_constraints(table_names=self.tables)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> LoadedMandates:
    """The test database, migrated, with the mandates loaded."""
    with django_db_blocker.unblock():
        before = _row_counts()
        load_fixtures(FIXTURE_FILES)
        after = _row_counts()
        filled = sorted(table for table, rows in after.items() if rows != before.get(table, 0))
        touched = [table for table in filled if before.get(table, 0)]
        if touched:
            raise AssertionError(
                f"Loading the mandates added to tables the migrations filled: {touched}"
            )
        models = [m for m in apps.get_models() if m._meta.db_table in filled]
        unsaved = set(filled) - {m._meta.db_table for m in models}
        if unsaved:
            raise AssertionError(f"Tables the load filled that no model saves: {unsaved}")
        rows = serializers.serialize(
            "json", itertools.chain.from_iterable(m._base_manager.order_by("pk") for m in models)
        )
    return LoadedMandates(filled, rows)


def _empty(tables: list[str]) -> None:
    # In one transaction: the foreign keys between these tables are checked at its end.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 (as above)


@pytest.fixture(autouse=True)
def _mandates_only_when_asked(request: pytest.FixtureRequest) -> None:
    uses_db = "db" in request.fixturenames or request.node.get_closest_marker("django_db")
    if not uses_db and not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("db")  # the test's transaction, or a transactional test's setup
    if "mandates" not in request.fixturenames or not connection.in_atomic_block:
        _empty(request.getfixturevalue("django_db_setup").tables)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Evidence files a test stores go to its own folder, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def mandates(db: None, django_db_setup: LoadedMandates) -> None:
    # Loaded with the database; a transactional test emptied it above and restores them.
    if not connection.in_atomic_block:
        django_db_setup.restore()


@pytest.fixture
def without_published_figures(mandates: None) -> None:
    """The fixtures as they were before the published figures: for tests that build a
    target's figures and baseline themselves, so the published ones don't stand in."""
    Measurement.objects.exclude(publisher="").delete()
    TargetStep.objects.all().delete()
    Target.objects.filter(code="nurses-2025").update(baseline_value=None, baseline_date=None)


@pytest.fixture
def nurses(mandates: None) -> Objective:
    """2021-22 objective 3: help deliver 50,000 more nurses."""
    return Objective.objects.get(mandate__slug="hee-2021-22", reference="3")


@pytest.fixture
def recorded(nurses: Objective, updater: User) -> ProgressUpdate:
    return progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status=ProgressUpdate.Status.ON_TRACK,
        percent_complete=20,
        narrative="Recruitment campaign launched.",
    )
