"""The database server restarts under load (PostgreSQL only): while it is down the app
answers 503 "try again", never a 500 or a dropped connection; once it is back, every
request succeeds again; and no write the app confirmed is lost."""

from __future__ import annotations

import datetime
import os
import shlex
import subprocess
import time

import pytest
from django.db import connections

from tests.load.conftest import LOADERS, PASSWORD, AppServer, on_postgres
from tests.load.workload import Workload, summary

WARM_UP = 3.0  # seconds of load before the restart
OUTAGE = 3.0  # seconds the server stays down
AFTER = 6.0  # seconds of load once it is back
MAX_REQUESTS = 5_000
PROGRESS_OBJECTIVES = [
    f"/mandates/hee-2017-18/objectives/{ref}/"
    for ref in ("1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7")
]
FIGURE_OBJECTIVES = [
    "/mandates/hee-2017-18/objectives/1.1/",
    "/mandates/hee-2017-18/objectives/1.2/",
]
UNAVAILABLE = "Service temporarily unavailable, try again"


def pg_ctl(*args: str) -> None:
    """Run the test cluster's pg_ctl as its owner (.ci/with-postgres.sh says how)."""
    command = [
        *shlex.split(os.environ.get("MANDATE_PG_AS_OWNER", "")),
        os.environ["MANDATE_PG_CTL"],
        "-D",
        os.environ["MANDATE_PG_DATA"],
        *args,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603 (our own commands)
    if result.returncode:
        raise AssertionError(f"{shlex.join(command)} failed:\n{result.stdout}{result.stderr}")


def forget_dead_connections() -> None:
    """The restart also ended this process's own connections to the test database (opened
    by the tests before this one, and kept): close them, so the tests after this one open
    new ones rather than depend on noticing that these are dead."""
    for connection in connections.all(initialized_only=True):
        connection.close()


def test_the_app_recovers_when_the_database_restarts(app_server: AppServer) -> None:
    if not on_postgres():
        reason = "restarting the database server needs PostgreSQL (run via .ci/with-postgres.sh)"
        print(f"\n[load] SKIPPED: {reason}")
        pytest.skip(reason)
    missing = [n for n in ("MANDATE_PG_CTL", "MANDATE_PG_DATA") if not os.environ.get(n)]
    assert not missing, f"{missing} unset: run on PostgreSQL through .ci/with-postgres.sh"

    load = Workload(
        app_server.url,
        LOADERS[8:12],
        PASSWORD,
        readers=2,
        writers=2,
        progress_objectives=PROGRESS_OBJECTIVES,
        figure_objectives=FIGURE_OBJECTIVES,
        first_figure_day=datetime.date(2018, 1, 1),
        max_requests=MAX_REQUESTS,
        seed=3,
    )
    load.log_in()
    before = len(load.samples())
    load.start()
    try:
        time.sleep(WARM_UP)
        down = time.monotonic()
        pg_ctl("stop", "-m", "fast", "-w")  # ends every connection, as a restart does
        try:
            time.sleep(OUTAGE)
        finally:
            # Started again, whatever happens, with the options it last ran with
            # (postmaster.opts): the tests after this one need it.
            pg_ctl("restart", "-w", "-l", os.environ.get("MANDATE_PG_LOG", os.devnull))
        back = time.monotonic()
        time.sleep(AFTER)
    finally:
        load.finish()
        forget_dead_connections()
    app_server.assert_running()

    samples = load.samples()[before:]
    # Before: answered before the server went down. During: in flight at some moment of
    # the outage. After: sent once it was back.
    earlier = [s for s in samples if s.started + s.elapsed < down]
    during = [s for s in samples if s.started < back and s.started + s.elapsed >= down]
    after = [s for s in samples if s.started >= back]
    failed_during = [s for s in during if s.status >= 500]
    recovered = min((s.started + s.elapsed for s in after if s.status < 500), default=back)
    print(
        f"\n[load] database restart under load (2 readers, 2 writers): down for "
        f"{back - down:.1f} s; {len(earlier)} requests before, {len(during)} during "
        f"({len(failed_during)} answered 503), {len(after)} after; first success "
        f"{recovered - back:.2f} s after it was back; writes confirmed: "
        f"{sum(w.status == 302 for w in load.writes)} of {len(load.writes)}\n" + summary(samples)
    )
    assert not load.failures, load.failures[:5]
    # The app itself never stopped answering.
    assert not [s for s in samples if s.error], [s for s in samples if s.error][:5]
    assert all(s.status < 500 for s in earlier), [s for s in earlier if s.status >= 500][:5]
    # While it was down: the plain "try again" page, not a 500.
    assert failed_during, "no request noticed the database was down"
    assert {s.status for s in samples if s.status >= 500} == {503}
    assert all(UNAVAILABLE in s.body for s in samples if s.status == 503)
    # Once it was back: everything works again, reads and writes.
    assert len(after) >= 10
    assert all(s.status < 500 for s in after), [s for s in after if s.status >= 500][:5]
    assert {s.status for s in after if s.method == "GET"} == {200}
    assert any(w.status == 302 and w.started >= back for w in load.writes)
    # A write the app confirmed was not lost.
    assert not load.confirmed_writes_missing(app_server.report())
