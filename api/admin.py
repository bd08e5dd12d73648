"""Personal tokens in the admin: an administrator sees every token (whose, what for, when
made, last used and revoked) and can revoke one, as its owner can on their tokens page. A
token is made only by its owner (its key is shown once, to them) and never deleted, so
that when it was used stays known. No role is granted these permissions
(core.role_grants): the page is the superusers'."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from api.models import PersonalToken
from api.services import personal_token_revoke
from core.history_admin import SafeInputAdmin


@admin.register(PersonalToken)
class PersonalTokenAdmin(SafeInputAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Changing is revoking, from the list; a token's own page is to read.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[PersonalToken]) -> None:
        active = list(queryset.active())
        for token in active:
            personal_token_revoke(token=token)
        self.message_user(
            request, f"Revoked {len(active)} of the {queryset.count()} tokens.", messages.SUCCESS
        )
