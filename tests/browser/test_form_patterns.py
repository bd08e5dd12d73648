"""NHS.UK's form patterns in a real browser, at 375 px and 1280 px (issue 13): dates typed
into NHS.UK's date input (a group of Day, Month and Year boxes), a status chosen from
radios, and the error state: NHS.UK's error summary, whose every message is said once, in
words that say what to do, and links to a visible box that then has the focus. The login
page's error in the same style."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from objectives.models import ProgressUpdate
from tests.browser.test_pages_at_two_widths import Findings, at_widths, reached
from tests.browsing import WIDTHS, log_in, shot

# An objective with no targets, so no figures suggest (and preselect) a status.
RECORD_PAGE = "/mandates/hee-2021-22/objectives/1/record/"
DJANGO_REQUIRED = "This field is required."

# Each link of the error summary: where its href points, what is there, and whether that
# is a box of a date input (a text box in a fieldset) or the first radio of a group.
SUMMARY_LINKS_JS = """() => [...document.querySelectorAll('.nhsuk-error-summary a')].map(a => {
    const href = a.getAttribute('href') || '';
    const target = href.startsWith('#') ? document.getElementById(href.slice(1)) : null;
    const fieldset = target && target.closest('fieldset');
    const legend = fieldset && fieldset.querySelector('legend');
    return {
        text: a.textContent.replace(/\\s+/g, ' ').trim(),
        href,
        found: !!target,
        input: !!target && ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName),
        type: target ? (target.getAttribute('type') || target.tagName.toLowerCase()) : '',
        visible: !!target && target.checkVisibility(),
        group: legend ? legend.textContent.replace(/\\s+/g, ' ').trim() : '',
        firstRadio: !!fieldset && fieldset.querySelector('input[type=radio]') === target,
    };
})"""


def date_input(scope: Page | Locator, label: str) -> Locator:
    return scope.get_by_role("group", name=re.compile(rf"^{re.escape(label)}"))


def date_input_problems(page: Page, label: str) -> list[str]:
    """NHS.UK's date input: a group named by the label, with a box each for Day, Month
    and Year."""
    group = date_input(page, label)
    if group.count() != 1:
        found = page.get_by_label(label, exact=False)
        kind = found.first.get_attribute("type") if found.count() else "nothing"
        return [f"no group (fieldset) named {label!r}; the label names {kind!r}"]
    problems = []
    for box in ("Day", "Month", "Year"):
        field = group.get_by_role("textbox", name=box, exact=True)
        if field.count() != 1 or not field.is_visible():
            problems.append(f"the {label!r} group has no visible text box labelled {box!r}")
    return problems


def radios_problems(page: Page, label: str, choice: str) -> list[str]:
    group = page.get_by_role("group", name=re.compile(rf"^{re.escape(label)}"))
    if group.count() != 1:
        return [f"no group of radios named {label!r}"]
    radio = group.get_by_role("radio", name=choice, exact=True)
    if radio.count() != 1 or not radio.is_visible():
        return [f"the {label!r} group has no visible radio {choice!r}"]
    return []


def error_summary_problems(page: Page) -> tuple[list[str], list[dict[str, Any]]]:
    """What is wrong with the page's error summary, and its links."""
    summary = page.locator(".nhsuk-error-summary")
    if not summary.is_visible():
        return ["no error summary shown"], []
    problems = []
    heading = summary.get_by_role("heading", name="There is a problem")
    if heading.count() != 1:
        problems.append("the error summary's heading is not 'There is a problem'")
    if page.get_by_text(DJANGO_REQUIRED).count():
        problems.append(f"a message says {DJANGO_REQUIRED!r}")
    messages = [" ".join(m.split()) for m in summary.locator("li").all_text_contents()]
    repeated = sorted({m for m in messages if messages.count(m) > 1})
    if repeated:
        problems.append(f"the summary says these more than once: {repeated}")
    links = page.evaluate(SUMMARY_LINKS_JS)
    unlinked = len(messages) - len(links)
    if unlinked:
        problems.append(f"{unlinked} of the summary's messages link to no field: {messages}")
    for i, link in enumerate(links):
        if not (link["found"] and link["input"] and link["visible"]):
            problems.append(f"the link {link['text']!r} ({link['href']}) leads to no visible input")
            continue
        summary.locator("a").nth(i).click()
        focused = page.evaluate(
            "href => document.activeElement === document.getElementById(href.slice(1))",
            link["href"],
        )
        if not focused:
            problems.append(f"clicking {link['text']!r} does not move the focus to {link['href']}")
    return problems, links


def submit(page: Page, button: str) -> None:
    """Press the form's button and wait for the page it answers with: the summary of the
    last answer stays on screen until the next one arrives."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def link_into(links: list[dict[str, Any]], group: str) -> list[dict[str, Any]]:
    return [link for link in links if link["group"].startswith(group)]


def check_date_link(findings: Findings, name: str, links: list[dict[str, Any]], label: str) -> None:
    """The error summary links to one of the date input's boxes."""
    into = link_into(links, label)
    if not into:
        findings.add(name, f"no summary link to a box of the {label!r} date input: {links}")
    for link in into:
        if link["type"] != "text":
            findings.add(
                name, f"the summary's {label!r} link leads to a {link['type']!r}, not a box"
            )


@pytest.mark.parametrize("width", WIDTHS)
def test_dates_are_nhs_date_inputs_and_the_status_is_radios(
    new_page: Callable[..., Page],
    live_server: object,
    editor: User,
    history: dict[str, Any],
    width: int,
) -> None:
    findings = Findings()
    page = at_widths(new_page, width)
    log_in(page, live_server, editor)
    for name, path, heading in (
        ("record", RECORD_PAGE, r"^Record progress"),
        ("edit", f"/updates/{history['edited'].pk}/edit/", r"\S"),
    ):
        page.goto(path)
        if reached(page, findings, name, heading):
            for problem in date_input_problems(page, "As of"):
                findings.add(name, problem)
            for problem in radios_problems(page, "Status", ProgressUpdate.Status.ON_TRACK.label):
                findings.add(name, problem)
            shot(page, f"w{width}-form-{name}")
    page.goto(f"/targets/{history['target'].pk}/measurements/record/")
    if reached(page, findings, "record-figure", r"\S"):
        for problem in date_input_problems(page, "Date of the figure"):
            findings.add("record-figure", problem)
        shot(page, f"w{width}-form-record-figure")
    findings.assert_none(f"The forms at {width} px")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_record_form_says_what_is_wrong_once_and_links_to_each_field(
    new_page: Callable[..., Page], live_server: object, updater: User, mandates: None, width: int
) -> None:
    findings = Findings()
    page = at_widths(new_page, width)
    log_in(page, live_server, updater)
    page.goto(RECORD_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Record progress")

    # Empty: every box cleared, nothing chosen.
    for box in page.locator("form input[type=text], form input:not([type]), form textarea").all():
        box.fill("")
    status = page.get_by_role("group", name=re.compile(r"^Status"))
    chosen = status.get_by_role("radio", checked=True).count() if status.count() else 1
    submit(page, "Save progress")
    problems, links = error_summary_problems(page)
    for problem in problems:
        findings.add("empty", problem)
    check_date_link(findings, "empty", links, "As of")
    if not chosen:
        to_status = link_into(links, "Status")
        if not to_status or not all(link["firstRadio"] for link in to_status):
            findings.add("empty", f"no summary link to the first status radio: {links}")
    shot(page, f"w{width}-record-error-empty")

    # A day that is not in the month.
    group = date_input(page, "As of")
    if group.count():
        for box, value in (("Day", "31"), ("Month", "2"), ("Year", "2022")):
            group.get_by_role("textbox", name=box, exact=True).fill(value)
        if status.count():
            status.get_by_role("radio", name=ProgressUpdate.Status.ON_TRACK.label).check()
        else:
            page.get_by_label("Status").select_option(ProgressUpdate.Status.ON_TRACK)
        page.get_by_label("Percent complete").fill("10")
        page.get_by_label("Narrative").fill("Recruitment campaign launched.")
        submit(page, "Save progress")
        problems, links = error_summary_problems(page)
        for problem in problems:
            findings.add("31 February", problem)
        check_date_link(findings, "31 February", links, "As of")
        if len(links) != 1:
            findings.add("31 February", f"expected one message, about the date: {links}")
        shot(page, f"w{width}-record-error-date")
    else:
        findings.add("31 February", "no date input to type 31 February into")
    assert not ProgressUpdate.objects.exists()
    findings.assert_none(f"The record form's errors at {width} px")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_figure_form_says_what_is_wrong_and_links_to_the_date(
    new_page: Callable[..., Page],
    live_server: object,
    editor: User,
    history: dict[str, Any],
    width: int,
) -> None:
    findings = Findings()
    page = at_widths(new_page, width)
    log_in(page, live_server, editor)
    page.goto(f"/targets/{history['target'].pk}/measurements/record/")
    for box in page.locator("form input[type=text], form input:not([type])").all():
        box.fill("")
    submit(page, "Save figure")
    problems, links = error_summary_problems(page)
    for problem in problems:
        findings.add("figure-empty", problem)
    check_date_link(findings, "figure-empty", links, "Date of the figure")
    shot(page, f"w{width}-figure-error")
    findings.assert_none(f"The figure form's errors at {width} px")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_login_page_says_what_is_wrong_in_the_same_style(
    new_page: Callable[..., Page], viewer: User, width: int
) -> None:
    findings = Findings()
    page = at_widths(new_page, width)
    page.goto("/accounts/login/")
    submit(page, "Log in")
    problems, links = error_summary_problems(page)
    for problem in problems:
        findings.add("empty", problem)
    if not links:
        findings.add("empty", "the error summary links to no field")

    page.locator("#id_username").fill(viewer.get_username())
    page.locator("#id_password").fill("not the password")
    submit(page, "Log in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    problems, links = error_summary_problems(page)
    for problem in problems:
        findings.add("wrong password", problem)
    if not links:
        findings.add("wrong password", "the error summary links to no field")
    shot(page, f"w{width}-login-error")
    findings.assert_none(f"The login page's errors at {width} px")
