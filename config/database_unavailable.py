"""While the database cannot be reached (restarting, failing over, out of connections),
answer 503 with a plain page that says to try again, not a 500 error page.

Django turns an exception into a 500 response in whichever layer it is raised: the view,
or a middleware such as the session's, which reads the database before any view runs and
writes to it after. So no middleware sees the exception itself; this one notes it on the
request when Django signals it (got_request_exception, sent for every uncaught exception,
while it is being handled), and, on the way out, swaps that request's 500 for a 503.
Django has already logged the error with its traceback by then.

It must come before SessionMiddleware in MIDDLEWARE, to see the session's errors too. With
DEBUG on, Django's debug page is left as it is, for the developer to read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import add_never_cache_headers

# OperationalError: the server is gone, refuses connections, was shut down under a query,
# or (PostgreSQL) a deadlock or serialization failure; InterfaceError: the connection is
# already closed. Each is worth trying again; any other error stays a 500.
# The driver's own classes too: a server-side cursor closed after the server went away
# (psycopg2's cursor.close() in Django's cursor_iter) raises them unwrapped by Django.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
try:
    import psycopg2

    DATABASE_ERRORS += (psycopg2.OperationalError, psycopg2.InterfaceError)
except ImportError:  # SQLite only: no driver errors of its own to add
    pass
RETRY_AFTER_SECONDS = 5
FLAG = "_database_unavailable"
UNAVAILABLE_TEXT = "Service temporarily unavailable, try again"

PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Service temporarily unavailable</title></head>
<body>
<h1>Service temporarily unavailable</h1>
<p>{UNAVAILABLE_TEXT} in a few moments.</p>
<p>If you were saving something, check whether it was saved before saving it again.</p>
</body>
</html>
"""


def service_unavailable() -> HttpResponse:
    """No template, context or database: this must work when nothing else does."""
    response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def caused_by_the_database(error: BaseException | None) -> bool:
    """The error, or one it was raised from or while handling: a page that meets the
    database going away inside a library (a template tag, a paginator) may raise another
    error on top of it, and that is still the database's."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def note_database_error(sender: object, request: HttpRequest | None = None, **kwargs: Any) -> None:
    error = sys.exc_info()[1]  # Django sends the signal while it handles the exception
    if request is not None and caused_by_the_database(error):
        setattr(request, FLAG, True)


got_request_exception.connect(note_database_error, dispatch_uid="config.database_unavailable")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(request, FLAG, False) and response.status_code >= 500 and not settings.DEBUG:
            unavailable = service_unavailable()
            # Django logged the error, with its traceback, as it made the 500: not again.
            unavailable._has_been_logged = True  # type: ignore[attr-defined]
            return unavailable
        return response
