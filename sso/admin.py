"""Who is linked to which account at the organisation's provider, for an administrator to
read. The links are made and updated by sign-in alone (sso.services); none is added,
changed or deleted here, since a link changed by hand could hand one person's account to
another. Superusers only, as no role is granted these permissions."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from core.history_admin import SafeInputAdmin
from sso.models import Identity


@admin.register(Identity)
class IdentityAdmin(SafeInputAdmin):
    list_display = ["user", "issuer", "subject", "created_at", "last_sign_in_at"]
    list_select_related = ["user"]
    list_filter = ["issuer"]
    search_fields = ["user__username", "subject"]
    fields = list_display

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
