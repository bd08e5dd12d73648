"""Which objectives are overdue, day by day across the ends of the reporting quarters."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from mandates.models import ReportingPeriod
from objectives.models import Objective, ProgressUpdate
from objectives.services import progress_update_record, progress_update_withdraw

pytestmark = pytest.mark.usefixtures("mandates")

LONDON = ZoneInfo("Europe/London")
MANDATE_2021 = "hee-2021-22"
MANDATE_2017 = "hee-2017-18"


def on(day: datetime.date, time: datetime.time = datetime.time(9)) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.combine(day, time, tzinfo=LONDON), tick=False)


def overdue_now() -> set[tuple[str, str]]:
    return {(o.mandate.slug, o.reference) for o in Objective.objects.overdue(timezone.localdate())}


def all_of(slug: str) -> set[tuple[str, str]]:
    return {
        (slug, ref)
        for ref in Objective.objects.filter(mandate__slug=slug).values_list("reference", flat=True)
    }


def record(objective: Objective, author: User, as_of: datetime.date) -> ProgressUpdate:
    return progress_update_record(
        objective=objective,
        author=author,
        as_of=as_of,
        status=ProgressUpdate.Status.ON_TRACK,
        percent_complete=30,
        narrative="On course.",
    )


def test_nothing_is_overdue_the_day_before_the_first_quarters_update_is_due() -> None:
    with on(datetime.date(2021, 7, 13)):
        assert overdue_now() == set()


def test_on_the_due_day_objectives_without_an_april_to_june_update_are_overdue() -> None:
    with on(datetime.date(2021, 7, 14)):
        assert overdue_now() == all_of(MANDATE_2021)
        assert len(overdue_now()) == 14


def test_the_day_turns_at_midnight_in_london_not_utc() -> None:
    # 00:30 on 14 July in London is still 13 July in UTC.
    with on(datetime.date(2021, 7, 14), datetime.time(0, 30)):
        assert (MANDATE_2021, "3") in overdue_now()


def test_an_update_as_of_30_june_clears_it(nurses: Objective, updater: User) -> None:
    record(nurses, updater, datetime.date(2021, 6, 30))
    with on(datetime.date(2021, 7, 14)):
        overdue = overdue_now()
    assert (MANDATE_2021, "3") not in overdue
    assert (MANDATE_2021, "4") in overdue


def test_an_update_dated_before_the_quarter_does_not_clear_it(
    nurses: Objective, updater: User
) -> None:
    # April to June's update, when July to September's is due (none can predate April).
    record(nurses, updater, datetime.date(2021, 6, 30))
    with on(datetime.date(2021, 10, 14)):
        assert (MANDATE_2021, "3") in overdue_now()


def test_it_is_overdue_again_on_14_october_without_a_july_to_september_update(
    nurses: Objective, updater: User
) -> None:
    record(nurses, updater, datetime.date(2021, 6, 30))
    with on(datetime.date(2021, 10, 13)):
        assert (MANDATE_2021, "3") not in overdue_now()
    with on(datetime.date(2021, 10, 14)):
        assert (MANDATE_2021, "3") in overdue_now()


def test_an_update_dated_later_than_the_quarter_due_also_clears_it(
    nurses: Objective, updater: User
) -> None:
    record(nurses, updater, datetime.date(2021, 10, 5))
    with on(datetime.date(2021, 10, 14)):
        assert (MANDATE_2021, "3") not in overdue_now()


def test_a_withdrawn_update_does_not_count(nurses: Objective, updater: User, editor: User) -> None:
    update = record(nurses, updater, datetime.date(2021, 6, 30))
    progress_update_withdraw(update=update, editor=editor, reason="Wrong objective")
    with on(datetime.date(2021, 7, 14)):
        assert (MANDATE_2021, "3") in overdue_now()


def test_a_moved_due_date_moves_the_day_it_falls_overdue() -> None:
    ReportingPeriod.objects.filter(
        mandate__slug=MANDATE_2021, start=datetime.date(2021, 4, 1)
    ).update(due=datetime.date(2021, 7, 21))
    with on(datetime.date(2021, 7, 20)):
        assert overdue_now() == set()
    with on(datetime.date(2021, 7, 21)):
        assert overdue_now() == all_of(MANDATE_2021)


def test_the_2017_18_mandate_is_overdue_until_the_day_it_is_withdrawn() -> None:
    with on(datetime.date(2019, 2, 25)):
        assert overdue_now() == all_of(MANDATE_2017)
    with on(datetime.date(2019, 2, 26)):
        assert overdue_now() == set()
    with on(datetime.date(2021, 7, 14)):
        assert not any(slug == MANDATE_2017 for slug, _ in overdue_now())


def test_each_overdue_objective_says_which_quarter_it_misses(nurses: Objective) -> None:
    with on(datetime.date(2021, 7, 14)):
        objective = Objective.objects.overdue(timezone.localdate()).get(pk=nurses.pk)
    assert objective.quarter_due == "April to June 2021, due 14 July 2021"
    assert objective.latest_as_of is None


def test_the_last_quarter_stays_due_after_the_mandate_ends(nurses: Objective) -> None:
    with on(datetime.date(2023, 1, 1)):
        objective = Objective.objects.overdue(timezone.localdate()).get(pk=nurses.pk)
    assert objective.quarter_due == "January to March 2022, due 14 April 2022"


def test_it_costs_two_queries_however_many_mandates_and_objectives(
    django_assert_num_queries,
) -> None:
    with on(datetime.date(2019, 2, 25)):
        day = timezone.localdate()
        # the periods due; the objectives with mandate, theme, owner and latest update
        with django_assert_num_queries(2):
            overdue = list(Objective.objects.overdue(day))
            assert [o.mandate.slug for o in overdue][:1] == [MANDATE_2017]
            assert all(o.owner is None and o.theme.number for o in overdue)


def test_objectives_without_an_owner_are_listed_under_no_owner(
    client: Client, viewer: User, updater: User, nurses: Objective
) -> None:
    nurses.owner = updater
    nurses.save()
    client.force_login(viewer)
    with on(datetime.date(2021, 7, 14)):
        soup = BeautifulSoup(client.get("/needs-update/").content, "html.parser")
    headings = [h.get_text(strip=True) for h in soup.select("section.app-owner-group h2")]
    assert headings == ["Uma-Updater (1)", "No owner (13)"]
    owned = [a["href"] for a in soup.select(f"#owner-{updater.pk} tbody a")]
    unowned = [a["href"] for a in soup.select("#no-owner tbody a")]
    assert owned == [nurses.get_absolute_url()]
    assert len(unowned) == 13
    assert nurses.get_absolute_url() not in unowned
