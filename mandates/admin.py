"""The admin of mandates, their themes and reporting quarters. Every change is kept with
who, when and why (core.history_admin)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.history_admin import HistoryAdmin, VersionedInline
from core.people import display_name
from mandates.models import Mandate, ReportingPeriod, Theme
from mandates.services import reporting_periods_create


class ThemeInline(VersionedInline, admin.TabularInline):
    model = Theme
    fields = ("number", "title")
    extra = 0
    show_change_link = True


@admin.register(Mandate)
class MandateAdmin(HistoryAdmin):
    list_display = ("title", "slug", "issuer", "period_start", "period_end", "withdrawn_on")
    search_fields = ("title", "full_title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ThemeInline]
    fieldsets = [
        (None, {"fields": ("title", "full_title", "slug", "issuer", "summary")}),
        ("Dates", {"fields": ("period_start", "period_end", "published_on", "withdrawn_on")}),
        ("Source", {"fields": ("source_url", "licence")}),
    ]

    def save_model(self, request: HttpRequest, obj: Mandate, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        reporting_periods_create(mandate=obj)


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ("title", "number", "mandate")
    list_filter = ("mandate",)
    list_select_related = ("mandate",)
    search_fields = ("title", "description")


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(HistoryAdmin):
    """Editors move a quarter's due date here; quarters are made with their mandate and
    closed from the reporting quarters page."""

    list_display = ("mandate", "start", "end", "due", "closed_at", "closed_by_name")
    list_filter = ("mandate",)
    list_select_related = ("mandate", "closed_by")
    fields = ("mandate", "start", "end", "due", "closed_at", "closed_by_name")
    readonly_fields = ("mandate", "start", "end", "closed_at", "closed_by_name")

    @admin.display(description="closed by", ordering="closed_by__username")
    def closed_by_name(self, obj: ReportingPeriod) -> str | None:
        # By name, as every page names people (a user's str() is their username); an
        # open quarter's shows as the admin's empty value, as its closed_at does.
        return display_name(obj.closed_by) or None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
