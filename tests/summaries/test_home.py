from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_record
from tests.factories import add_objectives, add_updates

pytestmark = pytest.mark.usefixtures("mandates")


def theme_counts(html: str, mandate: str, theme: int) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    item = soup.select_one(f'section[aria-labelledby="mandate-{mandate}"] li[data-theme="{theme}"]')
    assert item is not None
    return {li["data-status"]: li.strong.text for li in item.select("li[data-status]")}


def test_it_sends_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_it_counts_each_themes_objectives_by_latest_status(
    client: Client, viewer: User, nurses: Objective, updater: User
) -> None:
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2022, 3, 31),  # the mandate's last day: it has ended
        status="at_risk",
        percent_complete=40,
        narrative="n",
    )
    gp = Objective.objects.get(mandate__slug="hee-2021-22", reference="4")
    progress_update_record(
        objective=gp,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status="complete",
        percent_complete=100,
        narrative="n",
    )
    client.force_login(viewer)

    counts = theme_counts(client.get("/").content.decode(), "hee-2021-22", 2)

    assert counts == {
        "complete": "1",
        "on_track": "0",
        "at_risk": "1",
        "off_track": "0",
        "not_started": "0",
        "no_update": "1",
        "stale": "2",  # objective 4's update is from an earlier quarter; 5 has none
    }


def test_a_withdrawn_update_leaves_the_counts(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    from objectives.services import progress_update_withdraw

    progress_update_withdraw(update=recorded, editor=editor, reason="Wrong objective")
    client.force_login(editor)
    counts = theme_counts(client.get("/").content.decode(), "hee-2021-22", 2)
    assert counts["on_track"] == "0"
    assert counts["no_update"] == "3"


def test_the_status_bar_says_in_words_what_it_draws(
    client: Client, viewer: User, recorded: ProgressUpdate
) -> None:
    client.force_login(viewer)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    bar = soup.select_one(
        'section[aria-labelledby="mandate-hee-2021-22"] li[data-theme="2"] svg.app-status-bar'
    )
    assert bar["role"] == "img"
    assert bar["aria-label"] == "3 objectives: 1 on track, 2 no update yet"
    widths = {rect["data-status"]: float(rect["width"]) for rect in bar.select("rect[data-status]")}
    assert widths == pytest.approx({"on_track": 33.333, "no_update": 66.667})


def test_its_query_count_does_not_grow_with_objectives_or_updates(
    client: Client, viewer: User, updater: User, nurses: Objective, django_assert_num_queries
) -> None:
    client.force_login(viewer)
    # session, user, the quarters due (for the themes' counts), mandates, their themes with
    # status counts, the quarters due again (for the reader's list), the reader's first ten
    # overdue objectives with their total, the latest updates, the targets' latest figures
    with django_assert_num_queries(9):
        client.get("/")
    # Owned by the reader and (updated only in 2021) overdue now, so the box lists them.
    extra = add_objectives(nurses.theme, 30, owner=viewer)
    add_updates(extra, 5, author=updater)
    with django_assert_num_queries(9):
        html = client.get("/").content.decode()
    assert theme_counts(html, "hee-2021-22", 2)["on_track"] == "30"
    assert len(BeautifulSoup(html, "html.parser").select("#yours-overdue li")) == 10


# The April to June 2021 update of 2021-22 fell due the day before.
JULY_15 = datetime.datetime(2021, 7, 15, 9, tzinfo=ZoneInfo("Europe/London"))


@time_machine.travel(JULY_15, tick=False)
def test_an_updater_who_owns_an_overdue_objective_sees_it_first(
    client: Client, updater: User, nurses: Objective
) -> None:
    nurses.owner = updater
    nurses.save()
    client.force_login(updater)

    soup = BeautifulSoup(client.get("/").content, "html.parser")

    box = soup.select_one("main #yours-overdue")
    assert box is not None
    # Before every mandate's section: the first thing under the page's heading.
    assert box.find_previous("h1") is soup.h1
    assert box.find_previous("section") is None
    assert box.h2.get_text(" ", strip=True) == (
        "Important: Your objectives that need an update (1)"
    )
    assert [(a.get_text(strip=True), a["href"]) for a in box.select("li a")] == [
        ("3 Help deliver 50,000 more nurses in the NHS", "/mandates/hee-2021-22/objectives/3/")
    ]
    see_all = box.select("p a")[-1]
    assert (see_all.get_text(strip=True), see_all["href"]) == (
        "See all that need an update",
        "/needs-update/",
    )


@time_machine.travel(JULY_15, tick=False)
def test_it_lists_ten_of_the_readers_overdue_objectives_and_counts_them_all(
    client: Client, updater: User, nurses: Objective
) -> None:
    add_objectives(nurses.theme, 12, owner=updater)
    client.force_login(updater)
    box = BeautifulSoup(client.get("/").content, "html.parser").select_one("#yours-overdue")
    assert "(12)" in box.h2.get_text()
    assert len(box.select("li")) == 10


@time_machine.travel(JULY_15, tick=False)
def test_an_updater_who_owns_none_overdue_sees_no_such_box(
    client: Client, updater: User, viewer: User, nurses: Objective
) -> None:
    # Someone else's overdue objective, and the reader's own, updated as of 30 June.
    nurses.owner = viewer
    nurses.save()
    gp = Objective.objects.get(mandate__slug="hee-2021-22", reference="4")
    gp.owner = updater
    gp.save()
    progress_update_record(
        objective=gp,
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status="on_track",
        percent_complete=30,
        narrative="n",
    )
    client.force_login(updater)
    html = client.get("/").content.decode()
    assert 'id="yours-overdue"' not in html
    assert "Your objectives that need an update" not in html


def test_it_shows_the_latest_updates_with_their_owners_and_each_targets_latest_figure(
    client: Client, viewer: User, updater: User, nurses: Objective
) -> None:
    nurses.owner = updater
    nurses.save()
    progress_update_record(
        objective=nurses,
        author=updater,
        as_of=datetime.date(2021, 9, 30),
        status=ProgressUpdate.Status.ON_TRACK,
        percent_complete=40,
        narrative="Demonstration text.",
        demonstration=True,
    )
    client.force_login(viewer)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    recent = soup.select_one("section[aria-labelledby=recent-updates] li").text
    assert "3 Help deliver 50,000 more nurses in the NHS" in recent
    assert "owner Uma-Updater" in recent and "Demonstration" in recent
    rows = {
        tr.select("td")[0].text: [td.text for td in tr.select("td")[1:]]
        for tr in soup.select(".app-figures-home tbody tr")
    }
    assert rows["4,000 GP training places"] == [
        "4,032 GP training places",
        "2022",
        "Published by HFMA",
    ]
    assert rows["50,000 more nurses in the NHS by 2025 (the Government's date)"][:2] == [
        "51,245 more nurses",
        "September 2023",
    ]
