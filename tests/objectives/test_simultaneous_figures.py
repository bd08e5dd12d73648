"""Twenty people record a figure for the same target and day at the same moment: one is
saved, every other gets the form's error, and none a server error. On PostgreSQL they
race, and the unique constraint, not the form's check, decides the late ones (before the
service caught it, 8 of 60 such posts answered 500). SQLite's test database, shared in
memory, takes one writer at a time and refuses the others outright ("table is locked"), so
there the twenty post one after another, and the form's check refuses the nineteen."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from objectives.models import Measurement, Target

POSTERS = 20


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("mandates")
def test_twenty_figures_for_one_day_at_once_save_one_and_refuse_the_rest(updater: User) -> None:
    target = Target.objects.get(code="nurses-2024")
    url = f"/targets/{target.pk}/measurements/record/"
    barrier = threading.Barrier(POSTERS if connection.vendor == "postgresql" else 1, timeout=60)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def post(n: int) -> None:
        try:
            client = Client(raise_request_exception=False)  # a 500 is an answer too
            client.force_login(updater)
            barrier.wait()
            response = client.post(
                url, {"measured_on": "2022-06-30", "value": str(1000 + n), "note": f"Poster {n}"}
            )
            with lock:
                answers.append((response.status_code, response.content.decode()))
        finally:
            if threading.current_thread() is not threading.main_thread():
                connection.close()  # the thread's own connection

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=post, args=(n,)) for n in range(POSTERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    else:
        for n in range(POSTERS):
            post(n)

    assert len(answers) == POSTERS
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * (POSTERS - 1) + [302]
    refused = [body for status, body in answers if status == 200]
    assert all("is already recorded for this target" in body for body in refused)
    assert Measurement.objects.filter(target=target, measured_on="2022-06-30").count() == 1
