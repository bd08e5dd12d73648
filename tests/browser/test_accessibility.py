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

from mandates.models import ReportingPeriod
from mandates.services import reporting_period_close
from objectives.models import Objective, ProgressUpdate
from tests.browser.test_pages_at_two_widths import close_control
from tests.browsing import WIDTHS, BrowserErrors, at_width, log_in, shot

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# Served to the page by page.route, never by the app: a same-origin script, which a
# Content Security Policy of script-src 'self' allows where an inline one is refused.
AXE_URL = "/static/__axe__.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}

NURSES = "Help deliver 50,000 more nurses in the NHS"
NURSES_PAGE = "/mandates/hee-2021-22/objectives/3/"
# The GP objective: its target carries the published figures, so its page draws a chart.
GP_PAGE = "/mandates/hee-2021-22/objectives/4/"


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

    def check(self, page: Page, name: str, *, heading: str = "") -> None:
        """Audit the page. With `heading` (a pattern), first make sure it is the page meant:
        one that is not there yet is reported as such, and the audit goes on to the next."""
        if heading:
            h1 = page.get_by_role("heading", level=1)
            try:
                expect(h1.first).to_have_text(re.compile(heading), timeout=2_000)
            except AssertionError:
                found = h1.first.text_content(timeout=1_000) if h1.count() else "no heading"
                self.found[name] = [
                    {
                        "id": "page-not-reached",
                        "impact": "critical",
                        "help": f"expected a heading like {heading!r}, found {found!r} at {page.url}",
                        "nodes": [],
                    }
                ]
                return
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
def audit(browser_errors: BrowserErrors) -> Audit:
    # Some of axe's checks (link-in-text-block) restyle a link for a moment; the pages'
    # style-src 'self' refuses that, and the browser says so from axe's own script.
    browser_errors.allow(r"inline style violates .*__axe__\.js")
    return Audit()


@pytest.mark.parametrize("width", WIDTHS)
def test_login_page_is_accessible(new_page: Callable[..., Page], audit: Audit, width: int) -> None:
    page = new_page(**at_width(width))
    page.goto("/accounts/login/")
    audit.check(page, f"login-{width}")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    audit.check(page, f"login-error-{width}")
    audit.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_is_accessible(
    new_page: Callable[..., Page],
    live_server: object,
    editor: User,
    history: dict[str, Any],
    audit: Audit,
    width: int,
) -> None:
    edited, withdrawn = history["edited"], history["withdrawn"]
    closed = ReportingPeriod.objects.filter(mandate__slug="hee-2021-22").order_by("start").last()
    reporting_period_close(period=closed, editor=editor)
    page = new_page(**at_width(width))
    log_in(page, live_server, editor)
    audit.check(page, f"home-{width}")

    page.goto("/objectives/?mandate=hee-2021-22&q=nurses")
    expect(page.locator("#result-count")).to_have_text("1 objective")
    audit.check(page, f"objectives-filtered-{width}")
    page.goto("/objectives/?sort=title&page=2")
    audit.check(page, f"objectives-page-2-{width}")

    page.goto(NURSES_PAGE)
    expect(page.locator(f"#update-{withdrawn.pk} .nhsuk-tag", has_text="Withdrawn")).to_be_visible()
    expect(page.locator("svg.app-chart").filter(visible=True).first).to_be_visible()
    audit.check(page, f"objective-{width}")
    page.locator(f"#update-{edited.pk} .nhsuk-details__summary").first.press("Enter")
    expect(page.locator(f"#update-{edited.pk} .app-version").first).to_be_visible()
    audit.check(page, f"objective-versions-open-{width}")
    page.goto(GP_PAGE)
    audit.check(page, f"objective-gp-{width}")

    page.goto(f"{NURSES_PAGE}record/")
    audit.check(page, f"record-{width}")
    page.get_by_label("Percent complete").fill("150")
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    audit.check(page, f"record-error-{width}")

    page.goto(f"/updates/{edited.pk}/edit/")
    audit.check(page, f"edit-{width}")
    page.goto(f"/updates/{edited.pk}/withdraw/")
    audit.check(page, f"withdraw-{width}")
    page.goto(f"/updates/{edited.pk}/versions/{history['version'].history_id}/restore/")
    audit.check(page, f"restore-{width}")
    page.goto(f"/targets/{history['target'].pk}/measurements/record/")
    audit.check(page, f"record-figure-{width}")

    page.goto("/mandates/hee-2021-22/themes/2/")
    audit.check(page, f"theme-{width}")
    page.goto("/mandates/hee-2021-22/")
    audit.check(page, f"mandate-{width}")
    page.goto("/mandates/hee-2021-22/themes/2/summary.html")
    audit.check(page, f"summary-print-{width}")
    page.goto("/needs-update/")
    audit.check(page, f"needs-update-{width}")
    page.goto("/compare/hee-2017-18/hee-2021-22/")
    audit.check(page, f"compare-{width}")
    page.goto(f"/periods/{closed.pk}/reopen/")
    audit.check(page, f"reopen-{width}", heading=r"^Reopen")
    page.goto("/mandates/hee-2021-22/periods/")
    audit.check(page, f"periods-{width}")
    # Last, as it closes a quarter: its confirmation page (issue 13), once there is one.
    close_control(page).click()
    audit.check(page, f"close-confirmation-{width}", heading=r"^Close")
    audit.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_admin_pages_are_accessible(
    new_page: Callable[..., Page],
    live_server: object,
    editor: User,
    history: dict[str, Any],
    audit: Audit,
    width: int,
) -> None:
    """Django's own markup, mostly: what axe finds here that only Django could mend is for
    the report, not to be hidden."""
    nurses = history["edited"].objective
    page = new_page(**at_width(width))
    log_in(page, live_server, editor)
    for name, path in (
        ("index", "/admin/"),
        ("change-list", "/admin/objectives/objective/"),
        ("change-form", f"/admin/objectives/objective/{nurses.pk}/change/"),
        ("history", f"/admin/objectives/objective/{nurses.pk}/history/"),
        ("update-history", f"/admin/objectives/progressupdate/{history['edited'].pk}/history/"),
    ):
        page.goto(path)
        audit.check(page, f"admin-{name}-{width}")
    audit.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_error_pages_are_accessible(
    new_page: Callable[..., Page],
    live_server: object,
    viewer: User,
    nurses: Objective,
    audit: Audit,
    browser_errors: BrowserErrors,
    width: int,
) -> None:
    browser_errors.allow(r"status of 40[34] \((Forbidden|Not Found)\)")
    page = new_page(**at_width(width))
    log_in(page, live_server, viewer)
    page.goto(f"{NURSES_PAGE}record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do that")
    audit.check(page, f"403-{width}")
    page.goto("/mandates/hee-2021-22/objectives/999/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    audit.check(page, f"404-{width}")
    audit.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_updaters_pages_are_accessible(
    new_page: Callable[..., Page],
    live_server: object,
    updater: User,
    history: dict[str, Any],
    audit: Audit,
    width: int,
) -> None:
    page = new_page(**at_width(width))
    log_in(page, live_server, updater)
    audit.check(page, f"updater-home-{width}")
    page.goto(NURSES_PAGE)
    audit.check(page, f"updater-objective-{width}")
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

    # The form, field by field. The as-of date is NHS.UK's date input: a box each for the
    # day, the month and the year, typed in turn (the boxes may hold the initial date).
    # The status is a group of radios: Tab reaches the group, the arrow keys choose.
    as_of = page.get_by_role("group", name=re.compile(r"^As of"))
    for box, value in (("Day", "3"), ("Month", "3"), ("Year", "2022")):
        field = as_of.get_by_role("textbox", name=box, exact=True)
        tab_to(page, field)
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type(value)
        expect(field).to_have_value(value)
    status = page.get_by_role("group", name=re.compile(r"^Status"))
    tab_to(page, status.get_by_role("radio").first)
    for _ in range(len(ProgressUpdate.Status)):
        if status.get_by_role("radio", name="At risk").is_checked():
            break
        page.keyboard.press("ArrowDown")
    else:
        pytest.fail("The arrow keys never chose At risk")
    expect(status.get_by_role("radio", name="At risk")).to_be_focused()
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
