from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mandates.models import Theme


class ThemeInline(admin.TabularInline):
    model = Theme
    fields = ("number", "title")
    extra = 0
    show_change_link = True


class MandateAdmin(SimpleHistoryAdmin):
    list_display = ("title", "slug", "issuer", "period_start", "period_end", "withdrawn_on")
    search_fields = ("title", "full_title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ThemeInline]
    fieldsets = [
        (None, {"fields": ("title", "full_title", "slug", "issuer", "summary")}),
        ("Dates", {"fields": ("period_start", "period_end", "published_on", "withdrawn_on")}),
        ("Source", {"fields": ("source_url", "licence")}),
    ]


# Mandate and Theme are registered in objectives/admin.py: a new mandate is given its
# reporting quarters there, and a theme's page lists its objectives, and mandates/ must
# not import from objectives/.
