"""Bad input to the progress pages: record, edit, withdraw, restore. Whatever is posted,
the answer is never a 500: either the value is stored as sent (less surrounding white
space) and shown escaped on the objective's page, or it is refused with the NHS.UK error
summary and nothing is stored."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import Client
from hypothesis import event, example, given
from hypothesis import strategies as st

from objectives.models import Objective, ProgressUpdate
from summaries.renderers.data import defuse
from tests.fuzz.conftest import World
from tests.fuzz.support import (
    VALID_PROGRESS,
    assert_page_is_safe,
    assert_refused,
    fuzz_settings,
    norm,
    progress_fields,
    raw_values,
    rolled_back,
    texts,
)

pytestmark = pytest.mark.usefixtures("mandates")
RECORD = "/mandates/hee-2021-22/objectives/3/record/"
reasons = {"status_reason": texts, "after_close_reason": texts}


def post(client: Client, url: str, data: dict[str, str], as_form: bool) -> Any:
    """Posted as the browser would, urlencoded, or as multipart; following the redirect
    to the objective's page when the post is accepted."""
    if as_form:
        return client.post(
            url, urlencode(data), content_type="application/x-www-form-urlencoded", follow=True
        )
    return client.post(url, data, follow=True)


def fields_of(update: ProgressUpdate) -> tuple[Any, ...]:
    update.refresh_from_db()
    return (
        update.as_of,
        update.status,
        update.percent_complete,
        update.narrative,
        update.evidence_url,
        update.status_reason,
        update.withdrawn_at,
        update.edited_at,
    )


def assert_shown(response: Any, update: ProgressUpdate) -> None:
    """The objective's page, with the update's texts in it as text."""
    assert response.redirect_chain == [(update.objective.get_absolute_url(), 302)]
    soup = assert_page_is_safe(response)
    item = soup.select_one(f"#update-{update.pk}")
    assert item is not None
    assert norm(item.select_one(".app-narrative").get_text(" ")) == norm(update.narrative)
    shown = norm(item.get_text(" "))
    for text in (update.status_reason, update.after_close_reason, update.withdrawn_reason):
        assert norm(text) in shown


@given(
    role=st.sampled_from(["updater", "editor"]),
    data=st.fixed_dictionaries({**progress_fields, **reasons}),
    as_form=st.booleans(),
)
@fuzz_settings(60)
def test_recording_progress_stores_and_escapes_or_refuses(
    clients: dict[str, Client], world: World, role: str, data: dict[str, str], as_form: bool
) -> None:
    with rolled_back():
        before = set(ProgressUpdate.objects.values_list("pk", flat=True))
        response = post(clients[role], RECORD, data, as_form)
        added = ProgressUpdate.objects.exclude(pk__in=before)
        if not response.redirect_chain:
            errors = response.context["form"].errors if response.context else {}
            event(f"refused: {' '.join(sorted(errors))}")
            assert_refused(response)
            assert not added.exists()
            if "\x00" in data["narrative"]:
                assert "Null characters are not allowed." in response.content.decode()
            return
        event("stored")
        assert not any("\x00" in data[name] for name in progress_fields)  # PostgreSQL holds none
        update = added.get()
        assert update.author == getattr(world, role)
        assert update.narrative == data["narrative"].strip()
        assert update.status == data["status"]
        assert update.evidence_url.startswith(("http://", "https://", "ftp://")) or (
            update.evidence_url == ""
        )
        # Kept when the figures suggest a status (the field is shown), else not asked for.
        assert update.status_reason in ("", data.get("status_reason", "").strip())
        assert_shown(response, update)
        assert_exported(clients[role], world.objective, update)


def assert_exported(client: Client, objective: Objective, update: ProgressUpdate) -> None:
    """When the new update is the objective's latest, the theme's CSV carries its narrative
    defused (no formula), and the JSON carries it as typed."""
    latest = Objective.objects.get(pk=objective.pk)
    if latest.latest_update_id != update.pk:
        return
    base = f"/mandates/hee-2021-22/themes/{objective.theme.number}/summary"
    rows = csv.DictReader(io.StringIO(client.get(base + ".csv").content.decode(), newline=""))
    row = next(row for row in rows if row["Reference"] == objective.reference)
    assert row["Narrative"] == defuse(update.narrative)
    lines = json.loads(client.get(base + ".json").content)["themes"][0]["objectives"]
    line = next(line for line in lines if line["reference"] == objective.reference)
    assert line["narrative"] == update.narrative


@given(
    data=st.fixed_dictionaries(
        {**progress_fields, "reason": texts}, optional={"status_reason": texts}
    ),
    as_form=st.booleans(),
)
@example(  # PostgreSQL: a reason past 100 characters once overflowed the version's "why"
    data=VALID_PROGRESS | {"reason": "x" * 1_000},
    as_form=False,
)
@fuzz_settings(40)
def test_editing_an_update_stores_and_escapes_or_refuses(
    clients: dict[str, Client], world: World, data: dict[str, str], as_form: bool
) -> None:
    update = world.update
    with rolled_back():
        before, versions = fields_of(update), update.history.count()
        response = post(clients["editor"], f"/updates/{update.pk}/edit/", data, as_form)
        if not response.redirect_chain:
            event("refused")
            assert_refused(response)
            assert (fields_of(update), update.history.count()) == (before, versions)
            if "\x00" in data["narrative"] + data["reason"]:
                assert "Null characters are not allowed." in response.content.decode()
            return
        event("stored")
        assert not any("\x00" in value for value in data.values())
        fields_of(update)
        assert update.history.count() == versions + 1
        assert update.narrative == data["narrative"].strip()
        assert update.status == data["status"]
        latest = update.history.latest("history_date")
        assert latest.history_change_reason == f"Edited: {data['reason'].strip()}"
        assert_shown(response, update)


@given(reason=texts, as_form=st.booleans())
@example(reason="x" * 1_000, as_form=False)
@fuzz_settings(25)
def test_withdrawing_an_update_stores_the_reason_or_refuses(
    clients: dict[str, Client], world: World, reason: str, as_form: bool
) -> None:
    update = world.update
    with rolled_back():
        versions = update.history.count()
        url = f"/updates/{update.pk}/withdraw/"
        response = post(clients["editor"], url, {"reason": reason}, as_form)
        if not response.redirect_chain:
            event("refused")
            assert_refused(response)
            update.refresh_from_db()
            assert not update.is_withdrawn
            assert update.history.count() == versions
            return
        event("stored")
        update.refresh_from_db()
        assert update.is_withdrawn
        assert update.withdrawn_reason == reason.strip()
        assert_shown(response, update)


@given(
    history_id=st.one_of(st.just("first"), st.integers(0, 12), st.integers(0, 2**70)),
    reason=texts,
    as_form=st.booleans(),
)
@example(history_id="first", reason="x" * 1_000, as_form=False)
@fuzz_settings(25)
def test_restoring_a_version_stores_the_reason_or_refuses(
    clients: dict[str, Client], world: World, history_id: int | str, as_form: bool, reason: str
) -> None:
    update = world.update
    version_id = world.first_version_id if history_id == "first" else history_id
    with rolled_back():
        before, versions = fields_of(update), update.history.count()
        version = update.history.filter(history_id=version_id).first()
        url = f"/updates/{update.pk}/versions/{version_id}/restore/"
        response = post(clients["editor"], url, {"reason": reason}, as_form)
        if version is None:
            assert response.status_code == 404
        if not response.redirect_chain:
            event("refused" if version else "no such version")
            if version is not None:
                assert_refused(response)
            assert (fields_of(update), update.history.count()) == (before, versions)
            return
        event("stored")
        fields_of(update)
        assert (update.percent_complete, update.narrative) == (
            version.percent_complete,
            version.narrative,
        )
        assert update.history.count() == versions + 1
        assert update.history.latest("history_date").history_change_reason.endswith(
            f": {reason.strip()}"
        )
        assert_shown(response, update)


@given(
    url=st.sampled_from(
        [
            RECORD,
            "/updates/{pk}/edit/",
            "/updates/{pk}/withdraw/",
            "/updates/{pk}/versions/{version}/restore/",
        ]
    ),
    body=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "as_of",
                    "status",
                    "percent_complete",
                    "narrative",
                    "evidence_url",
                    "reason",
                    "status_reason",
                    "after_close_reason",
                ]
            ),
            raw_values,
        ),
        max_size=8,
    ).map(lambda pairs: "&".join(f"{key}={value}" for key, value in pairs)),
)
@fuzz_settings(40)
def test_raw_bodies_with_broken_encodings_are_refused_or_stored(
    clients: dict[str, Client], world: World, url: str, body: str
) -> None:
    """Percent-encoded bytes that are not UTF-8 (a lone surrogate's among them) and raw
    bytes, as a browser or a script could send them."""
    url = url.format(pk=world.update.pk, version=world.first_version_id)
    with rolled_back():
        count = ProgressUpdate.history.count()
        response = clients["editor"].post(
            url,
            body.encode("iso-8859-1"),
            content_type="application/x-www-form-urlencoded",
            follow=True,
        )
        event(f"{'stored' if response.redirect_chain else 'refused'} at {url.split('/')[-2]}")
        if response.redirect_chain:
            assert_page_is_safe(response)
            assert ProgressUpdate.history.count() == count + 1
        elif not QueryDict(body):
            # No field at all (`request.POST or None`): the empty form again, nothing kept.
            assert response.status_code == 200
            assert ProgressUpdate.history.count() == count
        else:
            assert_refused(response)
            assert ProgressUpdate.history.count() == count


def test_a_body_too_large_to_read_is_refused_and_nothing_stored(
    clients: dict[str, Client], world: World
) -> None:
    count = ProgressUpdate.history.count()
    data = {
        "as_of": "2021-10-01",
        "status": "on_track",
        "percent_complete": "20",
        "narrative": "x" * 3_000_000,
    }
    response = clients["editor"].post(RECORD, data)
    assert response.status_code == 400
    assert ProgressUpdate.history.count() == count
