"""make run's demonstration data (manage.py load_demo_data, devtools.demo_data): owners and
a few quarters of made-up progress, every update marked as demonstration, inside its
mandate's period; a second run adds nothing; refused without DEBUG; and the pages say so."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from core.status import Status
from objectives.models import Objective, ProgressUpdate

pytestmark = pytest.mark.django_db
History = ProgressUpdate.history.model
BANNER = "This service holds demonstration data"


@pytest.fixture
def loaded(mandates: None, settings: Any) -> str:
    settings.DEBUG = True
    call_command("create_demo_accounts", stdout=StringIO())
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def test_it_gives_every_objective_an_owner_who_can_record_progress(loaded: str) -> None:
    owners = set(Objective.objects.values_list("owner__username", flat=True))
    assert owners == {"updater", "editor"}
    assert Objective.objects.count() == 37


def test_it_records_updates_for_most_objectives_all_marked_demonstration(loaded: str) -> None:
    updates = ProgressUpdate.objects.all()
    assert updates.count() > 37
    assert not updates.filter(demonstration=False).exists()
    # The version the summaries' files read says so too.
    assert History.objects.count() == updates.count()
    assert not History.objects.filter(demonstration=False).exists()
    with_update = Objective.objects.filter(latest_update__isnull=False).count()
    assert 37 // 2 < with_update < 37, "most objectives, not all, have an update"
    assert f"{updates.count()} progress updates recorded" in loaded


def test_every_update_is_inside_its_mandates_period_and_not_in_the_future(loaded: str) -> None:
    today = timezone.localdate()
    for update in ProgressUpdate.objects.select_related("objective__mandate"):
        mandate = update.objective.mandate
        assert mandate.period_start <= update.as_of <= mandate.period_end
        assert update.as_of <= today
        assert mandate.periods.filter(start__lte=update.as_of, end__gte=update.as_of).exists()
        assert "Demonstration text" in update.narrative


def test_the_statuses_vary_and_the_latest_columns_follow_the_service(loaded: str) -> None:
    latest = set(
        Objective.objects.exclude(latest_status=None).values_list("latest_status", flat=True)
    )
    assert {Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.COMPLETE} <= latest
    assert not ProgressUpdate.objects.filter(status=Status.COMPLETE).exclude(percent_complete=100)
    for objective in Objective.objects.exclude(latest_update=None).select_related("latest_update"):
        newest = objective.updates.order_by("-as_of", "-recorded_at", "-pk").first()
        assert objective.latest_update == newest
        assert objective.latest_status == newest.status


def test_running_it_twice_adds_nothing(loaded: str) -> None:
    before = (ProgressUpdate.objects.count(), History.objects.count())
    owners = dict(Objective.objects.values_list("pk", "owner_id"))
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert (ProgressUpdate.objects.count(), History.objects.count()) == before
    assert dict(Objective.objects.values_list("pk", "owner_id")) == owners
    assert "0 objectives given an owner, 0 progress updates recorded" in out.getvalue()


def test_it_keeps_an_owner_someone_chose(mandates: None, settings: Any) -> None:
    settings.DEBUG = True
    call_command("create_demo_accounts", stdout=StringIO())
    chosen = User.objects.create_user(username="chosen")
    nurses = Objective.objects.get(mandate__slug="hee-2021-22", reference="3")
    nurses.owner = chosen
    nurses.save()
    call_command("load_demo_data", stdout=StringIO())
    nurses.refresh_from_db()
    assert nurses.owner == chosen


def test_it_refuses_without_debug(mandates: None, settings: Any) -> None:
    settings.DEBUG = False
    call_command("create_demo_accounts", stdout=StringIO())
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo_data", stdout=StringIO())
    assert not ProgressUpdate.objects.exists()
    assert not Objective.objects.exclude(owner=None).exists()


def test_it_asks_for_the_demo_accounts_first(mandates: None, settings: Any) -> None:
    settings.DEBUG = True
    with pytest.raises(CommandError, match="create_demo_accounts"):
        call_command("load_demo_data", stdout=StringIO())


def test_the_home_page_shows_the_banner_when_the_setting_is_on(
    loaded: str, client: Client, settings: Any
) -> None:
    settings.DEMONSTRATION_DATA = True
    client.force_login(User.objects.get(username="viewer"))
    response = client.get("/")
    assert response.status_code == 200
    assert BANNER in response.content.decode()


def test_no_page_shows_the_banner_when_the_setting_is_off(
    loaded: str, client: Client, settings: Any
) -> None:
    settings.DEMONSTRATION_DATA = False
    client.force_login(User.objects.get(username="viewer"))
    assert BANNER not in client.get("/").content.decode()


def test_the_objective_page_tags_a_demonstration_update(
    loaded: str, client: Client, updater: User
) -> None:
    update = ProgressUpdate.objects.select_related("objective__mandate").first()
    assert update is not None
    client.force_login(updater)
    page = client.get(update.objective.get_absolute_url()).content.decode()
    item = page[page.index(f'id="update-{update.pk}"') :]
    item = item[: item.index("</h3>")]
    assert ">Demonstration</strong>" in item


def test_the_objective_page_does_not_tag_a_real_update(
    recorded: ProgressUpdate, client: Client, updater: User
) -> None:
    client.force_login(updater)
    page = client.get(recorded.objective.get_absolute_url()).content.decode()
    assert f'id="update-{recorded.pk}"' in page
    assert ">Demonstration</strong>" not in page
