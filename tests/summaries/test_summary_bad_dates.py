"""Recording moments at the edges of the calendar: a date-time that parses but has no
place in UTC or in local time (year 1 ahead of UTC, year 9999 behind it) is refused with
the summaries' own error page and a 400, not a 500 from the database or the renderer."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.usefixtures("mandates")


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        # Before 0001-01-01 in UTC: SQLite's adapter and the renderers' local time fail.
        ("0001-01-01T00:00:00+14:00", "Enter a valid date/time."),
        # In UTC, but London's local mean time of year 1 is before 0001-01-01.
        ("0001-01-01T00:00:00+00:00", "Enter a valid date/time."),
        # After 9999-12-31 in UTC.
        ("9999-12-31T23:59:59-14:00", "Enter a valid date/time."),
        ("9999-12-31T23:59:59", "The recording moment cannot be in the future."),
    ],
)
@pytest.mark.parametrize("fmt", ["html", "json", "csv"])
def test_a_moment_outside_the_calendar_gets_a_message_and_a_400(
    client: Client, viewer: User, moment: str, message: str, fmt: str
) -> None:
    client.raise_request_exception = True
    client.force_login(viewer)
    for url in ("/mandates/hee-2021-22/", "/mandates/hee-2021-22/themes/2/"):
        response = client.get(f"{url}summary.{fmt}?recorded_by={quote(moment)}")
        assert response.status_code == 400, url
        html = response.content.decode()
        assert "There is a problem" in html, url
        assert message in html, url


def test_the_earliest_moment_that_fits_still_makes_a_summary(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    response = client.get(
        "/mandates/hee-2021-22/summary.json", {"recorded_by": "0001-01-02T00:00:00+00:00"}
    )
    assert response.status_code == 200
