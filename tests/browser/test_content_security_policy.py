"""Every kind of page works under the Content Security Policy: Chromium logs a console
error for anything the policy blocks (an inline style or script, a script from
elsewhere), and the `page` fixture fails the test on any console error."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from playwright.sync_api import Page, Response, expect

from mandates.models import Mandate
from objectives.models import Objective, ProgressUpdate, Target
from objectives.services import measurement_record, progress_update_edit
from tests.browsing import BrowserErrors, log_in

OBJECTIVE = "/mandates/hee-2021-22/objectives/3/"


def visit(page: Page, path: str, status: int = 200) -> Response:
    response = page.goto(path)
    assert response is not None and response.status == status, path
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp, path
    assert "unsafe-inline" not in csp, path
    return response


def test_the_pages_run_under_the_policy_without_a_violation(
    page: Page, live_server: object, editor: User, recorded: ProgressUpdate
) -> None:
    visit(page, "/accounts/login/")
    log_in(page, live_server, editor)
    version = recorded.history.get()
    target = Target.objects.get(objective=recorded.objective, code="nurses-2024")
    for path in [
        "/",
        "/objectives/",
        "/mandates/hee-2021-22/",
        OBJECTIVE,
        f"{OBJECTIVE}record/",
        "/mandates/hee-2021-22/themes/2/",
        "/mandates/hee-2021-22/themes/2/summary.html",
        "/needs-update/",
        "/compare/hee-2017-18/hee-2021-22/",
        "/mandates/hee-2021-22/periods/",
        f"/updates/{recorded.pk}/edit/",
        f"/updates/{recorded.pk}/withdraw/",
        f"/updates/{recorded.pk}/versions/{version.history_id}/restore/",
        f"/targets/{target.pk}/measurements/record/",
    ]:
        visit(page, path)
        if page.locator("script[type=module]").count():  # not the printable summary
            # app.js, a module script from 'self', ran: NHS.UK frontend's scripts are on.
            expect(page.locator("body.nhsuk-frontend-supported"), path).to_have_count(1)


def test_the_objective_page_with_its_chart_and_history(
    page: Page, live_server: object, editor: User, recorded: ProgressUpdate, nurses: Objective
) -> None:
    # The server-drawn SVG chart and the version history: no inline styles in either.
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    target.baseline_value, target.baseline_date = 0, datetime.date(2021, 1, 1)
    target.save()
    measurement_record(
        target=target, recorded_by=editor, measured_on=datetime.date(2022, 7, 1), value=13000
    )
    progress_update_edit(update=recorded, editor=editor, reason="New figure", percent_complete=30)
    log_in(page, live_server, editor)
    visit(page, OBJECTIVE)
    # This one and the published figures, each drawn wide and narrow (the screen shows one).
    expect(page.locator("svg.app-chart--wide")).to_have_count(2)
    expect(page.locator("svg.app-chart--narrow")).to_have_count(2)
    page.emulate_media(media="print")
    visit(page, "/mandates/hee-2021-22/themes/2/summary.html")


def test_the_error_pages_run_under_the_policy(
    page: Page,
    live_server: object,
    viewer: User,
    nurses: Objective,
    browser_errors: BrowserErrors,
) -> None:
    # The browser logs the 403 and 404 answers themselves; nothing else may be logged.
    browser_errors.allow(r"Failed to load resource: the server responded with a status of 40[34]")
    log_in(page, live_server, viewer)
    visit(page, f"{OBJECTIVE}record/", status=403)
    visit(page, "/mandates/no-such-mandate/", status=404)


def test_the_admin_pages_run_under_the_strict_policy(
    page: Page, live_server: object, superuser: User, recorded: ProgressUpdate, nurses: Objective
) -> None:
    # The admin runs under the same strict policy: its scripts, widgets and popups run from
    # 'self', and our copy of django-simple-history's history list has no inline style.
    log_in(page, live_server, superuser)
    progress_update_edit(
        update=recorded, editor=superuser, reason="New figure", percent_complete=30
    )
    first = recorded.history.order_by("history_id").first()
    assert first is not None
    mandate = Mandate.objects.get(slug="hee-2021-22")
    for path in [
        "/admin/",
        "/admin/objectives/objective/?latest_status=none",
        f"/admin/mandates/mandate/{mandate.pk}/change/",
        f"/admin/objectives/objective/{nurses.pk}/change/",
        f"/admin/objectives/objective/{nurses.pk}/history/",
        f"/admin/objectives/progressupdate/{recorded.pk}/history/",
        f"/admin/objectives/progressupdate/{recorded.pk}/history/{first.history_id}/",
        "/admin/auth/group/1/change/",
    ]:
        visit(page, path)

    # The calendar widget of a target's date, on the objective's change form.
    page.goto(f"/admin/objectives/objective/{nurses.pk}/change/")
    page.locator(".datetimeshortcuts a").first.click()
    # The autocomplete (select2) on the add form of an update.
    page.goto("/admin/objectives/progressupdate/add/")
    page.locator(".select2-selection").first.click()
    page.keyboard.type("nurses")
    expect(page.locator(".select2-results__option").first).to_contain_text("nurses")
