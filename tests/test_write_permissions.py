"""Every write, forged three ways: by someone not logged in, by a Viewer, and against the
wrong object. Each must be refused and change nothing.

The routes are found, not listed by hand: every URL outside the admin that does not
answer a POST with 405 must be one of the writes tested here, so a new write view fails
`test_every_route_that_takes_a_post_is_tested_here` until it is added. The admin's model
pages are found the same way, from the admin site's registry.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter

from core.versions import version_of
from mandates.models import Mandate, ReportingPeriod
from mandates.services import reporting_period_close
from objectives.models import Objective, ProgressUpdate, Target
from objectives.services import (
    measurement_record,
    progress_update_edit,
    progress_update_record,
)

pytestmark = pytest.mark.usefixtures("mandates")

# The writes of the app's own pages: Updaters and Editors only, each on one object.
PROTECTED = {
    "objectives:record",
    "objectives:update-edit",
    "objectives:update-withdraw",
    "objectives:update-restore",
    "objectives:measurement-record",
    "mandates:period-close",
    "mandates:period-reopen",
    "mandates:theme-return",
    "objectives:return",
}
# Anyone may post to these; what they must not do is tested at the end.
PUBLIC = {"login", "logout"}
# Anyone signed in may post to these, on their own records only (tested with each app:
# tests/api/test_token_pages.py, tests/reminders/test_email_choices.py).
OWN_ACCOUNT = {"api:tokens", "api:token-revoke", "reminders:choices"}
# The quarterly return names no object in its address: a row naming an unknown objective
# is a bad request (tests/objectives/test_quarterly_return.py).
WITH_OBJECTS = PROTECTED - {"objectives:return"}

# Every table a write could touch, with their history tables and the admin's log.
# Sessions and django-axes' login records are left out: logging in writes them.
WATCHED_APPS = {"mandates", "objectives", "auth", "admin"}


def state() -> dict[str, list[dict[str, Any]]]:
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in WATCHED_APPS
    }


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # before `state()`: logging in sets last_login
    return client


def routes(
    patterns: list[Any] | None = None, namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern outside the admin, with its full name ("objectives:record"), or
    "" for one without a name."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin's pages: see the admin tests below
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry.url_patterns, inner)
        else:
            yield (f"{namespace}{entry.name}" if entry.name else ""), entry


def unknown_url(name: str, route: URLPattern) -> str:
    """The route's URL for objects that do not exist."""
    kwargs = {
        key: 999_999
        if isinstance(converter, IntConverter)
        else "no-such-thing"
        if isinstance(converter, SlugConverter)
        else "no-such"
        for key, converter in getattr(route.pattern, "converters", {}).items()
    }
    return reverse(name, kwargs=kwargs)


def test_every_route_outside_the_admin_has_a_name() -> None:
    # The check below finds writes by name; an unnamed route would slip past it.
    assert [str(route.pattern) for name, route in routes() if not name] == []


def test_every_route_that_takes_a_post_is_tested_here(superuser: User) -> None:
    # A superuser may do anything, so any answer but 405 means the view takes a POST.
    takes_post = set()
    for name, route in routes():
        # A new client each time: posting to log out would end the session.
        if client_for(superuser).post(unknown_url(name, route)).status_code != 405:
            takes_post.add(name)
    assert takes_post == PROTECTED | PUBLIC | OWN_ACCOUNT


@dataclass
class Write:
    """A valid POST to one write, and the same POST against objects it must not reach."""

    url: str
    data: dict[str, Any]
    allowed: str  # a role that may make it: proof that the POST would change something
    wrong_objects: dict[str, str] = field(default_factory=dict)  # why -> url


@pytest.fixture
def writes(
    nurses: Objective, recorded: ProgressUpdate, updater: User, editor: User
) -> dict[str, Write]:
    # Another objective's update, and a second version of `recorded` to restore from.
    other = progress_update_record(
        objective=Objective.objects.get(mandate__slug="hee-2021-22", reference="1"),
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status=ProgressUpdate.Status.AT_RISK,
        percent_complete=10,
        narrative="Another objective's update.",
    )
    progress_update_edit(update=recorded, editor=editor, reason="New figure", percent_complete=25)
    first_version = recorded.history.order_by("history_id").first()
    others_version = other.history.get()
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    period = ReportingPeriod.objects.filter(mandate__slug="hee-2021-22").order_by("start").first()
    assert first_version is not None and period is not None
    closed = ReportingPeriod.objects.filter(mandate__slug="hee-2017-18").order_by("start").first()
    assert closed is not None
    reporting_period_close(period=closed, editor=editor)
    update = f"/updates/{recorded.pk}"
    # The updater's quarterly return: the nurses objective, due in 2021-22's last quarter.
    Objective.objects.filter(pk=nurses.pk).update(owner=updater)
    theme = nurses.theme
    last = ReportingPeriod.objects.filter(mandate__slug="hee-2021-22").order_by("-start").first()
    assert last is not None
    return_row = {
        "return-TOTAL_FORMS": "1",
        "return-INITIAL_FORMS": "1",
        "return-MIN_NUM_FORMS": "0",
        "return-MAX_NUM_FORMS": "1",
        "return-0-row_objective": str(nurses.pk),
        "return-0-as_of": "2022-03-31",
        "return-0-status": "at_risk",
        "return-0-percent_complete": "45",
        "return-0-narrative": "Behind plan in two regions.",
        "return-0-evidence_url": "",
    }
    return {
        "objectives:return": Write(url="/return/", data=return_row, allowed="updater"),
        "mandates:theme-return": Write(
            url=f"/mandates/hee-2021-22/themes/{theme.number}/returns/{last.pk}/",
            data={"decision": "sign_off", "comment": "Checked."},
            allowed="editor",
            wrong_objects={
                "an unknown quarter": f"/mandates/hee-2021-22/themes/{theme.number}/returns/999999/",
                "another mandate's quarter": (
                    f"/mandates/hee-2021-22/themes/{theme.number}/returns/{closed.pk}/"
                ),
                "an unknown theme": f"/mandates/hee-2021-22/themes/99/returns/{last.pk}/",
            },
        ),
        "objectives:record": Write(
            url="/mandates/hee-2021-22/objectives/3/record/",
            data={
                "as_of": "2021-09-30",
                "status": "at_risk",
                "percent_complete": "40",
                "narrative": "Recruitment is behind plan in two regions.",
                "evidence_url": "https://example.org/report",
            },
            allowed="updater",
            wrong_objects={
                "another mandate's reference": "/mandates/hee-2017-18/objectives/3/record/",
                "a reference the mandate lacks": "/mandates/hee-2021-22/objectives/1.1/record/",
                "an unknown mandate": "/mandates/no-such-mandate/objectives/3/record/",
            },
        ),
        "objectives:update-edit": Write(
            url=f"{update}/edit/",
            data={
                "as_of": recorded.as_of.isoformat(),
                "status": recorded.status,
                "percent_complete": "90",
                "narrative": recorded.narrative,
                "evidence_url": "",
                "reason": "Figure corrected",
                "read_version": version_of(recorded),
            },
            allowed="editor",
            wrong_objects={"an unknown update": "/updates/999999/edit/"},
        ),
        "objectives:update-withdraw": Write(
            url=f"{update}/withdraw/",
            data={"reason": "Recorded against the wrong objective"},
            allowed="editor",
            wrong_objects={"an unknown update": "/updates/999999/withdraw/"},
        ),
        "objectives:update-restore": Write(
            url=f"{update}/versions/{first_version.history_id}/restore/",
            data={"reason": "The first figure was right"},
            allowed="editor",
            wrong_objects={
                "another update's version": (
                    f"{update}/versions/{others_version.history_id}/restore/"
                ),
                "an unknown version": f"{update}/versions/999999/restore/",
                "an unknown update": f"/updates/999999/versions/{first_version.history_id}/restore/",
            },
        ),
        "objectives:measurement-record": Write(
            url=f"/targets/{target.pk}/measurements/record/",
            data={"measured_on": "2022-06-30", "value": "12000", "note": "June 2022"},
            allowed="updater",
            wrong_objects={"an unknown target": "/targets/999999/measurements/record/"},
        ),
        "mandates:period-close": Write(
            url=f"/periods/{period.pk}/close/",
            data={},
            allowed="editor",
            wrong_objects={"an unknown quarter": "/periods/999999/close/"},
        ),
        "mandates:period-reopen": Write(
            url=f"/periods/{closed.pk}/reopen/",
            data={"reason": "A late update to take in"},
            allowed="editor",
            wrong_objects={"an unknown quarter": "/periods/999999/reopen/"},
        ),
    }


def test_each_write_is_described_here(writes: dict[str, Write]) -> None:
    assert set(writes) == PROTECTED


@pytest.mark.usefixtures("without_published_figures")  # figures would suggest a status
@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_the_allowed_role_can_make_the_write(
    name: str, writes: dict[str, Write], request: pytest.FixtureRequest
) -> None:
    # Without this, "nothing changed" below could mean only that the POST was invalid.
    write = writes[name]
    client = client_for(request.getfixturevalue(write.allowed))
    before = state()
    response = client.post(write.url, write.data)
    assert response.status_code == 302
    assert state() != before


@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_an_anonymous_post_goes_to_log_in_and_changes_nothing(
    name: str, writes: dict[str, Write]
) -> None:
    write = writes[name]
    before = state()
    response = client_for(None).post(write.url, write.data)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")
    assert state() == before


@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_a_viewers_post_is_forbidden_and_changes_nothing(
    name: str, writes: dict[str, Write], viewer: User
) -> None:
    write = writes[name]
    client = client_for(viewer)
    before = state()
    assert client.post(write.url, write.data).status_code == 403
    assert state() == before


@pytest.mark.parametrize("name", sorted(WITH_OBJECTS))
def test_a_post_against_the_wrong_object_is_not_found_and_changes_nothing(
    name: str, writes: dict[str, Write], request: pytest.FixtureRequest
) -> None:
    # By a role allowed the write, so that the 404 is for the object, not the role.
    write = writes[name]
    client = client_for(request.getfixturevalue(write.allowed))
    assert write.wrong_objects
    before = state()
    for why, url in write.wrong_objects.items():
        assert client.post(url, write.data).status_code == 404, why
    assert state() == before


# Anyone may post to log in and out; neither changes the app's data.


def test_a_failed_log_in_changes_nothing(viewer: User) -> None:
    before = state()
    response = client_for(None).post(
        reverse("login"), {"username": viewer.username, "password": "not-the-password"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert state() == before


def test_logging_in_again_while_logged_in_changes_nothing(viewer: User) -> None:
    client = client_for(viewer)
    before = state()
    response = client.post(reverse("login"), {"username": "someone-else", "password": "x"})
    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    assert state() == before


def test_log_out_is_a_post_that_ends_only_the_session(viewer: User) -> None:
    client = client_for(viewer)
    assert client.get(reverse("logout")).status_code == 405
    before = state()
    assert client.post(reverse("logout")).status_code == 302
    assert state() == before
    assert client.get(reverse("home")).status_code == 302  # to log in again


def test_an_anonymous_log_out_changes_nothing() -> None:
    before = state()
    assert client_for(None).post(reverse("logout")).status_code == 302
    assert state() == before


# The admin: each model's add, change, delete and revert pages, and users' passwords.

ADMIN_WRITES = ("add", "change", "delete", "simple_history", "password_change")
ADMIN_READS = ("changelist", "history")


@dataclass
class AdminPage:
    name: str
    kind: str  # the name without "<app>_<model>_": add, change, simple_history (revert), ...
    url: str


def admin_pages() -> list[AdminPage]:
    pages = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        obj = model._default_manager.order_by("pk").first()
        pk = obj.pk if obj is not None else 999_999  # the permission is checked first
        for route in model_admin.urls:
            if not isinstance(route, URLPattern) or not route.name:
                continue
            kind = route.name.removeprefix(prefix)
            if kind in ("change", "delete", "history", "password_change"):
                args: list[Any] = [pk]
            elif kind == "simple_history":
                version = model.history.order_by("history_id").first()  # type: ignore[attr-defined]
                assert version is not None, f"{model._meta.label} has no version to revert to"
                # The object's own key, not the version's (history_id, its pk).
                args = [getattr(version, model._meta.pk.attname), version.history_id]
            else:
                args = []
            pages.append(AdminPage(route.name, kind, reverse(f"admin:{route.name}", args=args)))
    return pages


def shown_form(client: Client, url: str) -> dict[str, Any]:
    """The main form of an admin page as its user sees it, as POST data: for a change or
    a revert page, a save that would be accepted from someone allowed to make it."""
    response = client.get(url)
    if response.status_code != 200 or "adminform" not in response.context:
        return {}
    form = response.context["adminform"].form
    values = {form.add_prefix(name): form[name].value() for name in form.fields}
    return {key: "" if value is None else value for key, value in values.items()}


@pytest.fixture
def admin_writes(recorded: ProgressUpdate, nurses: Objective, superuser: User) -> list[AdminPage]:
    """Every admin write page, each model with an object and a version (so that the change
    and revert pages have something to show), with the form a superuser is shown there."""
    measurement_record(
        target=Target.objects.get(objective=nurses, code="nurses-2024"),
        recorded_by=superuser,
        measured_on=datetime.date(2022, 6, 30),
        value=12000,
    )
    return [page for page in admin_pages() if page.kind in ADMIN_WRITES]


def test_every_admin_page_is_classified(admin_writes: list[AdminPage]) -> None:
    # A custom admin view would need a place here (and a test of who may post to it).
    unknown = [p.name for p in admin_pages() if p.kind not in ADMIN_WRITES + ADMIN_READS]
    assert unknown == []
    assert {p.kind for p in admin_writes} == set(ADMIN_WRITES)


def test_a_viewer_is_forbidden_every_admin_write_and_nothing_changes(
    viewer: User, superuser: User, admin_writes: list[AdminPage]
) -> None:
    forms = {page.name: shown_form(client_for(superuser), page.url) for page in admin_writes}
    client = client_for(viewer)
    before = state()
    answers = {
        page.name: client.post(page.url, forms[page.name]).status_code for page in admin_writes
    }
    assert answers and {name: code for name, code in answers.items() if code != 403} == {}
    assert state() == before


def test_a_viewer_posting_to_the_admins_lists_changes_nothing(
    viewer: User, admin_writes: list[AdminPage]
) -> None:
    client = client_for(viewer)
    before = state()
    for page in admin_pages():
        if page.kind == "changelist":
            # The bulk delete action, which a Viewer is not offered.
            client.post(
                page.url, {"action": "delete_selected", "_selected_action": ["1"], "post": "yes"}
            )
        elif page.kind == "history":
            client.post(page.url, {})
    assert state() == before


def test_anonymous_admin_writes_go_to_log_in(admin_writes: list[AdminPage]) -> None:
    client = client_for(None)
    before = state()
    for page in admin_writes:
        response = client.post(page.url, {})
        assert response.status_code == 302, page.name
        assert "/login/" in response["Location"], page.name
    assert state() == before


def test_an_editor_may_still_revert_in_the_admin(editor: User) -> None:
    # Reverting needs the change permission (core.history_admin.HistoryAdmin), which
    # Editors have for mandates, and a reason.
    mandate = Mandate.objects.get(slug="hee-2021-22")
    title = mandate.title
    mandate.title = "A later title"
    mandate.save()
    first = mandate.history.order_by("history_id").first()
    assert first is not None
    url = reverse("admin:mandates_mandate_simple_history", args=[mandate.pk, first.history_id])
    client = client_for(editor)
    response = client.post(url, shown_form(client, url) | {"reason": "Back to the title"})
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.title == title


def test_every_revert_in_the_admin_needs_a_reason_and_keeps_it(
    superuser: User, admin_writes: list[AdminPage]
) -> None:
    # core.history_admin.HistoryAdmin: without a reason nothing changes; with one, the new
    # version's change reason says which version came back, and why.
    client = client_for(superuser)
    reverts = [page for page in admin_writes if page.kind == "simple_history"]
    assert len(reverts) == 8
    for page in reverts:
        form = shown_form(client, page.url)
        assert "reason" in form, page.name
        before = state()
        refused = client.post(page.url, form)
        assert refused.status_code == 200, page.name
        assert refused.context["adminform"].form.errors["reason"] == [
            "Give a reason for the change."
        ], page.name
        assert state() == before, page.name

        response = client.post(page.url, form | {"reason": "Checked against the source"})
        assert response.status_code == 302, (page.name, response.context["adminform"].errors)
        app_label, model_name = page.name.removesuffix("_simple_history").split("_")
        latest = apps.get_model(app_label, model_name).history.order_by("-history_id").first()
        assert latest.history_change_reason.startswith("Restored the version of "), page.name
        assert latest.history_change_reason.endswith(": Checked against the source"), page.name
        assert latest.history_user == superuser, page.name
