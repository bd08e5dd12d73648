"""Each objective's latest update is kept on the objective (Objective.latest_*) by the
services, in the transaction of every write, so the pages read it without reading the
updates. These tests show it is never stale: after each kind of write, through the
services, the pages and the admin, the kept columns equal what the updates say, and
every page shows a recorded update at once."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from objectives.models import Objective, ProgressUpdate
from objectives.services import (
    objective_latest_refresh,
    progress_update_edit,
    progress_update_reinstate,
    progress_update_restore,
    progress_update_withdraw,
)
from tests.factories import record_progress

pytestmark = pytest.mark.usefixtures("mandates")
D = datetime.date
OBJECTIVE_URL = "/mandates/hee-2021-22/objectives/3/"


def expected(objective: Objective) -> tuple[object, ...]:
    """The latest visible update, worked out here from the updates themselves."""
    visible = [u for u in objective.updates.all() if u.withdrawn_at is None]
    if not visible:
        return (None, None, None, None)
    latest = max(visible, key=lambda u: (u.as_of, u.recorded_at, u.pk))
    return (latest.pk, latest.status, latest.percent_complete, latest.as_of)


def kept(objective: Objective) -> tuple[object, ...]:
    o = Objective.objects.get(pk=objective.pk)
    return (o.latest_update_id, o.latest_status, o.latest_percent, o.latest_as_of)


def test_no_update_yet_is_kept_as_none(nurses: Objective) -> None:
    assert kept(nurses) == (None, None, None, None)


def test_every_kind_of_write_keeps_the_latest_update(
    nurses: Objective, updater: User, editor: User
) -> None:
    first = record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20)
    assert kept(nurses) == expected(nurses) == (first.pk, "on_track", 20, D(2021, 6, 30))

    # An update as of an earlier day, recorded later, is not the latest.
    backfilled = record_progress(nurses, updater, D(2021, 4, 30), "at_risk", 10)
    assert kept(nurses) == expected(nurses)
    assert kept(nurses)[0] == first.pk

    # Editing the latest changes what it says; editing its date can make another latest.
    progress_update_edit(update=first, editor=editor, reason="typo", percent_complete=25)
    assert kept(nurses) == expected(nurses) == (first.pk, "on_track", 25, D(2021, 6, 30))
    progress_update_edit(update=backfilled, editor=editor, reason="date", as_of=D(2021, 9, 30))
    assert kept(nurses) == expected(nurses) == (backfilled.pk, "at_risk", 10, D(2021, 9, 30))

    # Withdrawing the latest falls back to the one before; reinstating brings it back.
    progress_update_withdraw(update=backfilled, editor=editor, reason="entered twice")
    assert kept(nurses) == expected(nurses) == (first.pk, "on_track", 25, D(2021, 6, 30))
    progress_update_reinstate(update=backfilled, editor=editor, reason="it was right")
    assert kept(nurses) == expected(nurses)
    assert kept(nurses)[0] == backfilled.pk

    # Restoring an earlier version (its first date) moves it back behind `first`.
    original = backfilled.history.earliest("history_date")
    progress_update_restore(
        update=backfilled, history_id=original.history_id, editor=editor, reason="undo"
    )
    assert kept(nurses) == expected(nurses) == (first.pk, "on_track", 25, D(2021, 6, 30))

    # Withdrawing every update leaves no latest at all.
    progress_update_withdraw(update=first, editor=editor, reason="wrong objective")
    progress_update_withdraw(update=backfilled, editor=editor, reason="wrong objective")
    assert kept(nurses) == expected(nurses) == (None, None, None, None)


def test_a_write_sets_only_its_own_objectives_latest_update(
    nurses: Objective, updater: User
) -> None:
    other = Objective.objects.get(mandate__slug="hee-2021-22", reference="1")
    record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20)
    assert kept(other) == (None, None, None, None)


def test_the_refresh_puts_right_every_objective(nurses: Objective, updater: User) -> None:
    update = record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20)
    Objective.objects.update(latest_update=None, latest_status="off_track", latest_percent=1)
    assert objective_latest_refresh() == Objective.objects.count()
    assert kept(nurses) == (update.pk, "on_track", 20, D(2021, 6, 30))
    assert all(kept(o) == expected(o) for o in Objective.objects.all())


def test_the_history_of_an_objective_leaves_out_the_kept_columns(
    nurses: Objective, updater: User
) -> None:
    versions = nurses.history.count()
    record_progress(nurses, updater, D(2021, 6, 30), "on_track", 20)
    # Derived, not edited: keeping them writes no version of the objective.
    assert nurses.history.count() == versions
    assert not hasattr(nurses.history.model, "latest_status")


def page(client: Client, url: str, **params: str) -> BeautifulSoup:
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def list_row(soup: BeautifulSoup, reference: str) -> list[str]:
    """The row's cells: reference, mandate, title, theme, status, percent, as of, owner on
    the list; reference, title, status, ... on a theme's page."""
    for row in soup.select("table.app-table tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        if cells and cells[0] == reference:
            return cells
    raise AssertionError(f"objective {reference} is not listed")


@pytest.mark.usefixtures("without_published_figures")  # figures would suggest a status
def test_a_recorded_update_shows_at_once_on_every_page(
    client: Client, updater: User, editor: User, nurses: Objective
) -> None:
    client.force_login(updater)
    list_params = {"mandate": "hee-2021-22", "q": "nurses"}
    # Each page read once before, so that anything they kept would be stale after.
    assert list_row(page(client, "/objectives/", **list_params), "3")[4] == "No update yet"
    page(client, "/")
    page(client, OBJECTIVE_URL)
    theme_url = nurses.theme.get_absolute_url()
    page(client, theme_url)

    today = datetime.date(2022, 3, 31)  # the mandate's last day: it has ended
    response = client.post(
        f"{OBJECTIVE_URL}record/",
        {
            "as_of": today.isoformat(),
            "status": "at_risk",
            "percent_complete": "40",
            "narrative": "Behind plan in two regions.",
        },
    )
    assert response.status_code == 302

    row = list_row(page(client, "/objectives/", **list_params), "3")
    assert row[4:7] == ["At risk", "40%", f"{today:%-d %b %Y}"]
    assert list_row(page(client, "/objectives/", status="at_risk"), "3")
    assert list_row(page(client, theme_url), "3")[2] == "At risk"
    detail = page(client, OBJECTIVE_URL).select_one("#latest-status")
    assert detail is not None and "At risk" in detail.text and "40% complete" in detail.text
    home = page(client, "/")
    counts = home.select_one(f'li[data-theme="{nurses.theme.number}"] li[data-status="at_risk"]')
    assert counts is not None and counts.strong.text == "1"

    # An Editor's withdrawal shows at once too.
    update = ProgressUpdate.objects.get()
    client.force_login(editor)
    assert (
        client.post(f"/updates/{update.pk}/withdraw/", {"reason": "Wrong figures"}).status_code
        == 302
    )
    assert list_row(page(client, "/objectives/", **list_params), "3")[4] == "No update yet"
    # Listed again among those with no update yet, with no figures.
    assert list_row(page(client, "/objectives/", status="no_update", q="nurses"), "3")[5:7] == [
        "\u2014",
        "\u2014",
    ]


def test_an_update_added_in_the_admin_shows_at_once(
    client: Client, editor: User, nurses: Objective
) -> None:
    client.force_login(editor)
    response = client.post(
        reverse("admin:objectives_progressupdate_add"),
        {
            "objective": nurses.pk,
            "as_of": "2021-06-30",
            "status": "off_track",
            "percent_complete": "5",
            "narrative": "From the admin.",
            "evidence_url": "",
            "status_reason": "",
            "after_close_reason": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert kept(nurses)[1:3] == ("off_track", 5)
    changelist = client.get(
        reverse("admin:objectives_objective_changelist"), {"latest_status": "off_track"}
    )
    assert changelist.context["cl"].result_count == 1
