"""Every kind of page at a phone's width (375 px) and a laptop's (1280 px), in Chromium
(issue 13): no page wider than the screen; a table wider than its box says it scrolls
sideways; no serious or critical finding of axe-core (checked on the same visit);
breadcrumbs become a back link on a phone; chart labels readable; navigation only to
what the visitor may use; the status bar told apart by more than colour; the
objectives list readable at full width; a withdrawn update restored where it stands
(closing a quarter, confirmed and undone: test_reporting_cycle.py).

The tests that visit many pages gather what is wrong on each and fail once, naming every
page, so that one run says all that is missing."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from mandates.models import ReportingPeriod
from mandates.services import reporting_period_close
from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_record
from tests.browser.axe import Audit
from tests.browsing import WIDTHS, BrowserErrors, at_width, log_in, shot, width_problem

MANDATE = "hee-2021-22"
NURSES_PAGE = "/mandates/hee-2021-22/objectives/3/"
GP_PAGE = "/mandates/hee-2021-22/objectives/4/"  # its target carries the published figures
THEME_PAGE = "/mandates/hee-2021-22/themes/2/"
PERIODS_PAGE = "/mandates/hee-2021-22/periods/"
LIST_PAGE = "/objectives/"
SMALLEST_LABEL_PX = 12

# Each region holding a table that is wider than its box, and what its cue says (if any):
# aria-describedby must name a visible .app-scroll-cue saying it scrolls sideways.
REGIONS_JS = """() => {
    const regions = document.querySelectorAll(
        '[role=region], section[aria-label], section[aria-labelledby]');
    const found = [];
    for (const region of regions) {
        if (!region.querySelector('table') || region.scrollWidth <= region.clientWidth) continue;
        const ids = (region.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
        const cues = ids.map(id => document.getElementById(id)).filter(Boolean).map(e => ({
            id: e.id,
            isCue: e.classList.contains('app-scroll-cue'),
            visible: e.checkVisibility(),
            text: e.textContent.trim(),
        }));
        found.push({
            label: region.getAttribute('aria-label') || region.id || region.tagName,
            scroll: region.scrollWidth, client: region.clientWidth, describedby: ids, cues,
        });
    }
    return found;
}"""

# Every visible text of every chart, as big as it is drawn: the font size in the SVG's
# units times the SVG's scale on the screen.
CHART_TEXT_JS = """() => [...document.querySelectorAll('svg.app-chart text')]
    .filter(e => e.checkVisibility() && e.textContent.trim())
    .map(e => {
        const m = e.getScreenCTM();
        const size = parseFloat(getComputedStyle(e).fontSize) * Math.hypot(m.a, m.b);
        return {text: e.textContent.trim(), px: Math.round(size * 10) / 10,
                box: Math.round(e.getBoundingClientRect().height * 10) / 10};
    })"""

# The breadcrumbs: the trail's links, whether the trail shows, and the visible links whose
# words start with "Back" (NHS.UK's back link, with its visually hidden words).
BREADCRUMBS_JS = """() => {
    const nav = document.querySelector('nav[aria-label="Breadcrumb"], .nhsuk-breadcrumb');
    const trail = nav && nav.querySelector('ol, ul');
    const back = [...document.querySelectorAll('a')]
        .filter(a => a.checkVisibility() && /^Back\\b/.test(a.textContent.replace(/\\s+/g, ' ').trim()))
        .map(a => ({text: a.textContent.replace(/\\s+/g, ' ').trim(), href: a.getAttribute('href')}));
    return {
        trail: trail ? [...trail.querySelectorAll('a')].map(a => a.getAttribute('href')) : null,
        trailVisible: !!trail && trail.checkVisibility(),
        back,
    };
}"""

# The status bars' segments, and the trend chart's bars drawn the same way: each one's
# status and fill as computed (an attribute or CSS), whether a fill names a pattern that is
# on the page, whether a visible SVG text or mark stands over the segment, and the bar's own
# background.
STATUS_BAR_JS = """() => [...document.querySelectorAll(
        'svg.app-status-bar, svg.app-status-trend__bar')].map(svg => {
    const rects = [...svg.querySelectorAll('rect')];
    const background = rects.find(r => !r.hasAttribute('data-status'));
    const marks = [...svg.querySelectorAll('text, use')].filter(
        m => m.checkVisibility() && (m.tagName === 'use' || m.textContent.trim()));
    return {
        background: background ? getComputedStyle(background).fill : getComputedStyle(svg).backgroundColor,
        segments: rects.filter(r => r.hasAttribute('data-status')).map(r => {
            const fill = getComputedStyle(r).fill;
            const ref = /^url\\("?#([^")]+)"?\\)/.exec(fill);
            const box = r.getBoundingClientRect();
            const marked = marks.some(m => {
                const middle = m.getBoundingClientRect().left + m.getBoundingClientRect().width / 2;
                return middle >= box.left && middle <= box.right;
            });
            return {status: r.dataset.status, fill, width: box.width,
                    pattern: !!ref && !!document.getElementById(ref[1]), marked};
        }),
    };
})"""

# Lines a piece of text takes: the distinct tops of the line boxes of an element's text.
LINES_JS = """e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return tops.size;
}"""


def close_control(page: Page) -> Locator:
    """The periods page's first way to close a quarter: a link to the confirmation page
    (or, before it, a button that closed at once)."""
    name = re.compile(r"^Close\b")
    main = page.get_by_role("main")
    return main.get_by_role("link", name=name).or_(main.get_by_role("button", name=name)).first


def at_widths(new_page: Callable[..., Page], width: int) -> Page:
    page = new_page(**at_width(width))
    assert page.viewport_size is not None and page.viewport_size["width"] == width
    return page


def region_problems(page: Page) -> list[str]:
    problems = []
    for region in page.evaluate(REGIONS_JS):
        good = [
            cue
            for cue in region["cues"]
            if cue["isCue"] and cue["visible"] and re.search("sideways", cue["text"], re.I)
        ]
        if not good:
            problems.append(
                f"region {region['label']!r} scrolls ({region['scroll']} in {region['client']} px)"
                f" with no visible .app-scroll-cue saying it scrolls sideways"
                f" (aria-describedby={region['describedby']}, described by {region['cues']})"
            )
    return problems


class Findings:
    """What is wrong, page by page, to fail once with all of it."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, name: str, problem: str) -> None:
        if problem:
            self.problems.append(f"{name}: {problem}")

    def assert_none(self, what: str, *, audit: Audit | None = None) -> None:
        """Fail with every problem found, and with the audit's findings when it has any
        that fail."""
        failures = [f"{what}:\n" + "\n".join(self.problems)] if self.problems else []
        if audit is not None and (report := audit.report()):
            failures.append(report)
        if failures:
            pytest.fail("\n\n".join(failures), pytrace=False)


def reached(page: Page, findings: Findings, name: str, heading: str) -> bool:
    """Whether the page shown is the one meant (its h1 matches `heading`)."""
    h1 = page.get_by_role("heading", level=1).first
    try:
        expect(h1).to_have_text(re.compile(heading), timeout=3_000)
    except AssertionError:
        shown = h1.text_content(timeout=1_000) if h1.count() else "no h1"
        findings.add(name, f"not reached: expected a heading like {heading!r}, got {shown!r}")
        return False
    return True


def check_page(page: Page, findings: Findings, audit: Audit, name: str, width: int) -> None:
    """The sweep's checks of a page: its width, its tables' cues, and axe (which takes the
    screenshot)."""
    findings.add(name, width_problem(page, width))
    for problem in region_problems(page):
        findings.add(name, problem)
    audit.check(page, f"{name}-{width}")


@pytest.fixture
def closed_quarter(editor: User, mandates: None) -> ReportingPeriod:
    """The mandate's last quarter, closed: for the reopen form."""
    period = ReportingPeriod.objects.filter(mandate__slug=MANDATE).order_by("start").last()
    assert period is not None
    return reporting_period_close(period=period, editor=editor)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_screen_says_where_it_scrolls_and_passes_axe(
    new_page: Callable[..., Page],
    live_server: object,
    editor: User,
    history: dict[str, Any],
    closed_quarter: ReportingPeriod,
    browser_errors: BrowserErrors,
    audit: Audit,
    width: int,
) -> None:
    browser_errors.allow(r"status of 404 \(Not Found\)")
    findings = Findings()
    signed_out = at_widths(new_page, width)
    signed_out.goto("/accounts/login/")
    if reached(signed_out, findings, "login", r"^Log in"):
        check_page(signed_out, findings, audit, "login", width)
    signed_out.get_by_role("button", name="Log in").click()
    if reached(signed_out, findings, "login-error", r"^Log in"):
        check_page(signed_out, findings, audit, "login-error", width)

    page = at_widths(new_page, width)
    log_in(page, live_server, editor)
    edited, target = history["edited"], history["target"]
    pages = [
        ("home", "/", r"\S"),
        ("objectives", LIST_PAGE, r"^Objectives"),
        ("objectives-page-2-sorted", f"{LIST_PAGE}?sort=title&page=2", r"^Objectives"),
        ("objectives-filtered", f"{LIST_PAGE}?mandate={MANDATE}&q=nurses", r"^Objectives"),
        ("objective-nurses", NURSES_PAGE, r"50,000 more nurses"),
        ("objective-gp", GP_PAGE, r"GP training"),
        ("record", f"{NURSES_PAGE}record/", r"^Record progress"),
        ("edit", f"/updates/{edited.pk}/edit/", r"\S"),
        ("withdraw", f"/updates/{edited.pk}/withdraw/", r"\S"),
        (
            "restore",
            f"/updates/{edited.pk}/versions/{history['version'].history_id}/restore/",
            r"\S",
        ),
        ("record-figure", f"/targets/{target.pk}/measurements/record/", r"\S"),
        ("needs-update", "/needs-update/", r"\S"),
        ("mandate", f"/mandates/{MANDATE}/", r"\S"),
        ("theme", THEME_PAGE, r"\S"),
        ("compare", "/compare/hee-2017-18/hee-2021-22/", r"\S"),
        ("periods", PERIODS_PAGE, r"^Reporting quarters"),
        ("reopen", f"/periods/{closed_quarter.pk}/reopen/", r"^Reopen"),
        ("summary-print", "/mandates/hee-2021-22/themes/2/summary.html", r"\S"),
        ("404", "/mandates/hee-2021-22/objectives/999/", r"^Page not found"),
        ("admin-index", "/admin/", r"\S"),
        ("admin-change-list", "/admin/objectives/objective/", r"\S"),
        ("admin-change-form", f"/admin/objectives/objective/{edited.objective.pk}/change/", r"\S"),
        ("admin-history", f"/admin/objectives/objective/{edited.objective.pk}/history/", r"\S"),
        ("admin-update-history", f"/admin/objectives/progressupdate/{edited.pk}/history/", r"\S"),
    ]
    for name, path, heading in pages:
        page.goto(path)
        if reached(page, findings, name, heading):
            check_page(page, findings, audit, name, width)

    # The objective's earlier versions opened, the record form's error state, and the
    # confirmation of closing a quarter.
    page.goto(NURSES_PAGE)
    page.locator(f"#update-{edited.pk} .nhsuk-details__summary").first.press("Enter")
    expect(page.locator(f"#update-{edited.pk} .app-version").first).to_be_visible()
    check_page(page, findings, audit, "objective-versions-open", width)
    page.goto(f"{NURSES_PAGE}record/")
    page.get_by_role("button", name="Save progress").click()
    if reached(page, findings, "record-error", r"^Record progress"):
        check_page(page, findings, audit, "record-error", width)
    page.goto(PERIODS_PAGE)
    if close_control(page).count():
        close_control(page).click()
        if reached(page, findings, "close-confirmation", r"^Close"):
            check_page(page, findings, audit, "close-confirmation", width)
    else:
        findings.add("periods", "no way to close a quarter")
    findings.assert_none(f"At {width} px", audit=audit)


@pytest.mark.parametrize("width", WIDTHS)
def test_breadcrumbs_become_a_back_link_to_the_parent_on_a_phone(
    new_page: Callable[..., Page], live_server: object, editor: User, nurses: Objective, width: int
) -> None:
    findings = Findings()
    page = at_widths(new_page, width)
    log_in(page, live_server, editor)
    for name, path in (
        ("objectives", LIST_PAGE),
        ("objective", NURSES_PAGE),
        ("record", f"{NURSES_PAGE}record/"),
        ("theme", THEME_PAGE),
        ("periods", PERIODS_PAGE),
        ("needs-update", "/needs-update/"),
    ):
        page.goto(path)
        crumbs = page.evaluate(BREADCRUMBS_JS)
        if not crumbs["trail"]:
            findings.add(name, "no breadcrumb trail in the page")
            continue
        parent = crumbs["trail"][-1]
        if width < 641:  # NHS.UK frontend's tablet breakpoint
            if crumbs["trailVisible"]:
                findings.add(name, "the breadcrumb trail shows on a phone")
            if not crumbs["back"]:
                findings.add(name, "no visible link starting 'Back' on a phone")
            elif parent not in {b["href"] for b in crumbs["back"]}:
                findings.add(name, f"the back link {crumbs['back']} does not lead to {parent}")
        else:
            if not crumbs["trailVisible"]:
                findings.add(name, "the breadcrumb trail is hidden on a desktop")
    findings.assert_none(f"Breadcrumbs at {width} px")


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_labels_are_at_least_12_pixels(
    new_page: Callable[..., Page], live_server: object, viewer: User, nurses: Objective, width: int
) -> None:
    findings = Findings()
    page = at_widths(new_page, width)
    log_in(page, live_server, viewer)
    for name, path in (("objective-gp", GP_PAGE), ("objective-nurses", NURSES_PAGE)):
        page.goto(path)
        expect(page.locator("svg.app-chart").filter(visible=True).first).to_be_visible()
        labels = page.evaluate(CHART_TEXT_JS)
        assert labels, f"{path}: the chart has no text labels"
        small = [label for label in labels if label["px"] < SMALLEST_LABEL_PX]
        if small:
            smallest = min(label["px"] for label in small)
            findings.add(
                name,
                f"{len(small)} of {len(labels)} chart labels under {SMALLEST_LABEL_PX} px "
                f"(smallest {smallest} px), e.g. {small[:3]}",
            )
        # Each chart is drawn twice, for a narrow and a wide box; one of them shows.
        shown = page.locator("svg.app-chart").filter(visible=True).count()
        drawn = page.locator("svg.app-chart--wide").count()
        if shown != drawn:
            findings.add(name, f"{shown} charts show, of {drawn} drawn")
        shot(page, f"w{width}-chart-{name}")
    findings.assert_none(f"Chart labels at {width} px")


@pytest.mark.parametrize("width", WIDTHS)
def test_navigation_offers_only_what_the_visitor_may_use(
    new_page: Callable[..., Page], live_server: object, viewer: User, editor: User, width: int
) -> None:
    # Hidden links count too: on a phone the header's script folds the links that do not
    # fit into its "More" menu, out of sight until it is opened.
    def links(page: Page, name: str) -> Locator:
        return page.get_by_role("link", name=name, exact=True, include_hidden=True)

    signed_out = at_widths(new_page, width)
    signed_out.goto("/accounts/login/")
    skip = signed_out.get_by_role("link", name="Skip to main content")
    expect(skip).to_have_attribute("href", "#maincontent")
    expect(signed_out.get_by_role("navigation", name="Menu", include_hidden=True)).to_have_count(0)
    for name in ("Objectives", "Needs an update", "Admin"):
        expect(links(signed_out, name)).to_have_count(0)
    expect(signed_out.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()

    as_viewer = at_widths(new_page, width)
    log_in(as_viewer, live_server, viewer)
    expect(links(as_viewer, "Objectives")).to_have_count(1)
    expect(links(as_viewer, "Admin")).to_have_count(0)

    as_editor = at_widths(new_page, width)
    log_in(as_editor, live_server, editor)
    admin = links(as_editor, "Admin")
    expect(admin).to_have_count(1)
    expect(admin).to_have_attribute("href", "/admin/")
    if width >= 1280:
        expect(admin).to_be_visible()


@pytest.fixture
def every_status(history: dict[str, Any], updater: User) -> None:
    """Objectives of the 2021-22 mandate at every status (with the nurses at risk)."""
    for reference, status, percent in (
        ("1", ProgressUpdate.Status.COMPLETE, 100),
        ("2", ProgressUpdate.Status.NOT_STARTED, 0),
        ("5", ProgressUpdate.Status.OFF_TRACK, 15),
        ("6", ProgressUpdate.Status.ON_TRACK, 50),
    ):
        progress_update_record(
            objective=Objective.objects.get(mandate__slug=MANDATE, reference=reference),
            author=updater,
            as_of=datetime.date(2021, 6, 30),
            status=status,
            percent_complete=percent,
            narrative="Where it stands.",
        )


@pytest.mark.usefixtures("every_status")
def test_the_status_bar_tells_statuses_apart_by_more_than_colour(
    page: Page, live_server: object, viewer: User
) -> None:
    findings = Findings()
    log_in(page, live_server, viewer)
    for name, path in (("home", "/"), ("theme", THEME_PAGE)):
        page.goto(path)
        bars = page.evaluate(STATUS_BAR_JS)
        assert bars, f"{path}: no status bar"
        fills: dict[str, set[str]] = {}
        for bar in bars:
            for segment in bar["segments"]:
                fills.setdefault(segment["status"], set()).add(segment["fill"])
                if segment["status"] == "no_update" and segment["fill"] == bar["background"]:
                    findings.add(
                        name, f"'No update yet' is drawn as the empty bar ({bar['background']})"
                    )
        statuses = sorted(fills)
        for i, one in enumerate(statuses):
            for other in statuses[i + 1 :]:
                shared = fills[one] & fills[other]
                if shared:
                    findings.add(name, f"{one} and {other} share the fill {sorted(shared)}")
        segments = [s for bar in bars for s in bar["segments"]]
        patterned = all(s["pattern"] for s in segments)
        marked = all(s["marked"] for s in segments)
        if not (patterned or marked):
            plain = sorted({(s["status"], s["fill"]) for s in segments if not s["pattern"]})
            findings.add(
                name,
                "segments told apart by colour alone: neither every fill a pattern on the page"
                f" nor every segment marked with visible text; plain fills {plain}",
            )
        if len(statuses) < 3:
            findings.add(name, f"expected several statuses with a count, found {statuses}")
        shot(page, f"status-bar-{name}")
    findings.assert_none("The status bar")


def test_the_objectives_list_uses_the_full_width_and_sorts_from_page_one(
    new_page: Callable[..., Page], live_server: object, viewer: User, nurses: Objective
) -> None:
    findings = Findings()
    page = at_widths(new_page, 1280)
    log_in(page, live_server, viewer)
    page.goto(LIST_PAGE)
    table = page.locator("table.app-table, main table").first
    expect(table).to_be_visible()
    shot(page, "w1280-list")

    widths = page.evaluate(
        """t => {
            const box = t.closest('.nhsuk-width-container') || document.body;
            const s = getComputedStyle(box);
            const content = box.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
            return {table: t.getBoundingClientRect().width, content};
        }""",
        table.element_handle(),
    )
    if widths["table"] < 0.9 * widths["content"]:
        findings.add(
            "list",
            f"the table is {widths['table']:.0f} px of the page's {widths['content']:.0f} px",
        )
    if page.locator(".app-scroll-cue").filter(visible=True).count():
        findings.add("list", "the table fits, yet a cue says it scrolls sideways")

    rows = table.locator("tbody tr")
    for i in range(rows.count()):
        text = " ".join((rows.nth(i).text_content() or "").split())
        if not re.search(r"\b20\d\d-\d\d\b|\b20\d\d to 20\d\d\b", text):
            findings.add("list", f"row {i + 1} does not show its mandate: {text[:80]!r}")

    headers = [" ".join((h or "").split()) for h in table.locator("thead th").all_text_contents()]
    title_column = headers.index("Objective") if "Objective" in headers else -1
    if title_column < 0:
        findings.add("list", f"no 'Objective' column among {headers}")
    else:
        for i in range(rows.count()):
            cell = rows.nth(i).locator("td, th").nth(title_column)
            lines = cell.evaluate(LINES_JS)
            if lines > 4:
                findings.add("list", f"the title in row {i + 1} takes {lines} lines")
    no_update = table.get_by_text("No update yet", exact=True)
    for i in range(no_update.count()):
        lines = no_update.nth(i).evaluate(LINES_JS)
        if lines != 1:
            findings.add("list", f"'No update yet' in row {i + 1} takes {lines} lines")
            break

    # Sorting from the second page starts again at the first.
    page.goto(f"{LIST_PAGE}?page=2")
    expect(page.get_by_role("navigation", name="Pagination")).to_contain_text("Page 2 of")
    table.locator("thead").get_by_role("link", name="Objective", exact=True).click()
    page.wait_for_load_state()
    if re.search(r"[?&]page=2\b", page.url):
        findings.add("list", f"sorting from page 2 stays on page 2: {page.url}")
    first_row = " ".join((rows.first.text_content() or "").split())
    page.goto(re.sub(r"([?&])page=\d+&?", r"\1", page.url).rstrip("?&"))
    expected = " ".join((rows.first.text_content() or "").split())
    if first_row != expected:
        findings.add(
            "list", f"after sorting, the first row is {first_row[:60]!r}, not {expected[:60]!r}"
        )
    findings.assert_none("The objectives list at 1280 px")


def test_a_withdrawn_update_is_restored_where_it_stands(
    page: Page, live_server: object, editor: User, history: dict[str, Any]
) -> None:
    withdrawn = history["withdrawn"]
    log_in(page, live_server, editor)
    page.goto(NURSES_PAGE)
    item = page.locator(f"#update-{withdrawn.pk}")
    expect(item.locator(".nhsuk-tag", has_text="Withdrawn")).to_be_visible()
    restore = (
        item.get_by_role("link", name=re.compile(r"^Restore"))
        .or_(item.get_by_role("button", name=re.compile(r"^Restore")))
        .filter(visible=True)
    )
    expect(restore).to_have_count(1)  # shown as it stands, not only in "Earlier versions"
    restore.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"Restore", re.I))
