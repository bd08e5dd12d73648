"""generate(): made-up mandates, themes, objectives and progress updates, in one
transaction. The few mandates and the owners are saved one by one, themes and objectives
with bulk_create_with_history, and the updates, which are nearly all of the rows, by the
row writer (devtools.generator.rows)."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.roles import UPDATER
from devtools.generator.names import SUBJECTS, VERBS, owner_name, title
from devtools.generator.rows import Ids, Row, RowWriter, batches, foreign_key_checks_off
from devtools.generator.updates import Window, updates_for
from mandates.models import Mandate, Theme
from mandates.services import reporting_periods_create
from objectives.models import Objective, ProgressUpdate
from objectives.services import objective_latest_refresh

SLUG_PREFIX = "gen-"
OWNER_PREFIX = "gen-owner-"
BATCH_SIZE = 5_000
CHANGE_REASON = "Generated"
HistoricalUpdate = ProgressUpdate.history.model


@dataclass(frozen=True)
class GenerateReport:
    mandates: int
    themes: int
    objectives: int
    periods: int
    updates: int
    history_rows: int
    owners_created: int
    seconds: float

    def summary(self) -> str:
        return (
            f"Made {self.mandates:,} mandates, {self.themes:,} themes, "
            f"{self.objectives:,} objectives, {self.periods:,} reporting periods, "
            f"{self.updates:,} progress updates with {self.history_rows:,} history rows; "
            f"{self.owners_created:,} new owner accounts; in {self.seconds:.1f} s."
        )


class GeneratorError(Exception):
    """Nothing was made: the message says why."""


class _Clock:
    """The time since the run started, for its progress lines and its report."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.started = time.perf_counter()
        self.progress = progress

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def say(self, done: str) -> None:
        if self.progress is not None:
            self.progress(f"{done} in {self.seconds:.1f} s")


def mandate_slugs(first: int, count: int) -> list[str]:
    return [f"{SLUG_PREFIX}{n}" for n in range(first, first + count)]


def _hee_year_start(day: datetime.date) -> int:
    """The calendar year in which the HEE year containing `day` starts (April)."""
    return day.year if day.month >= 4 else day.year - 1


def _check(
    *, mandates: int, themes: int, objectives: int, updates: int, owners: int, first: int
) -> list[str]:
    """The new mandates' slugs, or GeneratorError before anything is written."""
    for name, value in (("mandates", mandates), ("themes", themes), ("objectives", objectives)):
        if value < 1:
            raise GeneratorError(f"--{name} must be 1 or more.")
    if updates < 0 or owners < 1 or first < 1:
        raise GeneratorError("--updates must be 0 or more; --owners and --first 1 or more.")
    slugs = mandate_slugs(first, mandates)
    taken = sorted(Mandate.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    if taken:
        raise GeneratorError(
            f"{', '.join(taken)} exist already. The generator only adds new mandates and "
            f"changes nothing that exists; number new ones after them with --first. "
            "Nothing was made."
        )
    return slugs


def _owners(count: int) -> tuple[list[User], int]:
    """`count` owner accounts, made once and reused by later runs, and how many were new.
    They may record progress (Updater) but cannot log in until someone gives them a
    password."""
    before = User.objects.filter(username__startswith=OWNER_PREFIX).count()
    usernames = [f"{OWNER_PREFIX}{k}" for k in range(1, count + 1)]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    updaters = Group.objects.get(name=UPDATER)
    owners = []
    for k, username in enumerate(usernames):
        user = existing.get(username)
        if user is None:
            first_name, last_name = owner_name(k)
            user = User(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@example.org",
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(updaters)
        owners.append(user)
    made = User.objects.filter(username__startswith=OWNER_PREFIX).count() - before
    return owners, made


def _mandates(first: int, slugs: list[str], year: int) -> list[Mandate]:
    """Saved one by one, with their history: a run makes only a few. gen-<first> runs the
    HEE year starting in April of `year`, each later one the year before."""
    made = []
    for n, slug in zip(range(first, first + len(slugs)), slugs, strict=True):
        start = datetime.date(year - n + 1, 4, 1)
        end = datetime.date(year - n + 2, 3, 31)
        mandate = Mandate(
            slug=slug,
            title=f"Generated mandate {n}: {start.year} to {end.year}",
            full_title="Made-up data for load testing; not a real mandate.",
            issuer="Mandate Tracker data generator",
            period_start=start,
            period_end=end,
            published_on=start,
            source_url=f"https://example.org/generated/{slug}",
            summary="Generated: made-up themes, objectives and progress for load tests.",
        )
        mandate._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
        mandate.save()
        made.append(mandate)
    return made


def _themes(
    rng: random.Random, mandates: list[Mandate], count: int, batch_size: int
) -> list[Theme]:
    themes = [
        Theme(
            mandate=mandate,
            number=t,
            title=title(rng),
            description=f"Generated theme {t} of {mandate.title}.",
        )
        for mandate in mandates
        for t in range(1, count + 1)
    ]
    return bulk_create_with_history(
        themes, Theme, batch_size=batch_size, default_change_reason=CHANGE_REASON
    )


def _objective(rng: random.Random, theme: Theme, k: int, people: list[User]) -> Objective:
    subject = rng.choice(SUBJECTS)
    return Objective(
        mandate=theme.mandate,
        theme=theme,
        reference=f"{theme.number}.{k}",
        title=f"{rng.choice(VERBS)} {subject}"[:200],
        text=(
            f"{rng.choice(VERBS)} {subject} across England, working with the regions, "
            f"so that the {rng.choice(SUBJECTS)} plan for theme {theme.number} is met."
        ),
        provenance=Objective.Provenance.SUMMARY,
        source_note="Generated data for load testing.",
        # One in twenty has no owner yet, as in a real mandate's first weeks (its updates
        # are then recorded by someone else).
        owner=None if rng.random() < 0.05 else rng.choice(people),
        position=k,
    )


def _objectives(
    rng: random.Random, themes: list[Theme], count: int, people: list[User], batch_size: int
) -> list[Objective]:
    objectives = [
        _objective(rng, theme, k, people) for theme in themes for k in range(1, count + 1)
    ]
    for batch in batches(iter(objectives), batch_size):
        bulk_create_with_history(
            batch, Objective, batch_size=batch_size, default_change_reason=CHANGE_REASON
        )
    return objectives


def _update_rows(
    rng: random.Random,
    objectives: list[Objective],
    count: int,
    fallback_author: User,
    today: datetime.date,
    now: datetime.datetime,
) -> Iterator[Row]:
    """Every objective's updates, made as they are written, a batch at a time. An update
    of an objective with no owner is recorded by `fallback_author`."""
    for objective in objectives:
        mandate = objective.mandate
        window = Window(mandate.period_start, min(today, mandate.period_end), now)
        author_id = objective.owner_id or fallback_author.pk
        yield from updates_for(rng, objective, author_id, count, window)


def _first_versions(batch: list[Row]) -> None:
    """Each update's first version: dated when it was recorded, by its author, so a
    summary "as recorded by" any moment sees what was there at that moment."""
    for row in batch:
        row["history_date"] = row["recorded_at"]
        row["history_type"] = "+"
        row["history_change_reason"] = CHANGE_REASON
        row["history_user_id"] = row["author_id"]


def _write_updates(rows: Iterator[Row], batch_size: int, clock: _Clock) -> int:
    """Write the updates and their history versions; returns how many."""
    ids = Ids(ProgressUpdate)
    update_writer = RowWriter(ProgressUpdate)
    history_writer = RowWriter(HistoricalUpdate, leave_out=("history_id",))
    made = 0
    next_report = 100_000
    with foreign_key_checks_off():
        for batch in batches(rows, batch_size):
            for row, pk in zip(batch, ids.take(len(batch)), strict=True):
                row["id"] = pk
            update_writer.write(batch)
            # A version is its update's row (with the id just taken) and a few columns more.
            _first_versions(batch)
            history_writer.write(batch)
            made += len(batch)
            if made >= next_report:
                clock.say(f"{made:,} updates")
                next_report += 100_000
    return made


@transaction.atomic
def generate(
    *,
    mandates: int,
    themes: int,
    objectives: int,
    updates: int,
    seed: int = 0,
    first: int = 1,
    owners: int = 50,
    today: datetime.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
) -> GenerateReport:
    """Make `mandates` mandates gen-<first>..., each with `themes` themes of `objectives`
    objectives, each with `updates` progress updates. The same arguments and seed make the
    same data (on the same `today`)."""
    clock = _Clock(progress)
    slugs = _check(
        mandates=mandates,
        themes=themes,
        objectives=objectives,
        updates=updates,
        owners=owners,
        first=first,
    )
    # Made-up data from a seed, not secrets.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    today = today or timezone.localdate()
    now = timezone.now()
    people, owners_created = _owners(owners)
    made_mandates = _mandates(first, slugs, _hee_year_start(today))
    periods = sum(reporting_periods_create(mandate=m) for m in made_mandates)
    theme_rows = _themes(rng, made_mandates, themes, batch_size)
    objective_rows = _objectives(rng, theme_rows, objectives, people, batch_size)
    clock.say(f"{len(objective_rows):,} objectives")
    rows = _update_rows(rng, objective_rows, updates, people[0], today, now)
    made = _write_updates(rows, batch_size, clock)
    # Written without the services, so the objectives' latest update is set here, once.
    objective_latest_refresh(
        objective_ids=Objective.objects.filter(mandate__in=made_mandates).values("pk")
    )
    clock.say("latest updates set")
    return GenerateReport(
        mandates=len(made_mandates),
        themes=len(theme_rows),
        objectives=len(objective_rows),
        periods=periods,
        updates=made,
        history_rows=made,
        owners_created=owners_created,
        seconds=clock.seconds,
    )
