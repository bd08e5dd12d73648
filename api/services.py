"""Every write to personal tokens: made, used, revoked."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from api.models import KEY_START, PREFIX_LENGTH, PersonalToken, key_hash

# 32 random bytes, as the key's secret part.
SECRET_BYTES = 32
# "Last used" is kept to the minute: writing it on every request would make each read of
# the API a write too (on SQLite, one that waits for the whole database's lock).
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def personal_token_create(*, user: AbstractBaseUser, name: str) -> tuple[PersonalToken, str]:
    """A new token for `user` and its key: the only time the key exists outside the request
    that sends it."""
    key = KEY_START + secrets.token_urlsafe(SECRET_BYTES)
    token = PersonalToken.objects.create(
        user=user,
        name=name,
        prefix=key[:PREFIX_LENGTH],
        key_hash=key_hash(key),
        created_at=timezone.now(),
    )
    return token, key


def personal_token_revoke(*, token: PersonalToken) -> None:
    """Stops the token at once: every request looks its key up again."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def personal_token_touch(*, token: PersonalToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
