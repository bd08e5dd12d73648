"""Fifty people log in at the same moment, then record progress on the same objective at
the same moment: every login works, every update is saved once with its one history
version, and each person is sent back to the objective."""

from __future__ import annotations

import threading
import time
import uuid

from tests.load.conftest import PASSWORD, RACERS, AppServer
from tests.load.webclient import Browser, Recorder, form_errors, percentile

OBJECTIVE = "hee-2021-22/5"  # no targets, so no suggested status; no other test writes here
OBJECTIVE_PATH = "/mandates/hee-2021-22/objectives/5/"
RECORD_PATH = f"{OBJECTIVE_PATH}record/"
CLIENTS = len(RACERS)
# Each login hashes the password (PBKDF2, most of a second of CPU): fifty at once on two
# cores take half a minute or more to answer, so the clients wait longer than usual.
CLIENT_TIMEOUT = 120
DEADLINE = 240  # seconds for the whole run


def test_fifty_people_log_in_and_record_progress_on_one_objective_at_once(
    app_server: AppServer,
) -> None:
    log_offset = app_server.log_size()
    run = uuid.uuid4().hex[:8]
    narratives = [f"Simultaneous update {n:02d} of run {run}." for n in range(CLIENTS)]
    recorder = Recorder()
    barrier = threading.Barrier(CLIENTS, timeout=DEADLINE)
    moments: dict[str, float] = {}
    posted: list[tuple[int, str, float] | None] = [None] * CLIENTS
    failures: list[str] = []

    def all_at_once(moment: str) -> None:
        if barrier.wait() == 0:
            moments[moment] = time.monotonic()

    def person(n: int) -> None:
        try:
            browser = Browser(app_server.url, recorder, timeout=CLIENT_TIMEOUT)
            browser.log_in(  # a session of its own
                RACERS[n], PASSWORD, before_posting=lambda: all_at_once("login")
            )
            fields = browser.form(RECORD_PATH, kind="record-form")
            fields["narrative"] = narratives[n]
            all_at_once("record")
            sent = time.monotonic()
            response = browser.post(RECORD_PATH, fields, kind="record")
            posted[n] = (response.status, response.location, time.monotonic() - sent)
            if response.status != 302:
                failures.append(f"{RACERS[n]}: {response.status} {form_errors(response.text)}")
        except Exception as error:
            failures.append(f"{RACERS[n]}: {error!r}")
            barrier.abort()  # the others stop waiting for this one

    started = time.monotonic()
    threads = [threading.Thread(target=person, args=(n,), daemon=True) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, started + DEADLINE + 30 - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "clients still running"
    elapsed = time.monotonic() - started

    samples = recorder.snapshot()
    logins = [s for s in samples if s.kind == "login"]
    posts = sorted(seconds for _, _, seconds in filter(None, posted))
    print(
        f"\n[load] {CLIENTS} people at once, {elapsed:.1f} s in all ({len(samples)} requests): "
        f"from logging in to recording {moments['record'] - moments['login']:.1f} s (login p50 "
        f"{percentile([s.elapsed for s in logins], 0.5):.1f} s, slowest "
        f"{max(s.elapsed for s in logins):.1f} s); recording posts p50 "
        f"{percentile(posts, 0.5) * 1000:.0f} ms, p95 {percentile(posts, 0.95) * 1000:.0f} ms, "
        f"slowest {posts[-1] * 1000:.0f} ms"
        if "record" in moments and posts
        else f"\n[load] {CLIENTS} people at once: did not get as far as recording"
    )
    server_errors = [s for s in samples if s.status >= 500 or s.error]
    assert not server_errors, server_errors[:5]
    assert not failures, failures[:5]
    assert [s.status for s in logins] == [302] * CLIENTS
    answers = [answer for answer in posted if answer is not None]
    assert len(answers) == CLIENTS
    assert {(status, location) for status, location, _ in answers} == {(302, OBJECTIVE_PATH)}

    saved = [u for u in app_server.report()["updates"] if u["objective"] == OBJECTIVE]
    assert len(saved) == CLIENTS
    assert sorted(u["narrative"] for u in saved) == sorted(narratives)
    assert {u["narrative"]: u["author"] for u in saved} == dict(
        zip(narratives, RACERS, strict=True)
    )
    assert all(u["versions"] == 1 and u["created_versions"] == 1 for u in saved), saved
    assert "Traceback" not in app_server.log_since(log_offset)
