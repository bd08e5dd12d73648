"""The admin base every model's admin uses: django-simple-history's, made safe."""

from __future__ import annotations

from typing import Any

from django.contrib.admin import ModelAdmin
from django.contrib.admin.options import IncorrectLookupParameters, InlineModelAdmin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DecimalField, ForeignKey, ManyToManyField, Model, QuerySet
from django.db.models import Field as ModelField
from django.forms import Field, ModelForm, ModelMultipleChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges, ModelChange, ModelChangeValue
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_manager_for_model, get_history_model_for_model

from core.history import (
    REASON_LENGTH,
    reason_field,
    restored_note,
    restored_note_room,
    value_shown,
)
from core.numbers import FiniteDecimalField
from core.versions import FIELD as VERSION_FIELD
from core.versions import VersionCheckedForm


class BadQueryRefusingChangeList(ChangeList):
    """The admin's list, taking as lookups it cannot use (it then shows "?e=1") two kinds
    of query string that Django's own answers with an error page: a date-hierarchy year
    whose next year is past 9999 (?as_of__year=9999; Django ticket #37357), and a value
    the database cannot take (a NUL, which PostgreSQL refuses in text; a number past the
    largest integer, which SQLite refuses)."""

    def get_filters(self, request: HttpRequest) -> Any:
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request: HttpRequest) -> None:
        try:
            super().get_results(request)  # the first query with the filters applied
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


# Longer search terms are cut to this: no one types more into a search box, and tens of
# thousands of characters make SQLite refuse the query ("LIKE or GLOB pattern too
# complex", too many SQL variables) where PostgreSQL just takes long over it.
SEARCH_TERM_LENGTH = 200


def is_key(field: ModelField, value: str) -> bool:
    """Whether the value can be looked up in this key column: a number, in the range the
    database holds, for the integer keys here."""
    try:
        field.clean(value, None)
    except ValidationError:
        return False
    return True


def searchable(term: str) -> str:
    """The search term as the database can take it: no NUL (PostgreSQL refuses one in
    text, and psycopg2 raises ValueError before sending it), no longer than above."""
    return term.replace("\x00", "")[:SEARCH_TERM_LENGTH]


class KeysOnlyAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, shown again after a post whose value is no key ("abc", a
    number too large for one) as nothing chosen, beside the field's own error. Django's
    looks the value up as it stands and fails on it: an error page."""

    def optgroups(self, name: str, value: list[str], attr: Any = None) -> Any:
        key = self.field.target_field
        return super().optgroups(name, [v for v in value if is_key(key, v)], attr)


def version_reverted_to(request: HttpRequest) -> str | None:
    """The version (its history_id) that a request to an admin "Revert" page is for:
    simple-history's <object>/history/<version>/. None for every other page."""
    match = request.resolver_match
    if match is None or not (match.url_name or "").endswith("_simple_history"):
        return None
    return match.args[1]


class KeysOnlyMultipleChoiceField(ModelMultipleChoiceField):
    """A list of keys in a form (a group's permissions, a user's groups), refusing a value
    that is no key as no such choice: Django's looks it up as it stands, and SQLite fails
    on a number past the largest integer (an error page)."""

    def _check_values(self, value: Any) -> QuerySet[Any]:
        key = self.queryset.model._meta.pk
        for each in value or ():
            if not is_key(key, str(each)):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": each},
                )
        return super()._check_values(value)


# Every decimal in the admin's forms and inlines parses as a finite number or not at all;
# every list of keys holds keys.
SAFE_FORM_FIELDS: dict[type[ModelField], dict[str, Any]] = {
    DecimalField: {"form_class": FiniteDecimalField},
    ManyToManyField: {"form_class": KeysOnlyMultipleChoiceField},
}


class SafeInputAdmin(ModelAdmin):
    """What every admin here does with bad input, ours and the libraries' alike (users,
    groups, login attempts: core.admin): a change, delete or history address whose id is
    no key ("abc") is a 404, where Django goes back to the index or fails; a search term
    loses its NUL and is cut to SEARCH_TERM_LENGTH; and the form fields above."""

    formfield_overrides = SAFE_FORM_FIELDS

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # The change list and the autocomplete view both search through here.
        return super().get_search_results(request, queryset, searchable(search_term))

    def require_key(self, object_id: str) -> None:
        if not is_key(self.model._meta.pk, unquote(object_id)):
            raise Http404("No such object.")

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self.require_key(object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self.require_key(object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self.require_key(object_id)
        return super().history_view(request, object_id, extra_context)


class VersionedInline(InlineModelAdmin):
    """An inline whose forms carry the version each row was read at (core.versions), so a
    row changed meanwhile is not overwritten unseen, as on every change form here."""

    formfield_overrides = SAFE_FORM_FIELDS

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form = kwargs.get("form", self.form)
        if not issubclass(form, VersionCheckedForm):
            kwargs["form"] = type(form.__name__, (VersionCheckedForm, form), {})
        return super().get_formset(request, obj, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        return fields if VERSION_FIELD in fields else [*fields, VERSION_FIELD]


class ReadableChanges(HistoricalRecordContextHelper):
    """The history page's "Changes" column in the pages' words (core.history.value_shown):
    "Owner: No owner → Eddie Editor", "Withdrawn at: Not set → 3 December 2026, 14:05",
    where simple-history writes each value's str(): "Deleted user (pk=None)", a username,
    a UTC timestamp to the microsecond, a choice's stored code."""

    def prepare_delta_change_value(self, change: ModelChange, value: ModelChangeValue) -> Any:
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:  # a list of rows: as simple-history shows it
            return super().prepare_delta_change_value(change, value)
        return value_shown(field, value)


class HistoryAdmin(SafeInputAdmin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose "Revert" needs the change permission and a reason. Its
    version page (<object>/history/<version>/) saves a POST from anyone allowed to view
    the object, so without the check a Viewer could revert a mandate or an update by
    posting that form; and it saves without asking why, so here its form asks for a
    reason (required), kept as the new version's change reason, as every other change
    in the pages is. Its lists and autocompletes refuse bad input rather than fail on it
    (the classes above), its history, change and delete pages answer 404 to an address
    whose object or version id is no key ("abc"), and its change forms carry the version
    they were read at, refusing to save over a newer one (core.versions). Its history
    page names people, times, reasons and values as the pages do (ReadableChanges, and
    templates/simple_history/object_history_list.html for the other columns)."""

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: HistoricalChanges
    ) -> HistoricalRecordContextHelper:
        return ReadableChanges(self.model, historical_record)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return BadQueryRefusingChangeList

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Field | None:
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KeysOnlyAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def require_keys(self, object_id: str, version_id: str | None = None) -> None:
        """404 unless the ids in a history address are keys of the object and version."""
        self.require_key(object_id)
        version_key = get_history_model_for_model(self.model)._meta.pk
        if version_id is not None and not is_key(version_key, version_id):
            raise Http404("No such version.")

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self.require_keys(object_id, version_id)
        if request.method == "POST" and not self.has_change_permission(
            request, self.get_object(request, unquote(object_id))
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def reason_length(self) -> int:
        """As long a reason as the change reason column holds after the note's start:
        simple-history's default column is 100 characters, ProgressUpdate's is text."""
        column = get_history_model_for_model(self.model)._meta.get_field("history_change_reason")
        if column.max_length is None:
            return REASON_LENGTH
        return min(REASON_LENGTH, restored_note_room(column.max_length))

    def asks_revert_reason(self, request: HttpRequest, obj: Any) -> bool:
        # A Viewer is shown the version, without a Revert button or a reason to give.
        return version_reverted_to(request) is not None and self.has_change_permission(request, obj)

    def checks_version(self, request: HttpRequest, obj: Any) -> bool:
        """A change form carries the version it was read at (core.versions); a revert
        brings back a version chosen on purpose, and asks why instead."""
        return obj is not None and version_reverted_to(request) is None

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        form = kwargs.get("form", self.form)
        if self.asks_revert_reason(request, obj) and "reason" not in form.declared_fields:
            kwargs["form"] = type(
                form.__name__, (form,), {"reason": reason_field(self.reason_length())}
            )
        elif self.checks_version(request, obj) and not issubclass(form, VersionCheckedForm):
            kwargs["form"] = type(form.__name__, (VersionCheckedForm, form), {})
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[tuple[Any, Any]]:
        fieldsets = super().get_fieldsets(request, obj)
        shown = flatten_fieldsets(fieldsets)
        if self.asks_revert_reason(request, obj) and "reason" not in shown:
            fieldsets = [*fieldsets, ("Why", {"fields": ["reason"]})]
        elif self.checks_version(request, obj) and VERSION_FIELD not in shown:
            fieldsets = [*fieldsets, (None, {"fields": [VERSION_FIELD], "classes": ["hidden"]})]
        return fieldsets

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        version_id = version_reverted_to(request)
        if version_id is not None:
            version = get_history_manager_for_model(self.model).get(history_id=version_id)
            obj._change_reason = restored_note(version.history_date, form.cleaned_data["reason"])  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)
