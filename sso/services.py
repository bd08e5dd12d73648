"""The one write single sign-on makes: a person signing in, with their role from the
provider's claims."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction
from django.utils import timezone

from core.roles import ROLES
from sso.claims import names_from_claims, role_from_claims
from sso.models import Identity

USERNAME_LIMIT = 150  # Django's username column


@transaction.atomic
def organisation_sign_in(*, issuer: str, claims: Mapping[str, Any]) -> AbstractUser | None:
    """The user for these claims, found by issuer and `sub` or made, with their name,
    email and role as the claims now say; None, and no role left, when the claims give
    no role of ours. Never a superuser: one who has no identity yet gets a new account.

    Roles are set at every sign-in, so the provider stays the one place they are given
    and taken away. Role holders are staff, as every role's account is (the admin shows
    each only what its role may see)."""
    subject = str(claims["sub"])
    role = role_from_claims(claims)
    identity = (
        Identity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if role is None:
        if identity is not None:
            identity.user.groups.remove(*Group.objects.filter(name__in=ROLES))
        return None
    if identity is None:
        user = get_user_model().objects.create_user(username=_new_username(claims, subject))
        identity = Identity(user=user, issuer=issuer, subject=subject)
    user = identity.user
    user.first_name, user.last_name = names_from_claims(claims)
    user.email = str(claims.get("email") or "")
    user.is_staff = True
    user.save()
    identity.last_sign_in_at = timezone.now()
    identity.save()
    role_groups = Group.objects.filter(name__in=ROLES)
    user.groups.remove(*[group for group in role_groups if group.name != role])
    user.groups.add(*[group for group in role_groups if group.name == role])
    return user


def _new_username(claims: Mapping[str, Any], subject: str) -> str:
    """A readable username (preferred_username, else email, else the sub), made unique
    with a piece of the sub's hash when a user already has it: a name a provider gives is
    a label here, never a way into an existing account."""
    wanted = str(claims.get("preferred_username") or claims.get("email") or subject)
    wanted = wanted[:USERNAME_LIMIT]
    if not get_user_model().objects.filter(username=wanted).exists():
        return wanted
    suffix = hashlib.sha256(subject.encode()).hexdigest()[:10]
    return f"{wanted[: USERNAME_LIMIT - len(suffix) - 1]}-{suffix}"
