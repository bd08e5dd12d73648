"""config.database_unavailable: while the database cannot be reached, a plain 503 page that
says to try again, wherever the error is raised (a view, or the session read before any
view runs); any other error stays a 500, and with DEBUG on Django's debug page stays."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from config.database_unavailable import UNAVAILABLE_TEXT
from mandates.models import ThemeQuerySet

MIDDLEWARE = "config.database_unavailable.DatabaseUnavailableMiddleware"


@pytest.fixture
def production(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _quiet_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """The errors these tests cause on purpose are logged with their tracebacks to the
    console (settings.LOGGING); keep them out of the test output (caplog still sees them)."""
    for logger in (logging.getLogger(), logging.getLogger("django")):
        for handler in logger.handlers:
            if type(handler) is logging.StreamHandler:
                monkeypatch.setattr(handler, "level", logging.CRITICAL + 1)


def browser(user: User | None = None) -> Client:
    # raise_request_exception=False: answer as the server would, not raise in the test.
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def assert_unavailable(response: object) -> None:
    assert response.status_code == 503  # type: ignore[attr-defined]
    assert response["Retry-After"] == "5"  # type: ignore[index]
    assert "no-store" in response["Cache-Control"]  # type: ignore[index]
    assert UNAVAILABLE_TEXT in response.content.decode()  # type: ignore[attr-defined]


def test_it_comes_before_the_session_middleware() -> None:
    middleware = django_settings.MIDDLEWARE
    assert middleware.index(MIDDLEWARE) < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


@pytest.mark.django_db
def test_a_database_error_in_a_view_is_a_503(production: None, updater: User) -> None:
    client = browser(updater)
    error = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(ThemeQuerySet, "with_status_counts", side_effect=error):
        assert_unavailable(client.get("/"))


@pytest.mark.django_db
def test_a_closed_connection_is_a_503(production: None, updater: User) -> None:
    client = browser(updater)
    error = InterfaceError("connection already closed")
    with mock.patch.object(ThemeQuerySet, "with_status_counts", side_effect=error):
        assert_unavailable(client.get("/"))


def test_a_database_error_reading_the_session_is_a_503(production: None) -> None:
    # The session is read by the login check before any view: no view sees the error.
    client = browser()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "k" * 32
    error = OperationalError("connection refused")
    with mock.patch.object(SessionStore, "load", side_effect=error):
        assert_unavailable(client.get("/"))


@pytest.mark.django_db
def test_another_error_is_still_a_500(production: None, updater: User) -> None:
    client = browser(updater)
    with mock.patch.object(ThemeQuerySet, "with_status_counts", side_effect=ValueError("a bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert UNAVAILABLE_TEXT not in response.content.decode()


@pytest.mark.django_db
def test_with_debug_on_the_debug_page_stays(settings: object, updater: User) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    client = browser(updater)
    error = OperationalError("no such table: objectives_objective")
    with mock.patch.object(ThemeQuerySet, "with_status_counts", side_effect=error):
        response = client.get("/")
    assert response.status_code == 500
    assert "no such table" in response.content.decode()


@pytest.mark.django_db
def test_the_error_is_logged_once_with_its_traceback(
    production: None, updater: User, caplog: pytest.LogCaptureFixture
) -> None:
    client = browser(updater)
    error = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(ThemeQuerySet, "with_status_counts", side_effect=error):
        assert_unavailable(client.get("/"))
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert len(logged) == 1
    assert logged[0].exc_info is not None
    assert logged[0].exc_info[1] is error
