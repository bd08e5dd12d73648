"""The API's rate limit counts a person's requests across the app's processes: gunicorn's
two workers share the count (config.settings CACHES: the database's cache), so a person
gets the rate, not the rate once for each worker.

Each request is a connection of its own, taken by whichever worker accepts it first; one
after another, so that every request is counted before the next is made."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from tests.load.conftest import API_RATE, LOADERS, AppServer

REQUESTS = API_RATE + 20  # bounded: a few seconds


def test_a_person_gets_the_rate_once_however_many_workers_serve_them(
    app_server: AppServer,
) -> None:
    key = app_server.token(LOADERS[-1])
    address = urlsplit(app_server.url)
    statuses = []
    for _ in range(REQUESTS):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        try:
            connection.request(
                "GET",
                "/api/mandates/",
                headers={"Authorization": f"Token {key}", "Connection": "close"},
            )
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        finally:
            connection.close()
    app_server.assert_running()
    assert statuses[:API_RATE] == [200] * API_RATE
    assert statuses[API_RATE:] == [429] * (REQUESTS - API_RATE), statuses
