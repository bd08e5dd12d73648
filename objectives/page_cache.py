"""Pages made once per version of the data they show (objectives.models.DataVersion).

A cached page is keyed by the data's version token, today's date (what is overdue
changes at midnight) and the page's full address, so it can only be shown while the data
it was made from stands: the write that changes the data changes the token in the same
transaction. Reading the token is one query by primary key.

The cache is per process (Django's local-memory cache, settings.CACHES): nothing to run
beside the app, and nothing to invalidate, since a key is never reused for other data."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

# Keys never go stale, so this only bounds how long memory holds a page nobody reads.
KEEP_SECONDS = 24 * 60 * 60


def data_version() -> str | None:
    """The current token; None when its row is missing (a database just emptied by a
    test's flush), in which case nothing is cached.

    Plain SQL: it is read on every request of a cached page, and building the query
    through the ORM cost more than running it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM objectives_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def cached_html(request: HttpRequest, make: Callable[[], str]) -> SafeString:
    """The HTML `make` returns for this address, made once per data version and day."""
    token = data_version()
    if token is None:
        return mark_safe(make())  # noqa: S308  # nosec B308, B703 - our own rendered template
    address = f"{token}|{timezone.localdate().isoformat()}|{request.get_full_path()}"
    key = "page:" + hashlib.sha256(address.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = make()
        cache.set(key, html, KEEP_SECONDS)
    return mark_safe(html)  # noqa: S308  # nosec B308, B703 - our own rendered template
