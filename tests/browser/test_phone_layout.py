"""The pages on a phone (375 px) and a laptop (1280 px), in Chromium: nothing wider than
the screen, a wide table scrolling in its own region that says so, the breadcrumbs a back
link on a phone, chart labels of 12 px or more, and the objectives list readable."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from objectives.models import Objective
from tests.browsing import at_width, log_in, shot

NURSES = "/mandates/hee-2021-22/objectives/3/"
GP = "/mandates/hee-2021-22/objectives/4/"  # its target carries the published figures
THEME = "/mandates/hee-2021-22/themes/2/"

# Each region holding a table wider than its box, with the visible cues it is described by.
SCROLLING_REGIONS_JS = """() => [...document.querySelectorAll('[role=region]')]
    .filter(r => r.querySelector('table') && r.scrollWidth > r.clientWidth)
    .map(r => ({
        label: r.getAttribute('aria-label'),
        cues: (r.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
            .map(id => document.getElementById(id))
            .filter(e => e && e.classList.contains('app-scroll-cue') && e.checkVisibility())
            .map(e => e.textContent.trim()),
    }))"""

# Each visible chart text's size on the screen: its font size times the SVG's scale.
CHART_TEXT_JS = """() => [...document.querySelectorAll('svg.app-chart text')]
    .filter(e => e.checkVisibility() && e.textContent.trim())
    .map(e => {
        const m = e.getScreenCTM();
        return parseFloat(getComputedStyle(e).fontSize) * Math.hypot(m.a, m.b);
    })"""

# How many lines an element's text takes.
LINES_JS = """e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    return new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.top))).size;
}"""


def at(new_page: Callable[..., Page], width: int) -> Page:
    return new_page(**at_width(width))


def test_no_page_is_wider_than_a_phone_and_wide_tables_say_they_scroll(
    new_page: Callable[..., Page], live_server: object, editor: User, history: object
) -> None:
    page = at(new_page, 375)
    log_in(page, live_server, editor)
    problems: list[str] = []  # every page's, to fail once naming them all
    for path in (
        "/",
        "/objectives/",
        "/objectives/?sort=title&page=2",
        NURSES,
        GP,
        "/needs-update/",
        "/mandates/hee-2021-22/",
        THEME,
        "/compare/hee-2017-18/hee-2021-22/",
    ):
        page.goto(path)
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        if not widths["scroll"] <= widths["inner"] == 375:
            problems.append(f"{path} is wider than the screen: {widths}")
        for region in page.evaluate(SCROLLING_REGIONS_JS):
            if not any("sideways" in cue for cue in region["cues"]):
                problems.append(f"{path}: region {region['label']!r} scrolls with no cue")
        shot(page, f"phone{path.replace('/', '-')}")
    assert problems == []


def test_the_objectives_table_scrolls_in_its_region_with_its_cue(
    new_page: Callable[..., Page], live_server: object, viewer: User, nurses: Objective
) -> None:
    phone = at(new_page, 375)
    log_in(phone, live_server, viewer)
    phone.goto("/objectives/")
    region = phone.get_by_role("region", name="Objectives")
    expect(region).to_have_attribute("aria-describedby", "scroll-cue")
    expect(region.locator("#scroll-cue")).to_have_text("Scroll sideways to see all columns.")
    expect(region.locator("#scroll-cue")).to_be_visible()

    laptop = at(new_page, 1280)
    log_in(laptop, live_server, viewer)
    laptop.goto("/objectives/")
    expect(laptop.locator("#scroll-cue")).to_be_hidden()  # the table fits: no cue


@pytest.mark.parametrize("width", [375, 1280])
def test_breadcrumbs_are_a_back_link_to_the_parent_on_a_phone(
    new_page: Callable[..., Page], live_server: object, viewer: User, nurses: Objective, width: int
) -> None:
    page = at(new_page, width)
    log_in(page, live_server, viewer)
    page.goto(NURSES)
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    back = breadcrumb.get_by_role("link", name="Back to Theme 2")
    trail = breadcrumb.locator("ol")
    if width == 375:
        expect(trail).to_be_hidden()
        expect(back).to_be_visible()
        expect(back).to_have_attribute("href", THEME)
    else:
        expect(trail).to_be_visible()
        expect(back).to_be_hidden()
        expect(trail.get_by_role("link")).to_have_text(["Home", re.compile("2021"), "Theme 2"])


@pytest.mark.parametrize("width", [375, 1280])
def test_chart_labels_are_drawn_at_12_pixels_or_more(
    new_page: Callable[..., Page], live_server: object, viewer: User, history: object, width: int
) -> None:
    page = at(new_page, width)
    log_in(page, live_server, viewer)
    for path in (NURSES, GP):
        page.goto(path)
        expect(page.locator("svg.app-chart").filter(visible=True).first).to_be_visible()
        sizes = page.evaluate(CHART_TEXT_JS)
        assert sizes and min(sizes) >= 12, f"{path} at {width} px: smallest {min(sizes):.1f} px"
        assert len(page.locator("svg.app-chart").filter(visible=True).all()) == len(
            page.locator("svg.app-chart--wide").all()
        ), "one drawing of each chart shows"
        shot(page, f"chart-{width}{path.replace('/', '-')}")


def test_the_objectives_list_is_readable_at_full_width_and_sorts_from_page_one(
    new_page: Callable[..., Page], live_server: object, viewer: User, nurses: Objective
) -> None:
    page = at(new_page, 1280)
    log_in(page, live_server, viewer)
    page.goto("/objectives/")
    table = page.locator("table.app-table")
    main_width = page.locator("#maincontent").bounding_box()["width"]
    assert table.bounding_box()["width"] >= 0.95 * main_width
    shot(page, "list-1280")

    rows = table.locator("tbody tr")
    mandates = rows.locator("td:nth-child(2)").all_text_contents()
    assert {m.strip() for m in mandates} == {"2017-18", "2021-22"}
    for title in rows.locator("td:nth-child(3)").all():
        assert title.evaluate(LINES_JS) <= 3, title.text_content()
    for tag in table.get_by_text("No update yet", exact=True).all():
        assert tag.evaluate(LINES_JS) == 1

    page.goto("/objectives/?page=2")
    table.locator("thead").get_by_role("link", name="Objective", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?sort=title$"))
    expect(page.get_by_role("navigation", name="Pagination")).to_contain_text("Page 1 of 2")
