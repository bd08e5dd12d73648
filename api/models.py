"""Personal API tokens. The key is shown once, when it is made, and never stored: only its
SHA-256 is kept, with its first characters so that a person can tell their tokens apart.
A plain hash is enough (not a slow password hash): the key is 32 random bytes, which no
one can guess, so there is nothing for a slow hash to protect."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse

# "mt_" makes a leaked key recognisable as ours (in a log, a repository, a secret scanner).
KEY_START = "mt_"
# How much of the key the tokens page shows: the marker and six random characters.
PREFIX_LENGTH = len(KEY_START) + 6


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class PersonalTokenQuerySet(models.QuerySet["PersonalToken"]):
    def active(self) -> PersonalTokenQuerySet:
        return self.filter(revoked_at__isnull=True)

    def for_key(self, key: str) -> PersonalToken | None:
        """The active token with this key, with its user, in one query; None for none."""
        return self.active().select_related("user").filter(key_hash=key_hash(key)).first()


class PersonalToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(editable=False)
    # To the minute (api.services.personal_token_touch), not written on every request.
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A revoked token is kept, so its owner sees when it was used and revoked.
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PersonalTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key_hash"], name="token_key_hash_unique"),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | models.Q(revoked_at__gte=models.F("created_at")),
                name="token_revoked_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def get_absolute_url(self) -> str:
        return reverse("api:tokens")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
