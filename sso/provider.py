"""The provider's endpoints, found from its issuer by OpenID Connect Discovery.

Looked up at each step that needs them (the start of a sign-in, its return, a sign-out),
not kept: the app holds no state in its process, and sign-ins are few, so one more small
request to a provider the step talks to anyway costs little, and follows a provider that
moves its endpoints or keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from django.conf import settings

from sso.config import issuer as configured_issuer


class DiscoveryError(Exception):
    """The provider's metadata could not be fetched, or is not the configured issuer's."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str  # empty when the provider offers no RP-initiated logout


def discover() -> Provider:
    """The configured issuer's metadata, from <issuer>/.well-known/openid-configuration."""
    issuer = configured_issuer()
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as error:
        raise DiscoveryError(f"No OpenID Connect metadata from {issuer}: {error}") from error
    # Discovery 1.0, section 4.3: the metadata must be the issuer's own, or a provider
    # could be made to speak for another.
    if str(metadata.get("issuer", "")).rstrip("/") != issuer:
        raise DiscoveryError(f"{issuer}'s metadata names the issuer {metadata.get('issuer')!r}.")
    try:
        return Provider(
            issuer=issuer,
            authorization_endpoint=metadata["authorization_endpoint"],
            token_endpoint=metadata["token_endpoint"],
            userinfo_endpoint=metadata["userinfo_endpoint"],
            jwks_uri=metadata["jwks_uri"],
            end_session_endpoint=metadata.get("end_session_endpoint", ""),
        )
    except KeyError as missing:
        raise DiscoveryError(f"{issuer}'s metadata has no {missing}.") from None
