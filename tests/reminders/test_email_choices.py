"""A person turns their reminder emails off and on, and an Editor the weekly digest, on a
page of their own; the senders respect the choice."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from mandates.models import ReportingPeriod, Theme
from mandates.sign_offs import theme_return_sign_off
from objectives.models import Objective
from reminders.digest import digests_send
from reminders.emails import reminders_send
from reminders.models import Digest, EmailChoice

pytestmark = pytest.mark.usefixtures("mandates")

LONDON = ZoneInfo("Europe/London")
JULY_14 = datetime.date(2021, 7, 14)  # April to June 2021 of 2021-22 falls due
CHOICES = reverse("reminders:choices")


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2021, 7, 14, 7, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def owner(updater: User) -> User:
    updater.email = "uma@example.org"
    updater.save()
    Objective.objects.filter(mandate__slug="hee-2021-22", reference="3").update(owner=updater)
    return updater


def boxes(response) -> dict[str, bool]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        box["name"]: box.has_attr("checked") for box in soup.select("form input[type=checkbox]")
    }


def test_an_owner_turns_reminders_off_and_gets_none_then_on_again(
    client: Client, owner: User, mailoutbox: list[mail.EmailMessage]
) -> None:
    client.force_login(owner)
    assert boxes(client.get(CHOICES)) == {"reminders": True}  # no digest for an Updater
    response = client.post(CHOICES, {}, follow=True)
    assert "Your email choices are saved." in response.content.decode()
    assert boxes(response) == {"reminders": False}

    report = reminders_send(today=JULY_14)
    assert (report.sent, report.opted_out, mailoutbox) == ([], ["Uma-Updater"], [])

    client.post(CHOICES, {"reminders": "on"})
    assert reminders_send(today=JULY_14).sent == ["Uma-Updater"]
    assert "/account/emails/" in mailoutbox[0].body


def test_an_updater_cannot_ask_for_the_digest(client: Client, owner: User) -> None:
    client.force_login(owner)
    client.post(CHOICES, {"reminders": "on", "weekly_digest": "on"})
    assert EmailChoice.objects.get(person=owner).weekly_digest is False


@pytest.fixture
def digest_editor(client: Client, editor: User) -> User:
    editor.email = "eddie@example.org"
    editor.save()
    client.force_login(editor)
    client.post(CHOICES, {"reminders": "on", "weekly_digest": "on"})
    return editor


def test_an_editor_gets_one_digest_a_week_of_what_is_overdue_and_awaits_sign_off(
    digest_editor: User, owner: User, mailoutbox: list[mail.EmailMessage]
) -> None:
    quarter = ReportingPeriod.objects.get(
        mandate__slug="hee-2021-22", start=datetime.date(2021, 4, 1)
    )
    themes = Theme.objects.filter(mandate__slug="hee-2021-22").order_by("number")
    theme_return_sign_off(theme=themes[0], period=quarter, user=digest_editor)

    assert digests_send(today=JULY_14).sent == ["Eddie-Editor"]
    assert digests_send(today=JULY_14 + datetime.timedelta(days=4)).already_sent == ["Eddie-Editor"]
    (message,) = mailoutbox
    body = message.body
    overdue = Objective.objects.overdue(JULY_14).count()
    awaiting = themes.count() - 1
    assert message.subject == f"Mandate Tracker: {overdue} overdue, {awaiting} awaiting sign-off"
    assert "Help deliver 50,000 more nurses in the NHS (Uma-Updater)" in body
    assert f"theme {themes[0].number}: " not in body  # signed off
    assert f"theme {themes[1].number}: {themes[1].title}, April 2021 to June 2021" in body
    # The next week, another.
    assert digests_send(today=JULY_14 + datetime.timedelta(days=7)).sent == ["Eddie-Editor"]
    assert Digest.objects.count() == 2


def test_an_editor_who_turned_it_off_or_lost_the_role_gets_none(
    client: Client, digest_editor: User, mailoutbox: list[mail.EmailMessage]
) -> None:
    digest_editor.groups.clear()
    assert digests_send(today=JULY_14).sent == []
    assert mailoutbox == []
