"""The API read as a program reads it: over HTTP from a live server, the token in the
header, every `next` followed to the end, the JSON parsed as it comes."""

from __future__ import annotations

import datetime
import json
import urllib.request
from typing import Any

import pytest
from django.contrib.auth.models import User

from mandates.models import Mandate, ReportingPeriod, Theme
from objectives.models import Objective, ProgressUpdate, Target
from tests.api.conftest import token_for
from tests.factories import add_objectives, add_updates

pytestmark = pytest.mark.usefixtures("mandates")


def read_all(start: str, key: str) -> tuple[list[dict[str, Any]], int]:
    """Every row of a list, following `next` to the end, and how many pages that took."""
    rows: list[dict[str, Any]] = []
    url: str | None = start
    pages = 0
    while url:
        headers = {"Authorization": f"Token {key}"}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (the live server)
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (the live server)
            assert response.status == 200
            assert response.headers["Content-Type"] == "application/json"
            page = json.load(response)
        rows.extend(page["results"])
        url = page["next"]
        pages += 1
    return rows, pages


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_a_script_reads_every_row_of_every_list(
    live_server: Any, viewer: User, editor: User
) -> None:
    theme = Theme.objects.filter(mandate__slug="hee-2021-22").first()
    # More than two pages of objectives and of updates.
    add_updates(add_objectives(theme, 230, owner=editor), 1, author=editor)
    key = token_for(viewer)
    base = f"{live_server.url}/api"

    objectives, pages = read_all(f"{base}/objectives/", key)
    assert pages == 3
    assert len(objectives) == Objective.objects.count()
    assert len({o["id"] for o in objectives}) == len(objectives), "no row twice"
    for objective in objectives:
        if objective["latest_percent"] is not None:
            assert is_number(objective["latest_percent"])
            datetime.date.fromisoformat(objective["latest_as_of"])

    updates, pages = read_all(f"{base}/updates/", key)
    assert pages == 3
    assert len(updates) == ProgressUpdate.objects.visible().count()
    for update in updates:
        assert is_number(update["percent_complete"])
        datetime.date.fromisoformat(update["as_of"])
        datetime.datetime.fromisoformat(update["recorded_at"])

    targets, _ = read_all(f"{base}/targets/", key)
    assert len(targets) == Target.objects.count()
    for target in targets:
        assert is_number(target["value"])
        for figure in target["figures"]:
            assert is_number(figure["value"])
            datetime.date.fromisoformat(figure["measured_on"])

    assert len(read_all(f"{base}/mandates/", key)[0]) == Mandate.objects.count()
    assert len(read_all(f"{base}/themes/", key)[0]) == Theme.objects.count()
    periods, _ = read_all(f"{base}/periods/?mandate=hee-2021-22", key)
    assert len(periods) == ReportingPeriod.objects.filter(mandate__slug="hee-2021-22").count()
    for period in periods:
        datetime.date.fromisoformat(period["due"])


def test_a_filtered_list_keeps_its_filter_on_every_page(
    live_server: Any, viewer: User, editor: User
) -> None:
    theme = Theme.objects.filter(mandate__slug="hee-2021-22").first()
    add_objectives(theme, 150)
    key = token_for(viewer)
    rows, pages = read_all(f"{live_server.url}/api/objectives/?status=no_update", key)
    assert pages == 2
    assert len(rows) == Objective.objects.filter(latest_status=None).count()
