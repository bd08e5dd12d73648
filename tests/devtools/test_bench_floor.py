"""The benchmark's floor page (bench/, config/urls.py): there only when BENCH_FLOOR is set
when the URLs load, and behind the login like every page."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import clear_url_caches
from pytest_django.fixtures import Settings

import config.urls
from devtools.views import FLOOR_PAGE


def reload_urls() -> None:
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def floor_on(settings: Settings) -> Iterator[None]:
    settings.BENCH_FLOOR = True
    reload_urls()
    yield
    settings.BENCH_FLOOR = False
    reload_urls()


def test_it_is_not_served_unless_asked_for(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    assert client.get("/bench/floor").status_code == 404


@pytest.mark.usefixtures("floor_on")
def test_it_serves_a_fixed_page_to_the_logged_in(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    response = client.get("/bench/floor")
    assert response.status_code == 200
    assert response.content.decode() == FLOOR_PAGE


@pytest.mark.usefixtures("floor_on")
@pytest.mark.django_db
def test_it_sends_the_anonymous_to_log_in(client: Client) -> None:
    response = client.get("/bench/floor")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
