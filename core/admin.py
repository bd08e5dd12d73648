"""Django's own admins (users, groups) and django-axes' (login attempts), registered again
with the input safety every admin here has (core.history_admin.SafeInputAdmin): an id that
is no key is a 404, a search term loses its NUL and is cut short, a list of keys holds
keys. As they come, a 50,000-character search or a key past the largest integer is an
error page on SQLite. This app is installed after both, so their admins exist here."""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from core.history_admin import SafeInputAdmin

for model, library_admin in (
    (User, UserAdmin),
    (Group, GroupAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(
            model, type(library_admin.__name__, (SafeInputAdmin, library_admin), {})
        )
