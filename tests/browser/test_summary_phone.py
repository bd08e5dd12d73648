"""The board summary's print view on a phone: no wider than the screen, each objective
read as a list of its fields; on paper, still the table it always was."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from objectives.models import Objective
from objectives.services import progress_update_record
from tests.browser.axe import Audit
from tests.browsing import PHONE, log_in, shot, width_problem

THEME = "/mandates/hee-2021-22/themes/2/summary.html"
MANDATE = "/mandates/hee-2021-22/summary.html"
# A long word and a long address: on a narrow screen they must break, not widen the page.
NARRATIVE = "Recruitment from overseas is behind plan in two regions: Supercalifragilistic."
EVIDENCE = "https://www.hee.nhs.uk/our-work/nursing/international-recruitment/quarterly-report"
# The desktop width accessibility is checked at, besides the phone's.
DESKTOP = {"width": 1280, "height": 900}
# An A4 landscape page at 96 pixels an inch, for a screenshot of the page as printed.
A4_LANDSCAPE = {"width": 1123, "height": 794}


@pytest.fixture
def phone(new_page: Callable[..., Page]) -> Page:
    return new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


@pytest.fixture
def reported(nurses: Objective, updater: User) -> None:
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status="at_risk",
        percent_complete=35,
        narrative=NARRATIVE,
        evidence_url=EVIDENCE,
    )


@pytest.mark.usefixtures("reported")
def test_the_print_view_fits_a_phone_and_reads_each_objective_as_a_list(
    phone: Page, live_server: object, viewer: User
) -> None:
    log_in(phone, live_server, viewer)
    for path in (THEME, MANDATE):
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        shot(phone, f"summary-phone-{'mandate' if path == MANDATE else 'theme'}")
        assert not width_problem(phone, PHONE["width"]), phone.url

    phone.goto(THEME)
    table = phone.get_by_role("table").first
    row = table.get_by_role("row").filter(has_text="50,000 more nurses")
    # Each value under its column's name, as the table's header says it on a wide screen;
    # the names are for the eye (a screen reader hears the header), so a cell's own name
    # is its value.
    for heading, value in (
        ("Now", "At risk"),
        ("% complete", "35%"),
        ("Evidence", EVIDENCE),
    ):
        cell = row.get_by_role("cell", name=value, exact=True).last  # "Was" may say it too
        expect(cell).to_be_visible()
        expect(cell.locator(".app-summary__heading")).to_have_text(heading)
        expect(cell.locator(".app-summary__heading")).to_be_visible()
    box = row.get_by_role("link", name=EVIDENCE).bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    header = table.locator("thead").bounding_box()  # hidden from view, not removed
    assert header is not None and header["width"] <= 1
    expect(table.get_by_role("columnheader", name="Narrative")).to_have_count(1)
    # The dates' labels say what each moment is: the one below counts updates, not a person.
    expect(phone.get_by_text("Updates recorded up to", exact=True)).to_be_visible()
    # The licence once, at the foot of the page.
    expect(phone.get_by_text("Open Government Licence v3.0", exact=False)).to_have_count(1)


@pytest.mark.usefixtures("reported")
def test_the_print_view_fits_a_tablet_and_a_narrow_window_either_side_of_the_lists(
    page: Page, live_server: object, viewer: User
) -> None:
    log_in(page, live_server, viewer)
    # Below 72em the rows are lists; from there the table, with "Was" and "Now", needs
    # about 1,060px, and has it.
    for width in (768, 1151, 1152):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(MANDATE)
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"{width}px wide, the print view is {scroll}px"


@pytest.mark.usefixtures("reported")
def test_on_paper_the_print_view_is_still_a_table_with_its_headers(
    page: Page, live_server: object, viewer: User
) -> None:
    log_in(page, live_server, viewer)
    page.set_viewport_size(PHONE)  # a phone printing: the paper is A4 whatever the screen
    page.goto(THEME)
    page.emulate_media(media="print")
    header = page.locator(".app-summary__objectives thead")
    expect(header).to_be_visible()
    expect(header.get_by_role("columnheader", name="Narrative")).to_be_visible()
    # The names beside each value are for a narrow screen only.
    expect(page.locator(".app-summary__heading").first).to_be_hidden()
    cells = page.locator(".app-summary__objectives tbody tr").first.locator("th, td")
    tops = {round(cells.nth(i).bounding_box()["y"]) for i in range(cells.count())}  # type: ignore[index]
    assert len(tops) == 1, "on paper a row's cells stand side by side"
    page.set_viewport_size(A4_LANDSCAPE)
    shot(page, "summary-print")


@pytest.mark.usefixtures("reported")
def test_the_print_view_passes_axe_on_a_phone_and_a_desktop(
    page: Page, live_server: object, viewer: User, audit: Audit
) -> None:
    log_in(page, live_server, viewer)
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        for path in (THEME, MANDATE):
            page.goto(path)
            audit.check(page, f"summary-{'mandate' if path == MANDATE else 'theme'}-{name}")
    audit.assert_clean()
