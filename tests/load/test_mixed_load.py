"""Ten seconds of eight people reading and writing at once: every request answered
(no 5xx, no refused or dropped connection), every confirmed write in the database."""

from __future__ import annotations

import datetime
import time

from tests.load.conftest import LOADERS, PASSWORD, AppServer
from tests.load.workload import READS, Workload, summary

DURATION = 10.0  # seconds of load: thousands of requests, writes among them
MAX_REQUESTS = 20_000  # and a bound in count, whichever comes first
# Objectives only this test writes to (no targets, so no suggested status to argue with);
# figures go to the 2021-22 targets, on dates from 1 April 2021, one date per write.
PROGRESS_OBJECTIVES = [
    f"/mandates/hee-2021-22/objectives/{n}/" for n in (1, 2, 6, 7, 8, 9, 10, 11, 12, 13, 14)
]
FIGURE_OBJECTIVES = ["/mandates/hee-2021-22/objectives/3/", "/mandates/hee-2021-22/objectives/4/"]


def test_mixed_load_for_ten_seconds_without_an_error(app_server: AppServer) -> None:
    load = Workload(
        app_server.url,
        LOADERS[:8],
        PASSWORD,
        readers=5,
        writers=3,
        progress_objectives=PROGRESS_OBJECTIVES,
        figure_objectives=FIGURE_OBJECTIVES,
        first_figure_day=datetime.date(2021, 4, 1),
        max_requests=MAX_REQUESTS,
        seed=2,
    )
    load.log_in()
    log_offset = app_server.log_size()
    before = len(load.samples())
    started = time.monotonic()
    load.run_for(DURATION)
    elapsed = time.monotonic() - started
    app_server.assert_running()

    samples = load.samples()[before:]
    print(
        f"\n[load] mixed load, 8 clients (5 readers, 3 writers), {elapsed:.1f} s: "
        f"{len(samples)} requests, {len(samples) / elapsed:.1f} per second; "
        f"writes confirmed: {sum(w.status == 302 for w in load.writes)} of {len(load.writes)}\n"
        + summary(samples)
    )
    assert elapsed < DURATION + 35, "the load did not stop in time"
    assert not load.failures, load.failures[:5]
    assert not [s for s in samples if s.error], [s for s in samples if s.error][:5]
    assert not [s for s in samples if s.status >= 500], [s for s in samples if s.status >= 500][:5]
    kinds = {s.kind for s in samples}
    assert set(READS) | {"progress", "figure"} <= kinds, kinds
    # Reads are pages and files; a write is a form then a redirect to the objective.
    assert {s.status for s in samples if s.method == "GET"} == {200}
    assert all(w.status == 302 and w.location.startswith("/mandates/") for w in load.writes), [
        w for w in load.writes if w.status != 302
    ][:5]
    assert not load.confirmed_writes_missing(app_server.report())
    assert "Traceback" not in app_server.log_since(log_offset)
