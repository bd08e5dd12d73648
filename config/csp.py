"""The Content-Security-Policy header: django-csp's middleware, with the admin's pages
allowed the one thing they need beyond the strict policy of settings.CONTENT_SECURITY_POLICY.

What the admin needs was found by loading its pages in Chromium under the strict policy
(Django 5.2, django-simple-history 3.13): the index, change lists with filters and search,
change forms with tabular and stacked inlines, calendar and clock widgets, autocomplete
(select2), the two-box group permissions widget, add/change popups and their responses,
delete confirmation, password change, history and revert. Django's own admin scripts
are all external files (their data goes in data- attributes), so script-src stays 'self'.
One thing broke: django-simple-history's history list
(simple_history/object_history_list.html) has `<p class="paginator" style="border-top: 0">`,
an inline style attribute, which the browser blocks and reports as a console error.

Rather than 'unsafe-inline', the admin pages allow exactly that attribute value by its
hash: `style-src-attr 'unsafe-hashes' 'sha256-...'` of "border-top: 0". An injected style
attribute with any other value, and any injected <style> element, is still blocked there;
every other directive is as strict in the admin as elsewhere.

Noted, not allowed: Django's admin/change_list.html writes an inline <style> element when
a ModelAdmin turns off both action bars (actions_on_top and actions_on_bottom); no admin
here does. One that does would need that element's hash added to ADMIN_EXTRA below.
"""

from __future__ import annotations

import base64
import hashlib

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase


def style_hash(text: str) -> str:
    """A CSP source expression allowing exactly this inline style text."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# Added to the policy on the admin's pages only.
ADMIN_EXTRA: dict[str, list[str]] = {
    # simple_history/object_history_list.html: <p class="paginator" style="border-top: 0">
    "style-src-attr": ["'unsafe-hashes'", style_hash("border-top: 0")],
}


def is_admin(request: HttpRequest) -> bool:
    """A page of an AdminSite (found by its URL namespace, so any prefix works)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and "admin" in match.app_names


class AdminAwareCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if is_admin(request):
            update = {key: list(values) for key, values in ADMIN_EXTRA.items()}
            for key, values in (parts.update or {}).items():
                update.setdefault(key, []).extend([values] if isinstance(values, str) else values)
            parts.update = update
        return parts
