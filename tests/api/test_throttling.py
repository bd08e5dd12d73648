"""Requests per person are limited (REST_FRAMEWORK's DEFAULT_THROTTLE_RATES, from
API_RATE_USER): past the rate, 429 with how long to wait."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import TokenClient, token_for


@pytest.fixture
def two_a_minute(settings: Any) -> None:
    # Changing the setting makes DRF reload its api_settings (its setting_changed
    # receiver); api.throttling reads the rate from them at each request.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "2/minute", "anon": "2/minute"},
    }


@pytest.mark.usefixtures("two_a_minute")
def test_it_answers_429_past_the_rate(api: TokenClient) -> None:
    assert api.get("/api/mandates/").status_code == 200
    assert api.get("/api/themes/").status_code == 200
    response = api.get("/api/mandates/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"]


@pytest.mark.usefixtures("two_a_minute")
def test_the_rate_is_counted_per_person_not_per_token(api: TokenClient, viewer: object) -> None:
    api.get("/api/mandates/")
    api.get("/api/mandates/")
    other_token = TokenClient(token_for(viewer, name="Another"))  # type: ignore[arg-type]
    assert other_token.get("/api/mandates/").status_code == 429


@pytest.mark.usefixtures("two_a_minute")
def test_another_person_has_their_own_count(api: TokenClient, editor: object) -> None:
    api.get("/api/mandates/")
    api.get("/api/mandates/")
    assert TokenClient(token_for(editor)).get("/api/mandates/").status_code == 200  # type: ignore[arg-type]


def test_the_default_rate_lets_a_script_read_many_pages(api: TokenClient) -> None:
    for _ in range(30):
        assert api.get("/api/mandates/").status_code == 200
