"""The cast of users, one per role, and the mandates loaded from their fixture files.

The mandates are loaded once, into the test database as it is made, rather than by every
test that asks for them: each test runs in a transaction rolled back afterwards, so it
starts from the database as loaded. A test that does not ask for `mandates` starts from
the database as migrated, as before: `_mandates_only_when_asked` empties the tables the
load filled, inside that transaction. A transactional test (live server,
`transaction=True`) commits and is flushed afterwards, so it is emptied and loads them
itself, as every test did before.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> list[str]:
    """The test database, migrated, with the mandates loaded. Returns the tables the load
    filled, all of them empty before it, so emptying them undoes it."""
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
    return filled


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
        _empty(request.getfixturevalue("django_db_setup"))


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Evidence files a test stores go to its own folder, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def mandates(db: None) -> None:
    # Loaded with the database; a transactional test emptied it above and loads them here.
    if not connection.in_atomic_block:
        load_fixtures(FIXTURE_FILES)


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
