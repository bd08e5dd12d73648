"""An objective's made-up progress updates, with a realistic mix: most objectives reported
in the last few weeks, some a quarter or two behind (overdue), and a course from "not
started" through "on track", "at risk" and "off track" to "complete" for some.

Every value comes from the one seeded random generator, so the order of its calls here is
what makes the same seed give the same data: change it and every later value changes."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from devtools.generator.names import narrative
from devtools.generator.rows import Row
from objectives.models import Objective, ProgressUpdate

Status = ProgressUpdate.Status


@dataclass(frozen=True)
class Course:
    """How an objective's progress goes over its updates."""

    final_percent: int
    completes: bool
    trouble: str  # the status it falls into when it slips: at risk or off track
    slip_chance: float


@dataclass(frozen=True)
class Window:
    """The days an objective's updates fall in: from its mandate's start to `today` (or
    the mandate's end, if sooner), recorded no later than `now`."""

    start: datetime.date
    today: datetime.date
    now: datetime.datetime


def course(rng: random.Random) -> Course:
    roll = rng.random()
    if roll < 0.12:
        return Course(100, True, Status.AT_RISK, 0.1)
    if roll < 0.70:
        return Course(rng.randint(50, 95), False, Status.AT_RISK, 0.1)
    if roll < 0.90:
        return Course(rng.randint(30, 70), False, Status.AT_RISK, 0.45)
    return Course(rng.randint(10, 50), False, Status.OFF_TRACK, 0.5)


def updates_for(
    rng: random.Random, objective: Objective, author_id: int, count: int, window: Window
) -> Iterator[Row]:
    """`count` updates spread from the window's start to the objective's last report,
    which is within the last few weeks before its `today` for most objectives and a
    quarter or two before for some."""
    if count == 0:
        return
    start = window.start
    span = (_last_report(rng, window) - start).days
    days = [*sorted(rng.randint(0, span) for _ in range(count - 1)), span]
    path = course(rng)
    subject = objective.title.lower()
    evidence = f"https://example.org/evidence/{objective.mandate.slug}/{objective.reference}/"
    percent = 0
    for n, day in enumerate(days, start=1):
        as_of = start + datetime.timedelta(days=day)
        # Progress creeps towards the course's end, never backwards.
        aim = path.final_percent * n // count
        percent = max(percent, min(100, aim + rng.randint(-5, 3)))
        status, percent = _status(rng, path, percent, last=n == count)
        recorded_at = _recorded_at(rng, as_of, window.now)
        yield {
            "objective_id": objective.pk,
            "author_id": author_id,
            "as_of": as_of,
            "status": str(status),
            "percent_complete": percent,
            "narrative": narrative(rng, subject),
            "evidence_url": f"{evidence}{n}" if rng.random() < 0.3 else "",
            "recorded_at": recorded_at,
        }


def _last_report(rng: random.Random, window: Window) -> datetime.date:
    behind = rng.random()
    if behind < 0.75:
        last = window.today - datetime.timedelta(days=rng.randint(0, 40))
    elif behind < 0.92:
        last = window.today - datetime.timedelta(days=rng.randint(95, 180))
    else:
        last = window.today - datetime.timedelta(days=rng.randint(180, 300))
    return max(last, window.start)


def _status(rng: random.Random, path: Course, percent: int, *, last: bool) -> tuple[str, int]:
    """An update's status, and its percent made to agree with it."""
    if last and path.completes:
        return Status.COMPLETE, 100
    if percent == 0:
        status = Status.NOT_STARTED
    elif rng.random() < path.slip_chance:
        status = path.trouble
    else:
        status = Status.ON_TRACK
    # 100% is complete, and a complete update is 100% (a constraint).
    return status, min(percent, 99)


def _recorded_at(
    rng: random.Random, as_of: datetime.date, now: datetime.datetime
) -> datetime.datetime:
    """When an update as of `as_of` was recorded: up to ten days later, in working hours,
    and never in the future."""
    return min(
        now,
        datetime.datetime.combine(
            as_of + datetime.timedelta(days=rng.randint(0, 10)),
            datetime.time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)),
            tzinfo=datetime.UTC,
        ),
    )
