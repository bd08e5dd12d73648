"""The benchmark's floor (bench/, `make bench`): served at /bench/floor only when the
BENCH_FLOOR setting is on (config/urls.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

FLOOR_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>'
    "<body><p>The cheapest logged-in page.</p></body></html>"
)


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """A fixed page behind the same middleware and login as every page (session, user,
    CSRF, throttling, history): what any page costs before it does any work of its own."""
    return HttpResponse(FLOOR_PAGE)
