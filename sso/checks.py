"""Refuse to start with a role mapping that names no role of ours."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from core.roles import ROLES


@register()
def role_values_name_our_roles(**kwargs: Any) -> list[CheckMessage]:
    mapping = settings.OIDC_ROLE_VALUES
    if not isinstance(mapping, dict):
        return [
            Error('OIDC_ROLE_VALUES must be a JSON object: {"claim value": "Role"}.', id="sso.E001")
        ]
    return [
        Error(
            f"OIDC_ROLE_VALUES maps {value!r} to {role!r}, which is not one of {', '.join(ROLES)}.",
            id="sso.E002",
        )
        for value, role in mapping.items()
        if role not in ROLES
    ]
