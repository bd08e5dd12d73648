"""The cast of users, one per role, and the mandates loaded from their fixture files."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from core.roles import EDITOR, UPDATER, VIEWER
from mandates.fixture_loader import load_fixtures
from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_record

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE_FILES = [
    FIXTURES_DIR / "hee-2017-18.json",
    FIXTURES_DIR / "hee-2021-22.json",
    FIXTURES_DIR / "links-2017-18-to-2021-22.json",
]


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


@pytest.fixture
def mandates(db: None) -> None:
    load_fixtures(FIXTURE_FILES)


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
