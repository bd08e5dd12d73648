"""The admin base every model's admin uses: django-simple-history's, made safe."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey
from django.forms import Field
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin


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


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose "Revert" needs the change permission. Its version page
    (<object>/history/<version>/) saves a POST from anyone allowed to view the object,
    so without this a Viewer could revert a mandate or an update by posting that form.
    Its lists and autocompletes refuse bad input rather than fail on it (the classes
    above)."""

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
