"""Wherever an objective appears, a mark says whether its wording is the mandate's own, a
summary or a placeholder, and whether its grouping and numbering are ours; a legend says
what the marks mean (objectives.provenance)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.usefixtures("mandates")


def soup_of(client: Client, user: User, url: str) -> BeautifulSoup:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def source_by_reference(soup: BeautifulSoup) -> dict[str, str]:
    table = soup.select_one("table.app-table")
    headers = [th.text.strip() for th in table.select("thead th")]
    ref, source = headers.index("Ref"), headers.index("Source")
    rows = [[td.text.strip() for td in tr.select("td")] for tr in table.select("tbody tr")]
    return {row[ref]: row[source] for row in rows}


def test_the_list_marks_each_objectives_source_with_a_legend(client: Client, viewer: User) -> None:
    soup = soup_of(client, viewer, "/objectives/?mandate=hee-2021-22&per_page=50")
    marks = source_by_reference(soup)
    assert marks["1"] == "S"  # a summary, in the theme the source gives
    assert marks["2"] == "S G"
    assert marks["4"] == "D G"  # HEE's business plan
    assert marks["14"] == "P G"  # a placeholder
    legend = soup.select_one(".app-legend").text
    assert "Placeholder: no source gives this objective's wording" in legend
    assert "our reading of a summary" in legend


def test_the_theme_page_marks_grouping_and_numbering_that_are_ours(
    client: Client, viewer: User
) -> None:
    soup = soup_of(client, viewer, "/mandates/hee-2017-18/themes/1/")
    marks = source_by_reference(soup)
    assert set(marks.values()) == {"G N"}  # the briefing's words; our themes and numbers
    assert "Numbering: ours" in soup.select_one(".app-legend").text


def test_the_comparison_page_marks_both_sides(client: Client, viewer: User) -> None:
    soup = soup_of(client, viewer, "/compare/hee-2017-18/hee-2021-22/")
    row = soup.select_one('tr[data-later="4"]')
    assert "[G N]" in row.select_one(".app-compare-earlier").text
    assert "[D G]" in row.select_one(".app-compare-later").text
    assert soup.select_one(".app-legend") is not None
