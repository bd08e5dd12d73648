"""The admin base every model's admin uses: django-simple-history's, made safe."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey, Model
from django.forms import Field, ModelForm
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_history_manager_for_model, get_history_model_for_model

from core.history import REASON_LENGTH, reason_field, restored_note, restored_note_room


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


class KeysOnlyAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, shown again after a post whose value is no key ("abc", a
    number too large for one) as nothing chosen, beside the field's own error. Django's
    looks the value up as it stands and fails on it: an error page."""

    def optgroups(self, name: str, value: list[str], attr: Any = None) -> Any:
        key = self.field.target_field

        def is_key(candidate: str) -> bool:
            try:
                key.clean(candidate, None)  # a number, in the range the database holds
            except ValidationError:
                return False
            return True

        return super().optgroups(name, [v for v in value if is_key(v)], attr)


def version_reverted_to(request: HttpRequest) -> str | None:
    """The version (its history_id) that a request to an admin "Revert" page is for:
    simple-history's <object>/history/<version>/. None for every other page."""
    match = request.resolver_match
    if match is None or not (match.url_name or "").endswith("_simple_history"):
        return None
    return match.args[1]


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose "Revert" needs the change permission and a reason. Its
    version page (<object>/history/<version>/) saves a POST from anyone allowed to view
    the object, so without the check a Viewer could revert a mandate or an update by
    posting that form; and it saves without asking why, so here its form asks for a
    reason (required), kept as the new version's change reason, as every other change
    in the pages is. Its lists and autocompletes refuse bad input rather than fail on it
    (the classes above)."""

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

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
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

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        form = kwargs.get("form", self.form)
        if self.asks_revert_reason(request, obj) and "reason" not in form.declared_fields:
            kwargs["form"] = type(
                form.__name__, (form,), {"reason": reason_field(self.reason_length())}
            )
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[tuple[Any, Any]]:
        fieldsets = super().get_fieldsets(request, obj)
        if self.asks_revert_reason(request, obj) and "reason" not in flatten_fieldsets(fieldsets):
            fieldsets = [*fieldsets, ("Why", {"fields": ["reason"]})]
        return fieldsets

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        version_id = version_reverted_to(request)
        if version_id is not None:
            version = get_history_manager_for_model(self.model).get(history_id=version_id)
            obj._change_reason = restored_note(version.history_date, form.cleaned_data["reason"])  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)
