"""Cache-Control: private, no-store on every response to a signed-in user.

Every page and download here shows data that needs a login (objectives, updates, names,
the summaries as PDF, XLSX, CSV and JSON). Without this header a shared cache (a proxy,
a CDN) may keep one person's copy for the next, and a browser keeps the file on disk
after logging out. Django's admin already sends no-store; the rest of the pages sent
nothing. The directives are added to what a view set (patch_cache_control keeps
no-cache, max-age=0 and the rest), so a stricter header stays as strict, and a view's
"public" gives way to "private".

Not private: the health check and the favicon redirect (no data, and the load balancer
is not signed in), and the static files, which WhiteNoise answers before this runs.
It must come after AuthenticationMiddleware in MIDDLEWARE, which sets request.user.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

# URL names (config/urls.py) of the responses that hold nothing private.
PUBLIC_URL_NAMES = frozenset({"healthz", "favicon"})


def is_public(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name in PUBLIC_URL_NAMES


class PrivateCacheControlMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        # The public check first: the health check should not load a session to answer.
        if not is_public(request) and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
