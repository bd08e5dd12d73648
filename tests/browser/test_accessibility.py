"""Accessibility, in a real browser: axe-core (vendored from npm by static/frontend/build.sh
into tests/browser/vendor/) checks every kind of page against WCAG 2.1 A and AA, on a
desktop and a phone; and an Updater records progress with the keyboard alone.

A page fails on a violation axe rates "serious" or "critical"; its lesser findings are
listed in the failure message too, to be read alongside."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, Route, expect

from objectives.models import Objective, ProgressUpdate, Target
from objectives.services import (
    measurement_record,
    progress_update_edit,
    progress_update_record,
    progress_update_withdraw,
)
from tests.browser.conftest import BrowserErrors, log_in, shot

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# Served to the page by page.route, never by the app: a same-origin script, which a
# Content Security Policy of script-src 'self' allows where an inline one is refused.
AXE_URL = "/static/__axe__.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 375, "height": 812}

NURSES = "Help deliver 50,000 more nurses in the NHS"
NURSES_PAGE = "/mandates/hee-2021-22/objectives/3/"


def _serve_axe(route: Route) -> None:
    route.fulfill(path=AXE_JS, content_type="text/javascript; charset=utf-8")


def inject_axe(page: Page) -> None:
    """Put axe on the page: from a same-origin URL (allowed by script-src 'self'), or,
    failing that, inlined (allowed where there is no policy)."""
    if page.evaluate("typeof window.axe !== 'undefined'"):
        return
    page.route(f"**{AXE_URL}", _serve_axe)
    try:
        page.add_script_tag(url=AXE_URL)
    except PlaywrightError:
        page.add_script_tag(path=AXE_JS)
    assert page.evaluate("typeof window.axe !== 'undefined'"), "axe-core did not load"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    inject_axe(page)
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
            })))""",
        WCAG_TAGS,
    )
    return results  # type: ignore[no-any-return]


def duplicate_ids(page: Page) -> list[dict[str, Any]]:
    """axe 4.x no longer looks for duplicate ids (WCAG 2.2 dropped 4.1.1 Parsing), but a
    label, an error summary's link or aria-describedby aimed at a repeated id goes astray."""
    repeated = page.evaluate(
        """() => {
            const seen = {};
            for (const e of document.querySelectorAll('[id]')) seen[e.id] = (seen[e.id] || 0) + 1;
            return Object.keys(seen).filter(id => seen[id] > 1);
        }"""
    )
    return (
        [
            {
                "id": "duplicate-id",
                "impact": "serious",
                "help": "ids must be unique",
                "nodes": [{"target": f"#{i}", "summary": "repeated"} for i in repeated],
            }
        ]
        if repeated
        else []
    )


class Audit:
    """Runs axe on page after page and keeps what it finds, so that one test reports every
    page's problems at once."""

    def __init__(self) -> None:
        self.found: dict[str, list[dict[str, Any]]] = {}

    def check(self, page: Page, name: str) -> None:
        expect(page.locator("h1").first).to_be_visible()
        self.found[name] = axe_violations(page) + duplicate_ids(page)
        shot(page, f"a11y-{name}")

    def assert_clean(self) -> None:
        failing = {
            name: [v for v in found if v["impact"] in FAILING_IMPACTS]
            for name, found in self.found.items()
        }
        if not any(failing.values()):
            return
        lines = []
        for name, found in self.found.items():
            for violation in found:
                mark = "FAIL" if violation["impact"] in FAILING_IMPACTS else "note"
                lines.append(
                    f"[{mark}] {name}: {violation['id']} ({violation['impact']}) {violation['help']}"
                )
                for node in violation["nodes"][:5]:
                    summary = " ".join(node["summary"].split())
                    lines.append(f"      {node['target']}: {summary}")
        pytest.fail("axe found accessibility violations:\n" + "\n".join(lines), pytrace=False)


@pytest.fixture
def audit() -> Audit:
    return Audit()


@pytest.fixture
def history(nurses: Objective, updater: User, editor: User) -> dict[str, Any]:
    """The nurses objective with something of everything on its page: an update edited (so
    with an earlier version), one withdrawn, one current, and a target with a baseline and
    two figures (so a chart and a suggested status)."""
    edited = progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status=ProgressUpdate.Status.ON_TRACK,
        percent_complete=20,
        narrative="Recruitment campaign launched.",
        evidence_url="https://example.org/evidence",
    )
    edited = progress_update_edit(
        update=edited, editor=editor, reason="Regional figures came in late.", percent_complete=25
    )
    withdrawn = progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 9, 30),
        status=ProgressUpdate.Status.OFF_TRACK,
        percent_complete=10,
        narrative="Recorded against the wrong objective.",
    )
    withdrawn = progress_update_withdraw(update=withdrawn, editor=editor, reason="Wrong objective.")
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 12, 31),
        status=ProgressUpdate.Status.AT_RISK,
        percent_complete=35,
        narrative="Behind plan in two regions.",
    )
    target = Target.objects.get(objective=nurses, code="nurses-2024")
    target.baseline_value = 0
    target.baseline_date = datetime.date(2021, 1, 1)
    target.baseline_precision = "day"
    target.save()
    for day, value in ((datetime.date(2021, 7, 1), 5000), (datetime.date(2022, 1, 1), 9000)):
        measurement_record(target=target, recorded_by=updater, measured_on=day, value=value)
    version = edited.history.order_by("history_date").first()
    return {"edited": edited, "withdrawn": withdrawn, "target": target, "version": version}


def test_login_page_is_accessible(page: Page, audit: Audit) -> None:
    page.goto("/accounts/login/")
    audit.check(page, "login")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    audit.check(page, "login-error")
    audit.assert_clean()


def test_every_page_is_accessible(
    page: Page,
    live_server: object,
    editor: User,
    history: dict[str, Any],
    audit: Audit,
) -> None:
    edited, withdrawn = history["edited"], history["withdrawn"]
    log_in(page, live_server, editor)
    audit.check(page, "home")

    page.goto("/objectives/?mandate=hee-2021-22&q=nurses")
    expect(page.locator("#result-count")).to_have_text("1 objective")
    audit.check(page, "objectives-filtered")

    page.goto(NURSES_PAGE)
    expect(page.locator(f"#update-{withdrawn.pk} .nhsuk-tag", has_text="Withdrawn")).to_be_visible()
    expect(page.locator("svg.app-chart").first).to_be_visible()
    audit.check(page, "objective")
    page.locator(f"#update-{edited.pk} .nhsuk-details__summary").press("Enter")
    expect(page.locator(f"#update-{edited.pk} .app-version").first).to_be_visible()
    audit.check(page, "objective-versions-open")

    page.goto(f"{NURSES_PAGE}record/")
    audit.check(page, "record")
    page.get_by_label("Percent complete").fill("150")
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    audit.check(page, "record-error")

    page.goto(f"/updates/{edited.pk}/edit/")
    audit.check(page, "edit")
    page.goto(f"/updates/{edited.pk}/withdraw/")
    audit.check(page, "withdraw")
    page.goto(f"/updates/{edited.pk}/versions/{history['version'].history_id}/restore/")
    audit.check(page, "restore")
    page.goto(f"/targets/{history['target'].pk}/measurements/record/")
    audit.check(page, "record-figure")

    page.goto("/mandates/hee-2021-22/themes/2/")
    audit.check(page, "theme")
    page.goto("/mandates/hee-2021-22/")
    audit.check(page, "mandate")
    page.goto("/mandates/hee-2021-22/themes/2/summary.html")
    audit.check(page, "summary-print")
    page.goto("/needs-update/")
    audit.check(page, "needs-update")
    page.goto("/compare/hee-2017-18/hee-2021-22/")
    audit.check(page, "compare")
    page.goto("/mandates/hee-2021-22/periods/")
    audit.check(page, "periods")
    audit.assert_clean()


def test_error_pages_are_accessible(
    page: Page,
    live_server: object,
    viewer: User,
    nurses: Objective,
    audit: Audit,
    browser_errors: BrowserErrors,
) -> None:
    browser_errors.allow(r"status of 40[34] \((Forbidden|Not Found)\)")
    log_in(page, live_server, viewer)
    page.goto(f"{NURSES_PAGE}record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do that")
    audit.check(page, "403")
    page.goto("/mandates/hee-2021-22/objectives/999/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    audit.check(page, "404")
    audit.assert_clean()


def test_phone_pages_are_accessible(
    new_page: Callable[..., Page],
    live_server: object,
    updater: User,
    history: dict[str, Any],
    audit: Audit,
) -> None:
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, live_server, updater)
    audit.check(page, "phone-home")
    page.goto(NURSES_PAGE)
    audit.check(page, "phone-objective")
    audit.assert_clean()


def test_the_audit_catches_a_planted_violation(page: Page) -> None:
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = '/static/img/favicon.svg';
            document.querySelector('main').append(img);
            const p = document.createElement('p');
            p.textContent = 'Faint words';
            p.style.color = '#cccccc';
            document.querySelector('main').append(p);
        }"""
    )
    found = {v["id"]: v["impact"] for v in axe_violations(page)}
    assert found.get("image-alt") == "critical"
    assert found.get("color-contrast") == "serious"


# What makes focus visible: NHS.UK frontend gives links and buttons a yellow background
# and a dark underline (box-shadow), and form controls a yellow outline and a dark inset
# border. An outline that cannot be seen (transparent, there for Windows' high contrast
# mode) does not count.
FOCUS_STYLE = """e => {
    const s = getComputedStyle(e);
    const seen = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
        && !/^rgba\\(.*,\\s*0\\)$/.test(s.outlineColor) && s.outlineColor !== 'transparent';
    return {
        outline: seen ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none',
        boxShadow: s.boxShadow,
        background: s.backgroundColor,
    };
}"""


def tab_to(page: Page, target: Locator, *, limit: int = 60) -> None:
    """Press Tab until target has the focus, then check the focus shows: its outline,
    box-shadow or background differs from before it had the focus, and it is on screen."""
    before = target.evaluate(FOCUS_STYLE)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail(f"{limit} presses of Tab never reached {target}")
    after = target.evaluate(FOCUS_STYLE)
    changed = {key: (before[key], after[key]) for key in after if after[key] != before[key]}
    assert changed, f"No visible focus style on {target}: {after}"
    expect(target).to_be_in_viewport()


@pytest.mark.usefixtures("without_published_figures")  # a figure would suggest a status
def test_updater_records_progress_with_the_keyboard_alone(
    page: Page, live_server: object, updater: User, nurses: Objective
) -> None:
    log_in(page, live_server, updater)
    page.goto("/")

    # The skip link is the first stop, and takes the focus to the main content.
    skip_link = page.get_by_role("link", name="Skip to main content")
    tab_to(page, skip_link, limit=1)
    page.keyboard.press("Enter")
    expect(page.locator("main#maincontent")).to_be_focused()
    tab_to(page, page.get_by_role("main").get_by_role("link", name="Find an objective"), limit=1)

    # Find the objective on the objectives list.
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Objectives")
    tab_to(page, page.get_by_label("Search"))
    page.keyboard.type("nurses")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=nurses\b"))
    tab_to(page, page.get_by_role("table").get_by_role("link", name=NURSES))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"3 {NURSES}")

    tab_to(page, page.get_by_role("link", name="Record progress"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record progress")

    # The form, field by field. The date is typed into its segments in turn; Chromium
    # orders them by its own locale (month first in en-US), not the page's, so the day and
    # the month are the same number. The status is chosen by typing the start of its name;
    # the percent replaces the initial 0.
    as_of = page.get_by_label("As of")
    tab_to(page, as_of)
    page.keyboard.type("03032022")
    expect(as_of).to_have_value("2022-03-03")
    status = page.get_by_label("Status")
    tab_to(page, status)
    page.keyboard.type("At risk")
    expect(status).to_have_value(ProgressUpdate.Status.AT_RISK)
    percent = page.get_by_label("Percent complete")
    tab_to(page, percent)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("40")
    expect(percent).to_have_value("40")
    tab_to(page, page.get_by_label("Narrative"))
    page.keyboard.type("Recruitment is behind plan in two regions.")
    tab_to(page, page.get_by_role("button", name="Save progress"))
    page.keyboard.press("Enter")

    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Progress recorded."
    )
    expect(page.locator("#latest-status")).to_contain_text("40% complete, as of 3 March 2022")
    update = ProgressUpdate.objects.get(objective=nurses)
    assert (update.as_of, update.status, update.percent_complete, update.author) == (
        datetime.date(2022, 3, 3),
        ProgressUpdate.Status.AT_RISK,
        40,
        updater,
    )
    assert update.narrative == "Recruitment is behind plan in two regions."
    shot(page, "a11y-keyboard-recorded")
