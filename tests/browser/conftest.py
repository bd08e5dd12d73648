"""The browser tests (every test here is marked `browser`) and their shared data. The
fixtures that drive Chromium are tests/browsing.py's, a plugin every folder can use."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from objectives.models import Objective, ProgressUpdate, Target
from objectives.services import (
    measurement_record,
    progress_update_edit,
    progress_update_record,
    progress_update_withdraw,
)
from tests.browser.axe import Audit
from tests.browsing import BrowserErrors


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def audit(browser_errors: BrowserErrors) -> Audit:
    # Some of axe's checks (link-in-text-block) restyle a link for a moment; the pages'
    # style-src 'self' refuses that, and the browser says so from axe's own script.
    browser_errors.allow(r"inline style violates .*__axe__\.js")
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
