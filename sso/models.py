from __future__ import annotations

from django.conf import settings
from django.db import models


class Identity(models.Model):
    """Who a user is at the organisation's provider: its issuer and the `sub` it gives
    them. People are known by these, not by email: OpenID Connect promises that an
    issuer's `sub` is never changed or given to anyone else, while an address can change
    hands, and trusting it would let whoever holds an old colleague's address (or a
    provider that does not check addresses) into that colleague's account, a password
    account or an administrator's included."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_identity"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "identities"
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="sso_identity_issuer_subject_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
