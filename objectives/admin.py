from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string

from core.history_admin import HistoryAdmin, VersionedInline, version_reverted_to
from core.roles import EDIT_PROGRESS
from core.status import CHOICES_WITH_NO_UPDATE, NO_UPDATE, label
from mandates.admin import ThemeAdmin
from mandates.models import Theme
from objectives.forms import (
    ObjectiveForm,
    ProgressUpdateAddForm,
    ProgressUpdateChangeForm,
    ProgressUpdateRestoreForm,
)
from objectives.models import (
    Measurement,
    Objective,
    ObjectiveLink,
    ProgressUpdate,
    Target,
    TargetStep,
)
from objectives.services import (
    EDITABLE_FIELDS,
    may_correct,
    measurement_record,
    progress_update_edit,
    progress_update_record,
    progress_update_reinstate,
    progress_update_restore,
    progress_update_withdraw,
)


class ObjectiveInline(VersionedInline, admin.TabularInline):
    model = Objective
    form = ObjectiveForm
    fields = ("mandate", "reference", "title", "provenance", "owner", "position")
    extra = 0
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A new objective needs its full text and source: add it on its own page.
        return False


# The theme's admin of mandates/admin.py, with the theme's objectives listed: mandates
# does not import this app, so the objectives are added to it here.
admin.site.unregister(Theme)


@admin.register(Theme)
class ThemeWithObjectivesAdmin(ThemeAdmin):
    inlines = [ObjectiveInline]


class TargetInline(VersionedInline, admin.StackedInline):
    model = Target
    extra = 0
    fields = (
        ("code", "description"),
        ("value", "unit"),
        ("deadline", "deadline_precision", "deadline_inferred"),
        "deadline_text",
        ("baseline_value", "baseline_date", "baseline_precision"),
        "source_note",
    )


class ProgressUpdateInline(admin.TabularInline):
    """The objective's updates, newest first; an update is changed on its own page,
    where a reason is asked for."""

    model = ProgressUpdate
    fields = ("as_of", "status", "percent_complete", "author", "recorded_at", "withdrawn_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProgressUpdate]:
        return super().get_queryset(request).select_related("author")


class LatestStatusFilter(admin.SimpleListFilter):
    title = "latest status"
    parameter_name = "latest_status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return CHOICES_WITH_NO_UPDATE

    def queryset(self, request: HttpRequest, queryset: QuerySet[Objective]) -> QuerySet[Objective]:
        value = self.value()
        if value == NO_UPDATE:
            return queryset.filter(latest_status__isnull=True)
        if value in ProgressUpdate.Status.values:
            return queryset.filter(latest_status=value)
        return queryset


@admin.register(Objective)
class ObjectiveAdmin(HistoryAdmin):
    form = ObjectiveForm
    list_display = (
        "reference",
        "title",
        "mandate",
        "theme_number",
        "owner",
        "latest_status_display",
        "latest_as_of",
    )
    list_display_links = ("reference", "title")
    # As many as a page of the objectives list (25): a screenful, and a fair comparison.
    list_per_page = 25
    list_filter = ("mandate", "theme", LatestStatusFilter, "provenance")
    list_select_related = ("mandate", "theme", "owner")
    search_fields = ("reference", "title", "text")
    inlines = [TargetInline, ProgressUpdateInline]
    fieldsets = [
        (None, {"fields": ("theme", "mandate", "reference", "title", "text", "owner", "position")}),
        ("Provenance", {"fields": ("provenance", "source_note", "theme_inferred")}),
    ]

    @admin.display(description="theme", ordering="theme__number")
    def theme_number(self, obj: Objective) -> int:
        return obj.theme.number

    @admin.display(description="latest status", ordering="latest_status")
    def latest_status_display(self, obj: Objective) -> str:
        return label(obj.latest_status)

    @admin.display(description="as of", ordering="latest_as_of")
    def latest_as_of(self, obj: Objective) -> Any:
        return getattr(obj, "latest_as_of", None)


class WithdrawnFilter(admin.SimpleListFilter):
    title = "withdrawn"
    parameter_name = "withdrawn"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "Counted"), ("yes", "Withdrawn")]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[ProgressUpdate]
    ) -> QuerySet[ProgressUpdate]:
        if self.value() == "yes":
            return queryset.filter(withdrawn_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(withdrawn_at__isnull=True)
        return queryset


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(HistoryAdmin):
    """Every write goes through objectives.services, so the admin keeps the same rules as
    the pages: a reason for each change, a version for each change, nothing deleted."""

    list_display = (
        "objective",
        "as_of",
        "status",
        "percent_complete",
        "author",
        "recorded_at",
        "is_withdrawn",
    )
    list_filter = ("status", "objective__mandate", "objective__theme", WithdrawnFilter)
    list_select_related = ("objective", "author")
    search_fields = ("narrative", "objective__reference", "objective__title")
    date_hierarchy = "as_of"
    autocomplete_fields = ("objective",)
    INFO_FIELDS = (
        "evidence",
        "author",
        "recorded_at",
        "edited_at",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawn_reason",
    )

    @admin.display(boolean=True, description="withdrawn")
    def is_withdrawn(self, obj: ProgressUpdate) -> bool:
        return obj.is_withdrawn

    @admin.display(description="evidence files")
    def evidence(self, obj: ProgressUpdate) -> str:
        """The files attached so far, each a link to its download. More are added with the
        form's "Evidence files" field, checked as on the pages; none is changed or
        deleted here (a read-only list, not an inline, so the form posts no formset)."""
        files = obj.evidence_files.select_related("uploaded_by")
        return render_to_string("admin/objectives/evidence_files.html", {"files": files})

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """An Editor's, as the model permission gives it; and an Updater's for their own
        update while its quarter is open, as on the pages (services.may_correct)."""
        if super().has_change_permission(request, obj):
            return True
        return obj is not None and may_correct(request.user, obj)  # type: ignore[arg-type]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["objective", *EDITABLE_FIELDS, "evidence_files", "after_close_reason"]
        shown = ["objective", *EDITABLE_FIELDS, *self.INFO_FIELDS]
        if not self.has_change_permission(request, obj):
            return shown
        if version_reverted_to(request) is not None:  # restored as it was: only why is asked
            return [*shown, "reason"]
        editable = ["objective", *EDITABLE_FIELDS, "evidence_files"]
        if not request.user.has_perm(EDIT_PROGRESS):  # an author's correction: no withdrawing
            return [*editable, "reason", *self.INFO_FIELDS]
        return [*editable, "withdrawn", "reason", *self.INFO_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        if version_reverted_to(request) is not None:  # the version comes back as it was
            return ["objective", *EDITABLE_FIELDS, *self.INFO_FIELDS]
        return ["objective", *self.INFO_FIELDS]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = ProgressUpdateAddForm
        elif version_reverted_to(request) is not None:
            kwargs["form"] = ProgressUpdateRestoreForm
        else:
            kwargs["form"] = ProgressUpdateChangeForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.current_user = request.user  # a class made for this request by modelform_factory
        return form

    def save_model(
        self, request: HttpRequest, obj: ProgressUpdate, form: Any, change: bool
    ) -> None:
        data, user = form.cleaned_data, request.user
        version_id = version_reverted_to(request)
        if not change:
            created = progress_update_record(
                objective=data["objective"],
                author=user,  # type: ignore[arg-type]
                after_close_reason=data["after_close_reason"],
                evidence=data.get("evidence_files") or [],
                **{name: data[name] for name in EDITABLE_FIELDS},
            )
            obj.pk, obj.author, obj.recorded_at = created.pk, created.author, created.recorded_at
            return
        current = ProgressUpdate.objects.get(pk=obj.pk)
        if version_id is not None:  # the page's restore: a new version, the rest kept
            progress_update_restore(
                update=current, history_id=int(version_id), editor=user, reason=data["reason"]
            )  # type: ignore[arg-type]
            return
        changes = {
            name: data[name] for name in EDITABLE_FIELDS if data[name] != getattr(current, name)
        }
        uploads = data.get("evidence_files") or []
        if changes or uploads:
            current = progress_update_edit(
                update=current, editor=user, reason=data["reason"], evidence=uploads, **changes
            )  # type: ignore[arg-type]
        if not user.has_perm(EDIT_PROGRESS):  # an author's correction: nothing withdrawn
            return
        if data["withdrawn"] and not current.is_withdrawn:
            progress_update_withdraw(update=current, editor=user, reason=data["reason"])  # type: ignore[arg-type]
        elif not data["withdrawn"] and current.is_withdrawn:
            progress_update_reinstate(update=current, editor=user, reason=data["reason"])  # type: ignore[arg-type]


@admin.register(ObjectiveLink)
class ObjectiveLinkAdmin(HistoryAdmin):
    list_display = ("from_objective", "relation", "to_objective", "inferred")
    list_select_related = ("from_objective__mandate", "to_objective__mandate")
    list_filter = ("inferred",)
    autocomplete_fields = ("from_objective", "to_objective")
    search_fields = ("from_objective__title", "to_objective__title", "note")


@admin.register(TargetStep)
class TargetStepAdmin(HistoryAdmin):
    """What a target asks for year by year, each year with the page that gives it."""

    list_display = ("target", "year", "value")
    list_filter = ("target__objective__mandate",)
    list_select_related = ("target",)
    fields = ("target", "year", "value", "source_url", "source_note")


@admin.register(Measurement)
class MeasurementAdmin(HistoryAdmin):
    list_display = ("target", "measured_on", "value", "recorded_by", "recorded_at")
    list_filter = ("target__objective__mandate",)
    list_select_related = ("target", "recorded_by")
    date_hierarchy = "measured_on"
    fields = (
        "target",
        ("measured_on", "measured_precision"),
        "value",
        "note",
        ("publisher", "source_url", "published_on"),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a wrong figure is corrected, and the history keeps the old one

    def save_model(self, request: HttpRequest, obj: Measurement, form: Any, change: bool) -> None:
        if change:  # a correction: the form checked the model's rules, the history keeps it
            super().save_model(request, obj, form, change)
            return
        # A new figure as the figure page records it: the same service, the same rules.
        created = measurement_record(
            target=obj.target,
            recorded_by=request.user,  # type: ignore[arg-type]
            measured_on=obj.measured_on,
            value=obj.value,
            note=obj.note,
        )
        obj.pk, obj.recorded_by, obj.recorded_at = (
            created.pk,
            created.recorded_by,
            created.recorded_at,
        )
