"""What every page's template is given besides the request and the user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from core.roles import RECORD_PROGRESS

# Where the session keeps whether its user gets the header's "Admin" link (may_change_in_admin).
ADMIN_LINK_KEY = "core.admin_link"
# And whether they get its "Quarterly return" link: whoever may record progress.
RETURN_LINK_KEY = "core.return_link"


def demonstration_data(request: HttpRequest) -> dict[str, bool]:
    """Whether base.html shows the demonstration-data banner. Read from a setting that
    `make run` turns on (DEMONSTRATION_DATA), not from the database: base.html is on every
    page, and a query there would be one more on every page, counted in their pinned
    query counts; the setting costs nothing and is off in production."""
    return {"demonstration_data": settings.DEMONSTRATION_DATA}


def may_change_in_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    """The rule for the "Admin" link: staff who may do more in the admin than read, that is
    superusers and anyone holding a permission other than a view_ one (Editors, and
    Updaters, who may record progress there). A Viewer is staff too (the demo accounts
    and the test cast all are), but the admin would only show them what the pages do."""
    if not (user.is_active and getattr(user, "is_staff", False)):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(
        not codename.startswith("view_")
        for codename in (perm.partition(".")[2] for perm in user.get_all_permissions())
    )


def remember_admin_link(
    sender: Any, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
) -> None:
    """A user_logged_in receiver (core.apps connects it): work the rule out once, at login,
    and keep it in the session, because base.html asks on every page and the permission
    queries would otherwise be added to every page's pinned query count. A role changed
    since shows at the next login; the admin itself checks every permission whatever the
    link says."""
    request.session[ADMIN_LINK_KEY] = may_change_in_admin(user)
    request.session[RETURN_LINK_KEY] = user.has_perm(RECORD_PROGRESS)  # type: ignore[attr-defined]


def admin_link(request: HttpRequest) -> dict[str, bool]:
    """Whether base.html shows the header's "Admin" link, as kept in the session at login.
    A session with nothing kept (one begun before the receiver was connected) is not asked
    the permissions, which would cost every page its queries: there only a superuser, known
    from the user's own row, gets the link, until the next login."""
    user = request.user
    if not user.is_authenticated:
        return {"admin_link": False, "return_link": False}
    kept = request.session.get(ADMIN_LINK_KEY)
    return {
        "admin_link": bool(user.is_superuser) if kept is None else bool(kept),
        "return_link": bool(user.is_superuser) or bool(request.session.get(RETURN_LINK_KEY)),
    }
