"""The failed logins django-axes records, kept within its columns."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

# django-axes keeps the username of each failed login in a 255-character column.
USERNAME_LIMIT = 255


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> Any:
    """The username a failed login is recorded and locked out under: as typed, cut to
    django-axes's column. Uncut, a longer one (a scanner's, say) makes PostgreSQL refuse
    the record and the login page an error page (django-axes issue #1381). No user's
    name is longer than 150 characters, so the cut changes no real user's lockout."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return username[:USERNAME_LIMIT] if isinstance(username, str) else username
