"""The single sign-on settings, read when asked (never at import), so that a change of
settings (a test's, say) takes effect on the next request."""

from __future__ import annotations

from django.conf import settings


def sso_enabled() -> bool:
    """Single sign-on is on when an issuer and a client id are both set."""
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def issuer() -> str:
    """The issuer as configured, without a trailing slash: the provider's metadata is
    found under it and its ID tokens must name it (compared without the slash)."""
    return str(settings.OIDC_ISSUER).rstrip("/")
