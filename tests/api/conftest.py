"""A viewer's personal token and a client that sends it, as a program would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from api.services import personal_token_create


@pytest.fixture(autouse=True)
def _fresh_rate_counts(db: None) -> Iterator[None]:
    """The rate limits count in the cache: the database's, which a test's transaction
    rolls back, but which a transactional test's flush leaves (it is no model's table).
    Each test starts from none."""
    cache.clear()
    yield
    cache.clear()


def token_for(user: User, name: str = "Test script") -> str:
    return personal_token_create(user=user, name=name)[1]


class TokenClient:
    """Django's test client, sending `Authorization: Token <key>` with every request."""

    def __init__(self, key: str) -> None:
        self.client = Client()
        self.key = key

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Token {self.key}", **kwargs.pop("headers", {})}
        return getattr(self.client, method)(path, headers=headers, **kwargs)

    def get(self, path: str, data: dict | None = None, **kwargs: Any) -> Any:
        return self.request("get", path, data=data, **kwargs)


@pytest.fixture
def viewer_key(viewer: User) -> str:
    return token_for(viewer)


@pytest.fixture
def api(viewer_key: str) -> TokenClient:
    return TokenClient(viewer_key)
