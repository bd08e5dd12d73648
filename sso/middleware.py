"""Let the app's pages' forms lead on to the provider while single sign-on is on.

Every signed-in page has the Log out form, and after a single sign-on the logout goes on
to the provider's end_session_endpoint. Browsers apply the page's CSP form-action to
where a form's answer redirects, so under "form-action 'self'" that last step is blocked.
The provider's origin is added to form-action, and to nothing else, through the attribute
django-csp's own csp_update decorator sets (the origin is known only at request time)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponseBase

from sso.config import issuer, sso_enabled


class ProviderFormActionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if sso_enabled():
            parts = urlsplit(issuer())
            update = dict(getattr(response, "_csp_update", None) or {})
            existing = update.get("form-action") or []
            existing = [existing] if isinstance(existing, str) else list(existing)
            update["form-action"] = [*existing, f"{parts.scheme}://{parts.netloc}"]
            response._csp_update = update  # type: ignore[attr-defined]
        return response
