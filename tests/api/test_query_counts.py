"""Each list endpoint's page costs the same number of queries however many rows there are:
pinned at two sizes of data, the second more than a page (REST_FRAMEWORK["PAGE_SIZE"])."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from mandates.models import Mandate, ReportingPeriod, Theme
from objectives.models import Measurement, Objective, ProgressUpdate, Target
from tests.api.conftest import TokenClient
from tests.factories import add_objectives, add_updates

pytestmark = pytest.mark.usefixtures("mandates")

MORE = 150  # than a page holds


def later_theme() -> Theme:
    return Theme.objects.filter(mandate__slug="hee-2021-22").order_by("number").first()


def more_mandates(author: User) -> None:
    Mandate.objects.bulk_create(
        Mandate(
            slug=f"test-{n}",
            title=f"Test mandate {n}",
            issuer="Test",
            period_start=datetime.date(2001, 4, 1),
            period_end=datetime.date(2002, 3, 31),
            source_url="https://example.org/",
        )
        for n in range(MORE)
    )


def more_themes(author: User) -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    Theme.objects.bulk_create(
        Theme(mandate=mandate, number=100 + n, title=f"Theme {n}") for n in range(MORE)
    )


def more_objectives(author: User) -> None:
    add_updates(add_objectives(later_theme(), MORE, owner=author), 2, author=author)


def more_updates(author: User) -> None:
    # With their history, which the updates "as at" a date are read from.
    objectives = add_objectives(later_theme(), MORE, owner=author)
    bulk_create_with_history(
        [
            ProgressUpdate(
                objective=objective,
                author=author,
                as_of=datetime.date(2021, 4, 1) + datetime.timedelta(days=n),
                status=ProgressUpdate.Status.ON_TRACK,
                percent_complete=n,
                narrative="Made for a test.",
                recorded_at=timezone.now(),
            )
            for objective in objectives
            for n in range(2)
        ],
        ProgressUpdate,
    )


def more_targets(author: User) -> None:
    objective = Objective.objects.get(mandate__slug="hee-2021-22", reference="3")
    targets = Target.objects.bulk_create(
        Target(objective=objective, code=f"t{n}", description=f"Target {n}", value=n, unit="x")
        for n in range(MORE)
    )
    Measurement.objects.bulk_create(
        Measurement(
            target=target,
            measured_on=datetime.date(2021, 5, 1) + datetime.timedelta(days=n),
            value=Decimal("12.5"),
            recorded_by=author,
            recorded_at=timezone.now(),
        )
        for target in targets
        for n in range(3)
    )


def more_periods(author: User) -> None:
    mandate = Mandate.objects.create(
        slug="long",
        title="A long mandate",
        issuer="Test",
        period_start=datetime.date(2030, 4, 1),
        period_end=datetime.date(2070, 3, 31),
        source_url="https://example.org/",
    )
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            mandate=mandate,
            start=datetime.date(2030 + n // 4, 1 + 3 * (n % 4), 1),
            end=datetime.date(2030 + n // 4, 1 + 3 * (n % 4), 28),
            due=datetime.date(2030 + n // 4, 1 + 3 * (n % 4), 28),
        )
        for n in range(MORE)
    )


# Every page: the token with its user, and the person's permissions (their own, their
# groups'); their count of requests, read and written again in the cache (the database's,
# config.settings CACHES: a read, a count for culling, and a write in a savepoint); then
# the page's own queries, named on each view (api/viewsets.py).
SIGNING_IN = 3
RATE_COUNT = 6
CASES = [
    ("/api/mandates/", {}, more_mandates, 1),
    ("/api/themes/", {}, more_themes, 1),
    ("/api/objectives/", {}, more_objectives, 1),
    # Filtered as the list page filters: the mandate and the theme are checked first.
    ("/api/objectives/", {"mandate": "hee-2021-22", "status": "on_track"}, more_objectives, 2),
    ("/api/objectives/", {"overdue": "true"}, more_objectives, 2),  # and the quarters due
    ("/api/updates/", {}, more_updates, 1),
    ("/api/updates/", {"as_at": "2021-12-31", "mandate": "hee-2021-22"}, more_updates, 1),
    ("/api/targets/", {}, more_targets, 3),  # targets, their steps, their figures
    ("/api/periods/", {}, more_periods, 1),
]


@pytest.mark.parametrize(("path", "params", "grow", "own"), CASES)
def test_a_page_costs_the_same_however_much_data(
    api: TokenClient,
    editor: User,
    django_assert_num_queries: Callable,
    path: str,
    params: dict[str, str],
    grow: Callable[[User], None],
    own: int,
) -> None:
    api.get(path)  # the token's first use writes when it was used; later ones (a minute) don't
    with django_assert_num_queries(SIGNING_IN + RATE_COUNT + own):
        small = api.get(path, params)
    assert small.status_code == 200
    grow(editor)
    with django_assert_num_queries(SIGNING_IN + RATE_COUNT + own):
        large = api.get(path, params)
    assert large.status_code == 200
    assert len(large.json()["results"]) >= len(small.json()["results"])
    if path != "/api/objectives/" or not params:
        assert large.json()["next"], "more than one page"


def test_a_sessions_page_costs_its_session_and_user_instead_of_the_token(
    client: object, viewer: User, django_assert_num_queries: Callable
) -> None:
    client.force_login(viewer)  # type: ignore[attr-defined]
    # Queries: session, user, the person's permissions (two), the rate count, the objectives.
    with django_assert_num_queries(4 + RATE_COUNT + 1):
        client.get("/api/objectives/")  # type: ignore[attr-defined]
