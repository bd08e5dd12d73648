"""The objectives list is made once per address and version of the data
(objectives.page_cache). These tests show a cached list is never shown after a write
that changes what it shows, however the write is made, and never shows one reader's page
to another."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client

from mandates.models import Mandate, Theme
from objectives.models import Objective, ReportingPeriod
from objectives.page_cache import data_version
from objectives.services import progress_update_record
from tests.factories import add_objectives

pytestmark = pytest.mark.usefixtures("mandates")
LONDON = datetime.timezone(datetime.timedelta(hours=1))  # British Summer Time, July


def list_text(client: Client, **params: str) -> str:
    html = client.get("/objectives/", params).content
    return BeautifulSoup(html, "html.parser").select_one("main").get_text(" ", strip=True)


def rename_theme(nurses: Objective) -> None:
    Theme.objects.filter(pk=nurses.theme_id).update(title="Renamed theme")


def rename_mandate(nurses: Objective) -> None:
    Mandate.objects.filter(pk=nurses.mandate_id).update(title="Renamed mandate")


def retitle_in_bulk(nurses: Objective) -> None:
    Objective.objects.filter(pk=nurses.pk).update(title="Retitled in bulk")


def retitle_one(nurses: Objective) -> None:
    nurses.title = "Retitled one"
    nurses.save()


def add_in_bulk(nurses: Objective) -> None:
    add_objectives(nurses.theme, 2)


def delete_one(nurses: Objective) -> None:
    Objective.objects.filter(mandate=nurses.mandate, reference="14").delete()


def rename_owner(nurses: Objective) -> None:
    owner = User.objects.create_user("owner", first_name="Olu", last_name="Owner")
    Objective.objects.filter(pk=nurses.pk).update(owner=owner)
    User.objects.filter(pk=owner.pk).update(first_name="Ola")


def move_a_due_date(nurses: Objective) -> None:
    ReportingPeriod.objects.filter(mandate=nurses.mandate).update(due=datetime.date(2030, 1, 1))


def record_progress(nurses: Objective) -> None:
    author = User.objects.create_user("author")
    progress_update_record(
        objective=nurses,
        author=author,
        as_of=datetime.date(2021, 6, 30),
        status="at_risk",
        percent_complete=40,
        narrative="Slipping.",
    )


WRITES: list[Callable[[Objective], None]] = [
    rename_theme,
    rename_mandate,
    retitle_in_bulk,
    retitle_one,
    add_in_bulk,
    delete_one,
    rename_owner,
    move_a_due_date,
    record_progress,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_every_kind_of_write_changes_the_data_version(
    nurses: Objective, write: Callable[[Objective], None]
) -> None:
    before = data_version()
    write(nurses)
    assert data_version() not in (None, before)


def test_a_login_does_not_change_it(client: Client, viewer: User) -> None:
    before = data_version()
    client.force_login(viewer)  # sets last_login
    User.objects.filter(pk=viewer.pk).update(is_staff=True)
    assert data_version() == before


def test_a_rolled_back_write_leaves_it_as_it_was(nurses: Objective) -> None:
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        retitle_one(nurses)
        raise RuntimeError
    assert data_version() == before


def test_the_list_shows_each_write_at_once(client: Client, viewer: User, nurses: Objective) -> None:
    client.force_login(viewer)
    assert "No update yet" in list_text(client, q="nurses")
    list_text(client, q="nurses")  # now served from the cache

    record_progress(nurses)
    text = list_text(client, q="nurses")
    assert "At risk" in text and "40%" in text and "30 Jun 2021" in text

    rename_owner(nurses)
    assert "Ola Owner" in list_text(client, q="nurses")

    rename_theme(nurses)  # the theme filter's choices
    assert "Renamed theme" in list_text(client, q="nurses")

    add_in_bulk(nurses)
    assert "39 objectives" in list_text(client)
    delete_one(nurses)
    assert "38 objectives" in list_text(client)


def test_what_is_overdue_changes_at_midnight_without_a_write(client: Client, viewer: User) -> None:
    # 2021-22's first quarter is due on 14 July 2021 (objectives.periods).
    client.force_login(viewer)
    overdue = {"mandate": "hee-2021-22", "overdue": "true"}
    with time_machine.travel(datetime.datetime(2021, 7, 13, 23, 59, tzinfo=LONDON), tick=False):
        assert "0 objectives" in list_text(client, **overdue)
    with time_machine.travel(datetime.datetime(2021, 7, 14, 0, 1, tzinfo=LONDON), tick=False):
        assert "14 objectives" in list_text(client, **overdue)


def test_no_reader_sees_another_readers_page(client: Client, viewer: User, updater: User) -> None:
    client.force_login(viewer)
    first = client.get("/objectives/").content.decode()
    client.force_login(updater)
    second = client.get("/objectives/").content.decode()
    names = viewer.get_full_name(), updater.get_full_name()  # the header names the reader
    assert names[0] in first and names[1] not in first
    assert names[1] in second and names[0] not in second
    # The same list in both.
    table = [
        BeautifulSoup(html, "html.parser").select_one("table").get_text()
        for html in (first, second)
    ]
    assert table[0] == table[1]
