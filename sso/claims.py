"""What the provider's claims say about a person: their role and their name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from core.roles import ROLES


def claim_values(claims: Mapping[str, Any], name: str) -> list[str]:
    """The values of a claim, as strings: one value or a list of them. A dotted name walks
    into objects ("realm_access.roles", as Keycloak sends roles)."""
    value: Any = claims
    for part in name.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, str)]
    return []


def role_from_claims(claims: Mapping[str, Any]) -> str | None:
    """Our role for the values of the role claim (settings.OIDC_ROLE_CLAIM), mapped by
    settings.OIDC_ROLE_VALUES; the highest when several match, None when none does."""
    mapping: Mapping[str, str] = settings.OIDC_ROLE_VALUES
    values = claim_values(claims, settings.OIDC_ROLE_CLAIM)
    roles = {mapping[value] for value in values if value in mapping}
    ranked = [role for role in ROLES if role in roles]  # ROLES runs lowest to highest
    return ranked[-1] if ranked else None


def names_from_claims(claims: Mapping[str, Any]) -> tuple[str, str]:
    """First and last name: given_name and family_name, else the whole name as the first."""
    first = str(claims.get("given_name") or "")
    last = str(claims.get("family_name") or "")
    if not first and not last:
        first = str(claims.get("name") or "")
    return first[:150], last[:150]
