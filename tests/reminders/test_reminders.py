"""Reminder emails to owners of overdue objectives: one a day at most, retried after a
failure, and never to an owner without an address."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_record
from reminders.emails import reminders_send
from reminders.models import Reminder

pytestmark = pytest.mark.usefixtures("mandates")

LONDON = ZoneInfo("Europe/London")
JULY_14 = datetime.date(2021, 7, 14)  # April to June 2021 of 2021-22 falls due


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Sequence[mail.EmailMessage]) -> int:
        raise ConnectionRefusedError("The mail server is down.")


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(datetime.datetime(2021, 7, 14, 7, tzinfo=LONDON), tick=False) as t:
        yield t


@pytest.fixture(autouse=True)
def site_url(settings) -> None:
    settings.SITE_URL = "https://tracker.example.org"


@pytest.fixture
def owners(mandates: None, updater: User, editor: User, viewer: User) -> None:
    """Uma owns 3 and 4 (4 is up to date), Eddie owns 5, Vera (no email) owns 6."""
    updater.email = "uma@example.org"
    updater.save()
    editor.email = "eddie@example.org"
    editor.save()
    for user, references in ((updater, ["3", "4"]), (editor, ["5"]), (viewer, ["6"])):
        Objective.objects.filter(mandate__slug="hee-2021-22", reference__in=references).update(
            owner=user
        )
    progress_update_record(
        objective=Objective.objects.get(mandate__slug="hee-2021-22", reference="4"),
        author=updater,
        as_of=datetime.date(2021, 6, 30),
        status=ProgressUpdate.Status.ON_TRACK,
        percent_complete=25,
        narrative="On course.",
    )


def by_recipient(outbox: list[mail.EmailMessage]) -> dict[str, mail.EmailMessage]:
    assert all(len(message.to) == 1 for message in outbox)
    return {message.to[0]: message for message in outbox}


@pytest.mark.usefixtures("owners")
def test_each_owner_gets_one_email_listing_exactly_their_overdue_objectives(
    mailoutbox: list[mail.EmailMessage],
) -> None:
    report = reminders_send(today=JULY_14)

    assert sorted(report.sent) == ["Eddie-Editor", "Uma-Updater"]
    messages = by_recipient(mailoutbox)
    assert sorted(messages) == ["eddie@example.org", "uma@example.org"]
    uma = messages["uma@example.org"]
    assert uma.subject == "Mandate Tracker: 1 objective needs an update"
    assert "3 Help deliver 50,000 more nurses in the NHS" in uma.body
    assert "Mandate: Health Education England mandate: 2021 to 2022" in uma.body
    assert "Quarter: April to June 2021, due 14 July 2021" in uma.body
    assert "https://tracker.example.org/mandates/hee-2021-22/objectives/3/" in uma.body
    assert "https://tracker.example.org/needs-update/" in uma.body
    # 4 has its update; 5 is Eddie's.
    assert "/objectives/4/" not in uma.body
    assert "/objectives/5/" not in uma.body
    eddie = messages["eddie@example.org"]
    assert "5 Training in learning disabilities and autism for all staff" in eddie.body
    assert "/objectives/3/" not in eddie.body
    reminder = Reminder.objects.get(recipient__username="uma-updater")
    assert (reminder.sent_on, reminder.objectives) == (JULY_14, "hee-2021-22 3")


@pytest.mark.usefixtures("owners")
def test_the_subject_counts_the_objectives(
    mailoutbox: list[mail.EmailMessage], editor: User
) -> None:
    Objective.objects.filter(mandate__slug="hee-2021-22", reference__in=["7", "8"]).update(
        owner=editor
    )
    reminders_send(today=JULY_14)
    eddie = by_recipient(mailoutbox)["eddie@example.org"]
    assert eddie.subject == "Mandate Tracker: 3 objectives need an update"
    assert [line for line in eddie.body.splitlines() if "/objectives/" in line] == [
        "  https://tracker.example.org/mandates/hee-2021-22/objectives/5/",
        "  https://tracker.example.org/mandates/hee-2021-22/objectives/7/",
        "  https://tracker.example.org/mandates/hee-2021-22/objectives/8/",
    ]


@pytest.mark.usefixtures("owners")
def test_without_a_site_url_its_links_are_to_the_development_server(
    mailoutbox: list[mail.EmailMessage], settings
) -> None:
    del settings.SITE_URL
    reminders_send(today=JULY_14)
    body = by_recipient(mailoutbox)["uma@example.org"].body
    assert "http://127.0.0.1:8000/mandates/hee-2021-22/objectives/3/" in body
    assert "tracker.example.org" not in body


@pytest.mark.usefixtures("owners")
def test_running_it_twice_the_same_day_sends_nothing_more(
    mailoutbox: list[mail.EmailMessage], frozen_clock: time_machine.Coordinates
) -> None:
    reminders_send(today=JULY_14)
    frozen_clock.move_to(datetime.datetime(2021, 7, 14, 23, 59, tzinfo=LONDON))

    report = reminders_send(today=JULY_14)

    assert len(mailoutbox) == 2
    assert report.sent == []
    assert sorted(report.already_sent) == ["Eddie-Editor", "Uma-Updater"]
    assert Reminder.objects.count() == 2


@pytest.mark.usefixtures("owners")
def test_the_next_day_it_sends_again(mailoutbox: list[mail.EmailMessage]) -> None:
    reminders_send(today=JULY_14)
    report = reminders_send(today=JULY_14 + datetime.timedelta(days=1))
    assert sorted(report.sent) == ["Eddie-Editor", "Uma-Updater"]
    assert len(mailoutbox) == 4
    assert Reminder.objects.filter(sent_on=datetime.date(2021, 7, 15)).count() == 2


@pytest.mark.usefixtures("owners")
def test_an_owner_without_an_email_is_counted_not_emailed(
    mailoutbox: list[mail.EmailMessage], viewer: User
) -> None:
    report = reminders_send(today=JULY_14)
    assert report.unreachable == ["Vera-Viewer"]
    assert all("/objectives/6/" not in message.body for message in mailoutbox)
    assert not Reminder.objects.filter(recipient=viewer).exists()


@pytest.mark.usefixtures("owners")
def test_a_deactivated_owner_is_counted_not_emailed(
    mailoutbox: list[mail.EmailMessage], editor: User
) -> None:
    editor.is_active = False
    editor.save()
    report = reminders_send(today=JULY_14)
    assert "Eddie-Editor" in report.unreachable
    assert [message.to for message in mailoutbox] == [["uma@example.org"]]
    assert not Reminder.objects.filter(recipient=editor).exists()


@pytest.mark.usefixtures("owners")
def test_objectives_with_no_owner_are_counted(mailoutbox: list[mail.EmailMessage]) -> None:
    # 14 objectives: 3 and 5 and 6 owned and overdue, 4 owned and up to date.
    assert reminders_send(today=JULY_14).unowned == 10


def test_nothing_is_sent_before_anything_is_due(
    mailoutbox: list[mail.EmailMessage], updater: User, nurses: Objective
) -> None:
    updater.email = "uma@example.org"
    updater.save()
    nurses.owner = updater
    nurses.save()
    assert reminders_send(today=datetime.date(2021, 7, 13)).sent == []
    assert mailoutbox == []


@pytest.mark.usefixtures("owners")
def test_a_failed_send_leaves_no_reminder_so_a_later_run_sends(
    mailoutbox: list[mail.EmailMessage], settings
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    report = reminders_send(today=JULY_14)

    assert sorted(report.failed) == ["Eddie-Editor", "Uma-Updater"]
    assert report.sent == []
    assert not Reminder.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report = reminders_send(today=JULY_14)

    assert sorted(report.sent) == ["Eddie-Editor", "Uma-Updater"]
    assert len(mailoutbox) == 2
    assert Reminder.objects.count() == 2


@pytest.mark.usefixtures("owners")
def test_the_command_prints_what_it_did(mailoutbox: list[mail.EmailMessage]) -> None:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().splitlines() == [
        "Sent: 2",
        "Skipped, already sent today: 0",
        "Not emailed (no email address, or account deactivated): 1",
        "  Vera-Viewer",
        "Overdue objectives with no owner: 10",
    ]
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().splitlines()[:2] == ["Sent: 0", "Skipped, already sent today: 2"]
    assert len(mailoutbox) == 2


@pytest.mark.usefixtures("owners")
def test_the_command_fails_loudly_when_a_send_fails(
    mailoutbox: list[mail.EmailMessage], settings
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    out = StringIO()
    with pytest.raises(CommandError, match="will retry next run: Uma-Updater, Eddie-Editor"):
        call_command("send_reminders", stdout=out)
    assert out.getvalue().splitlines()[0] == "Sent: 0"
