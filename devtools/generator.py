"""Made-up mandates at any scale, for load tests and for showing that a page's cost does
not grow with the data.

Each generated mandate is `gen-<n>` and runs one HEE year (April to March), as real
mandates do: gen-1 the year containing `today`, gen-2 the year before, and so on. Each has
themes, objectives (most with an owner), its reporting quarters, and progress updates
spread over its year with a realistic mix: most objectives reported in the last few
weeks, some a quarter or two behind (overdue), a course from "not started" through "on
track", "at risk" and "off track" to "complete" for some.

It is fast because it writes in bulk, a batch at a time. A bulk insert writes no history,
and the summaries read progress from the history table (exports.summary.as_recorded), so
every update gets its history version too: history type "+", dated when the update was
recorded, by its author, with the reason "Generated". Everything is one transaction: a
failed run leaves nothing behind. It only ever adds: if a mandate it would make exists
already it refuses and changes nothing.
"""

from __future__ import annotations

import datetime
import io
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.roles import UPDATER
from mandates.models import Mandate, Theme
from mandates.services import reporting_periods_create
from objectives.models import Objective, ProgressUpdate
from objectives.services import objective_latest_refresh

SLUG_PREFIX = "gen-"
OWNER_PREFIX = "gen-owner-"
BATCH_SIZE = 5_000
CHANGE_REASON = "Generated"
HistoricalUpdate = ProgressUpdate.history.model

Status = ProgressUpdate.Status

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hassan",
    "Isla",
    "Jonah",
    "Kiran",
    "Leah",
    "Marek",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wyn",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Adeyemi",
    "Brennan",
    "Chowdhury",
    "Doyle",
    "Evans",
    "Fraser",
    "Gupta",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Rahman",
    "Smith",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walsh",
    "Young",
]
SUBJECTS = [
    "GP training places",
    "nursing associates",
    "mental health workforce",
    "clinical placements",
    "advanced practice",
    "medical school expansion",
    "return to practice",
    "apprenticeships",
    "workforce planning",
    "physician associates",
    "pharmacy technicians",
    "cancer diagnostics staff",
    "paramedic education",
    "dental foundation training",
    "digital skills",
    "retention of nurses",
]
VERBS = ["Expand", "Deliver", "Improve", "Grow", "Support", "Reform", "Increase", "Strengthen"]
NARRATIVES = (
    "Recruitment for the {subject} programme is {pace}; the regional leads report {detail}.",
    "Figures for the quarter show the {subject} work {pace}. {detail_cap}.",
    "The board reviewed {subject} this quarter: {detail}. Next steps are agreed with the "
    "regions and the royal colleges.",
    "{detail_cap}. Funding for {subject} is confirmed to the end of the year and the "
    "delivery plan is {pace}.",
)
PACES = ("on plan", "slightly behind plan", "ahead of plan", "delayed by vacancies")
DETAILS = (
    "training places filled in every region",
    "a shortfall in the North East and Yorkshire",
    "placements agreed with all trusts",
    "attrition lower than last year",
    "a delay to the procurement of providers",
    "strong demand from applicants",
    "two regions still finalising their commissions",
)


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


def mandate_slugs(first: int, count: int) -> list[str]:
    return [f"{SLUG_PREFIX}{n}" for n in range(first, first + count)]


def _hee_year_start(day: datetime.date) -> int:
    """The calendar year in which the HEE year containing `day` starts (April)."""
    return day.year if day.month >= 4 else day.year - 1


def _owners(count: int) -> list[User]:
    """`count` owner accounts, made once and reused by later runs. They may record
    progress (Updater) but cannot log in until someone gives them a password."""
    usernames = [f"{OWNER_PREFIX}{k}" for k in range(1, count + 1)]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    updaters = Group.objects.get(name=UPDATER)
    owners = []
    for k, username in enumerate(usernames):
        user = existing.get(username)
        if user is None:
            user = User(
                username=username,
                first_name=FIRST_NAMES[k % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(k // len(FIRST_NAMES) + k) % len(LAST_NAMES)],
                email=f"{username}@example.org",
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(updaters)
        owners.append(user)
    return owners


def _batches(items: Iterator[_Row], size: int) -> Iterator[list[_Row]]:
    while batch := list(islice(items, size)):
        yield batch


_Row = dict[str, Any]
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)  # numbers, dates, aware datetimes (ISO 8601 with their offset)


class _RowWriter:
    """Rows straight into a model's table, without the ORM's work for each value, which
    is most of the time of a bulk_create of a million rows: COPY on PostgreSQL, a
    prepared statement's executemany elsewhere (SQLite). Rows are dicts by attribute
    name; a field a row leaves out takes its default."""

    def __init__(self, model: type[Model], *, leave_out: tuple[str, ...] = ()) -> None:
        self.fields = [f for f in model._meta.concrete_fields if f.attname not in leave_out]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.table = model._meta.db_table
        self.postgres = connection.vendor == "postgresql"

    def write(self, rows: list[_Row]) -> None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        names = [(f.attname, self.defaults[f.attname]) for f in self.fields]
        with connection.cursor() as cursor:
            if self.postgres:
                text = "".join(
                    "\t".join(_copy_text(row.get(name, default)) for name, default in names) + "\n"
                    for row in rows
                )
                cursor.copy_expert(
                    f"COPY {quote(self.table)} ({columns}) FROM STDIN", io.StringIO(text)
                )
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                # The table and column names are the model's own, quoted; values are
                # parameters.
                insert = f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608
                cursor.executemany(
                    insert,
                    [
                        [
                            f.get_db_prep_save(row.get(f.attname, d), connection)
                            for f, d in zip(self.fields, (d for _, d in names), strict=True)
                        ]
                        for row in rows
                    ],
                )


def _foreign_key_checks_off() -> bool:
    """On PostgreSQL, for a superuser, leave out the database's check of each written
    row's references, as pg_restore --disable-triggers does, until the end of the
    transaction or until turned back on. Each update row names an objective made and a
    user read in this same transaction, so every check would pass, and a million of them
    (two for each update, all run at commit) were a third of the generator's time.
    Returns whether they are off; elsewhere they run as usual."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
    return True


class _Ids:
    """Primary keys for rows written without the ORM, taken before they are written so
    that each update's history row can name it: from the table's sequence on PostgreSQL,
    counting on from the largest on SQLite (whose transaction holds the write lock)."""

    def __init__(self, model: type[Model]) -> None:
        self.table = model._meta.db_table
        self.postgres = connection.vendor == "postgresql"
        self.last: int | None = None

    def take(self, count: int) -> list[int]:
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.table, count],
                )
                return [pk for (pk,) in cursor.fetchall()]
            if self.last is None:
                quote = connection.ops.quote_name
                table = quote(self.table)  # the model's own table name
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608  # nosec B608
                self.last = cursor.fetchone()[0]
        first = self.last + 1
        self.last += count
        return list(range(first, first + count))


@dataclass(frozen=True)
class _Course:
    """How an objective's progress goes over its updates."""

    final_percent: int
    completes: bool
    trouble: str  # the status it falls into when it slips: at risk or off track
    slip_chance: float


def _course(rng: random.Random) -> _Course:
    roll = rng.random()
    if roll < 0.12:
        return _Course(100, True, Status.AT_RISK, 0.1)
    if roll < 0.70:
        return _Course(rng.randint(50, 95), False, Status.AT_RISK, 0.1)
    if roll < 0.90:
        return _Course(rng.randint(30, 70), False, Status.AT_RISK, 0.45)
    return _Course(rng.randint(10, 50), False, Status.OFF_TRACK, 0.5)


def _narrative(rng: random.Random, subject: str) -> str:
    detail = rng.choice(DETAILS)
    return rng.choice(NARRATIVES).format(
        subject=subject, pace=rng.choice(PACES), detail=detail, detail_cap=detail.capitalize()
    )


def _updates_for(
    rng: random.Random,
    objective: Objective,
    author_id: int,
    count: int,
    start: datetime.date,
    today: datetime.date,
    now: datetime.datetime,
) -> Iterator[_Row]:
    """`count` updates spread from `start` to the objective's last report, which is within
    the last few weeks before `today` (or the mandate's end) for most objectives and a
    quarter or two before for some."""
    if count == 0:
        return
    behind = rng.random()
    if behind < 0.75:
        last = today - datetime.timedelta(days=rng.randint(0, 40))
    elif behind < 0.92:
        last = today - datetime.timedelta(days=rng.randint(95, 180))
    else:
        last = today - datetime.timedelta(days=rng.randint(180, 300))
    last = max(last, start)
    span = (last - start).days
    days = [*sorted(rng.randint(0, span) for _ in range(count - 1)), span]
    course = _course(rng)
    subject = objective.title.lower()
    evidence = f"https://example.org/evidence/{objective.mandate.slug}/{objective.reference}/"
    percent = 0
    for n, day in enumerate(days, start=1):
        as_of = start + datetime.timedelta(days=day)
        # Progress creeps towards the course's end, never backwards.
        aim = course.final_percent * n // count
        percent = max(percent, min(100, aim + rng.randint(-5, 3)))
        if n == count and course.completes:
            status, percent = Status.COMPLETE, 100
        elif percent == 0:
            status = Status.NOT_STARTED
        elif rng.random() < course.slip_chance:
            status = course.trouble
        else:
            status = Status.ON_TRACK
        if status != Status.COMPLETE and percent == 100:
            percent = 99  # 100% is complete, and a complete update is 100% (a constraint)
        recorded_at = min(
            now,
            datetime.datetime.combine(
                as_of + datetime.timedelta(days=rng.randint(0, 10)),
                datetime.time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)),
                tzinfo=datetime.UTC,
            ),
        )
        yield {
            "objective_id": objective.pk,
            "author_id": author_id,
            "as_of": as_of,
            "status": str(status),
            "percent_complete": percent,
            "narrative": _narrative(rng, subject),
            "evidence_url": f"{evidence}{n}" if rng.random() < 0.3 else "",
            "recorded_at": recorded_at,
        }


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
    started = time.perf_counter()
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
    say = progress or (lambda message: None)
    # Made-up data from a seed, not secrets.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    today = today or timezone.localdate()
    now = timezone.now()
    owners_before = User.objects.filter(username__startswith=OWNER_PREFIX).count()
    people = _owners(owners)
    owners_created = User.objects.filter(username__startswith=OWNER_PREFIX).count() - owners_before
    year = _hee_year_start(today)

    made_mandates = []
    for n, slug in zip(range(first, first + mandates), slugs, strict=True):
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
        made_mandates.append(mandate)
    periods = sum(reporting_periods_create(mandate=m) for m in made_mandates)

    theme_rows = bulk_create_with_history(
        [
            Theme(
                mandate=mandate,
                number=t,
                title=f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)}",
                description=f"Generated theme {t} of {mandate.title}.",
            )
            for mandate in made_mandates
            for t in range(1, themes + 1)
        ],
        Theme,
        batch_size=batch_size,
        default_change_reason=CHANGE_REASON,
    )
    objective_rows: list[Objective] = []
    for theme in theme_rows:
        for k in range(1, objectives + 1):
            subject = rng.choice(SUBJECTS)
            objective = Objective(
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
                # One in twenty has no owner yet, as in a real mandate's first weeks
                # (its updates are then recorded by someone else).
                owner=None if rng.random() < 0.05 else rng.choice(people),
                position=k,
            )
            objective_rows.append(objective)
    for batch in _batches(iter(objective_rows), batch_size):
        bulk_create_with_history(
            batch, Objective, batch_size=batch_size, default_change_reason=CHANGE_REASON
        )
    say(f"{len(objective_rows):,} objectives in {time.perf_counter() - started:.1f} s")

    rows = (
        row
        for objective in objective_rows
        for row in _updates_for(
            rng,
            objective,
            objective.owner_id or people[0].pk,
            updates,
            objective.mandate.period_start,
            min(today, objective.mandate.period_end),
            now,
        )
    )
    ids = _Ids(ProgressUpdate)
    update_writer = _RowWriter(ProgressUpdate)
    history_writer = _RowWriter(HistoricalUpdate, leave_out=("history_id",))
    made = 0
    next_report = 100_000
    checks_off = _foreign_key_checks_off()
    for batch in _batches(rows, batch_size):
        for row, pk in zip(batch, ids.take(len(batch)), strict=True):
            row["id"] = pk
        update_writer.write(batch)
        # Each update's first version: dated when it was recorded, by its author, so a
        # summary "as recorded by" any moment sees what was there at that moment.
        for row in batch:
            row["history_date"] = row["recorded_at"]
            row["history_type"] = "+"
            row["history_change_reason"] = CHANGE_REASON
            row["history_user_id"] = row["author_id"]
        history_writer.write(batch)
        made += len(batch)
        if made >= next_report:
            say(f"{made:,} updates in {time.perf_counter() - started:.1f} s")
            next_report += 100_000
    if checks_off:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    # Written without the services, so the objectives' latest update is set here, once.
    objective_latest_refresh(
        objective_ids=Objective.objects.filter(mandate__in=made_mandates).values("pk")
    )
    say(f"latest updates set in {time.perf_counter() - started:.1f} s")
    return GenerateReport(
        mandates=len(made_mandates),
        themes=len(theme_rows),
        objectives=len(objective_rows),
        periods=periods,
        updates=made,
        history_rows=made,
        owners_created=owners_created,
        seconds=time.perf_counter() - started,
    )
