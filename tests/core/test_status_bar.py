"""The status bar (templates/includes/status_bar.html, core.status): each status told apart
by a pattern as well as a colour, in the bar and in its legend, from patterns defined once
on a page; "No update yet" outlined, unlike the empty bar; the counts in words."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from core.status import ORDER, StatusCounts
from objectives.models import Objective
from objectives.services import progress_update_record

pytestmark = pytest.mark.usefixtures("mandates")


@pytest.fixture
def home(client: Client, viewer: User, updater: User, nurses: Objective) -> BeautifulSoup:
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status="at_risk",
        percent_complete=10,
        narrative="n",
    )
    client.force_login(viewer)
    return BeautifulSoup(client.get("/").content, "html.parser")


def test_every_status_has_its_own_pattern_defined_once_on_the_page(home: BeautifulSoup) -> None:
    patterns = home.select("svg.app-status-patterns pattern")
    assert [p["id"] for p in patterns] == [f"app-status-pattern-{s}" for s in ORDER]
    ids = Counter(e["id"] for e in home.select("[id]"))
    assert [i for i, n in ids.items() if n > 1] == [], "ids repeat"
    assert len(home.select("svg.app-status-bar")) > 1  # many bars, one set of patterns


def test_segments_and_swatches_fill_with_their_status_pattern(home: BeautifulSoup) -> None:
    bar = home.select_one('li[data-theme="2"] svg.app-status-bar')
    fills = {r["data-status"]: r["fill"] for r in bar.select("rect[data-status]")}
    assert fills == {
        "at_risk": "url(#app-status-pattern-at_risk) #ffb81c",
        "no_update": "url(#app-status-pattern-no_update) #d8dde0",
    }
    swatches = {
        li["data-status"]: li.select_one("svg rect")["fill"]
        for li in home.select('li[data-theme="2"] .app-status-counts li')
        if li.select_one("svg")
    }
    assert swatches["at_risk"] == fills["at_risk"]
    assert len(set(swatches.values())) == len(ORDER)


def test_no_update_yet_is_outlined_and_unlike_the_empty_bar(home: BeautifulSoup) -> None:
    bar = home.select_one('li[data-theme="2"] svg.app-status-bar')
    background = bar.select_one("rect:not([data-status])")
    no_update = bar.select_one('rect[data-status="no_update"]')
    assert no_update["stroke"] and no_update["fill"] != background["fill"]
    assert not bar.select_one('rect[data-status="at_risk"]').has_attr("stroke")


def test_the_counts_keep_their_words(home: BeautifulSoup) -> None:
    counts = home.select_one('li[data-theme="2"] .app-status-counts')
    text = " ".join(counts.text.split())
    assert "At risk: 1" in text and "No update yet: 2" in text


def test_a_segment_names_its_pattern_with_its_colour_as_the_fallback() -> None:
    counts = StatusCounts()
    counts.add("on_track", stale=False)
    segment = next(s for s in counts.segments() if s.count)
    assert segment.fill == "url(#app-status-pattern-on_track) #007f3b"
    assert not segment.outlined
