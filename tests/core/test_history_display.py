"""The admin's history pages (core.history_admin.HistoryAdmin and
templates/simple_history/object_history_list.html) in the pages' words: people by name,
times in local time and the service's format, every reason shown, and each change's
values as the pages write them."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from objectives.models import Objective, ProgressUpdate
from objectives.services import (
    progress_update_edit,
    progress_update_record,
    progress_update_withdraw,
)

pytestmark = pytest.mark.usefixtures("mandates")

# 13:05 UTC in July is 14:05 in London (British Summer Time).
SUMMER = datetime.datetime(2021, 7, 1, 13, 5, tzinfo=datetime.UTC)
SHOWN = "1 July 2021, 14:05"


@pytest.fixture
def eddie(editor: User) -> User:
    editor.first_name, editor.last_name = "Eddie", "Editor"
    editor.save()
    return editor


def history_rows(client: Client, model: type, pk: int) -> list[dict[str, str]]:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[pk])
    response = client.get(url)
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").select_one("#change-history")
    heads = [th.text.strip() for th in table.select("thead th")]
    return [
        dict(zip(heads, (" ".join(td.text.split()) for td in tr.select("td")), strict=True))
        for tr in table.select("tbody tr")
    ]


def test_an_update_history_names_people_says_local_times_and_reads_each_change(
    client: Client, superuser: User, eddie: User, nurses: Objective, updater: User
) -> None:
    with time_machine.travel(SUMMER, tick=False):
        recorded = progress_update_record(
            objective=nurses,
            author=updater,
            as_of=datetime.date(2021, 6, 30),
            status=ProgressUpdate.Status.ON_TRACK,
            percent_complete=20,
            narrative="Recruitment campaign launched.",
        )
        progress_update_edit(update=recorded, editor=eddie, reason="Behind plan", status="at_risk")
        progress_update_withdraw(update=recorded, editor=eddie, reason="Entered twice")
    client.force_login(superuser)
    withdrawn, edited, first = history_rows(client, ProgressUpdate, recorded.pk)

    assert (withdrawn["Date/time"], withdrawn["Changed by"]) == (SHOWN, "Eddie Editor")
    assert withdrawn["Change reason"] == "Withdrawn: Entered twice"
    assert withdrawn["Changes"] == (
        f"Withdrawn at: Not set → {SHOWN} "
        "Withdrawn by: Nobody → Eddie Editor "
        "Withdrawn reason: Not set → Entered twice"
    )
    assert edited["Changes"] == f"Edited at: Not set → {SHOWN} Status: On track → At risk"
    assert (first["Changed by"], first["Change reason"]) == ("Uma-Updater", "Recorded")


def test_a_missing_person_or_reason_is_said_in_words(
    client: Client, superuser: User, eddie: User, nurses: Objective
) -> None:
    # Saved without a reason (as a script or an older tool might): no "None" shown.
    nurses.owner = eddie
    nurses.save()
    nurses.owner = None
    nurses.save()
    client.force_login(superuser)
    cleared, given, loaded = history_rows(client, Objective, nurses.pk)

    assert cleared["Changes"] == "Owner: Eddie Editor → No owner"
    assert given["Changes"] == "Owner: No owner → Eddie Editor"
    assert (cleared["Changed by"], cleared["Change reason"]) == ("Not recorded", "No reason given")
    assert loaded["Change reason"] == "Loaded from hee-2021-22.json"
    page = " ".join(" | ".join(row.values()) for row in (cleared, given, loaded))
    assert "None" not in page and "Deleted" not in page and "pk=" not in page


def test_the_history_page_has_no_inline_style(
    client: Client, superuser: User, recorded: ProgressUpdate
) -> None:
    # The strict Content Security Policy blocks inline style attributes.
    client.force_login(superuser)
    url = reverse("admin:objectives_progressupdate_history", args=[recorded.pk])
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert soup.select_one(".paginator").get("style") is None
