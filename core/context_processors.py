"""What every page's template is given besides the request and the user."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def demonstration_data(request: HttpRequest) -> dict[str, bool]:
    """Whether base.html shows the demonstration-data banner. Read from a setting that
    `make run` turns on (DEMONSTRATION_DATA), not from the database: base.html is on every
    page, and a query there would be one more on every page, counted in their pinned
    query counts; the setting costs nothing and is off in production."""
    return {"demonstration_data": settings.DEMONSTRATION_DATA}
