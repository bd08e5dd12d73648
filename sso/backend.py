"""The authentication backend for the provider's answer: mozilla-django-oidc's, with the
endpoints found by discovery, the ID token's issuer and audience checked, and people known
by `sub` (sso.services)."""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from sso.config import issuer, sso_enabled
from sso.provider import DiscoveryError, discover
from sso.services import organisation_sign_in

logger = logging.getLogger(__name__)

NO_ROLE = (
    "Your organisation account has no role in Mandate Tracker, so you have not been signed "
    "in. Ask whoever manages your organisation's accounts for the Viewer, Updater or "
    "Editor role."
)
UNAVAILABLE = (
    "Your organisation's sign-in service did not answer as expected, so you have not been "
    "signed in. Try again later, or log in with a password if you have one."
)


class OrganisationAccountBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not the library's __init__: that reads the endpoints from settings, and this
        # backend is built for every password login too, with single sign-on off. The
        # endpoints are found when a sign-in returns (authenticate).
        self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> AbstractUser | None:
        # Only the callback view passes a nonce: a password login's request, even with
        # ?code=...&state=... in its URL, never starts a token exchange.
        if request is None or "nonce" not in kwargs or not sso_enabled():
            return None
        try:
            provider = discover()
        except DiscoveryError as error:
            logger.warning("Single sign-on failed: %s", error)
            messages.error(request, UNAVAILABLE)
            raise PermissionDenied from error
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_uri
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            # The provider refused the code or did not answer: a failed sign-in, not a 500.
            logger.warning("Single sign-on failed: %s", error)
            messages.error(request, UNAVAILABLE)
            raise PermissionDenied from error

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature, expiry and nonce; an ID token must also be
        the configured issuer's and meant for this client (OpenID Connect Core 3.1.3.7)."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if str(payload.get("iss", "")).rstrip("/") != issuer():
            raise SuspiciousOperation("The ID token is not the configured issuer's.")
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is not meant for this client.")
        return payload

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> AbstractUser | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: the UserInfo answer must be about the ID token's subject.
        if not payload.get("sub") or claims.get("sub") != payload["sub"]:
            raise SuspiciousOperation("The UserInfo subject is not the ID token's.")
        user = organisation_sign_in(issuer=issuer(), claims=claims)
        if user is None:
            messages.error(self.request, NO_ROLE)
        return user
