"""Bad input to the admin's progress update forms (add, and change with a reason) and to
the query strings of the admin's lists: never a 500. A change is stored as sent and shown
escaped on the objective's page, or refused with the admin's error note and nothing
stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import event, example, given
from hypothesis import strategies as st

from objectives.models import ProgressUpdate
from tests.fuzz.conftest import World
from tests.fuzz.support import (
    VALID_PROGRESS,
    assert_page_is_safe,
    fuzz_settings,
    mostly,
    norm,
    progress_fields,
    raw_query_strings,
    rolled_back,
    texts,
)

pytestmark = pytest.mark.usefixtures("mandates")
ADD = "/admin/objectives/progressupdate/add/"
fields = {**progress_fields, "status_reason": texts}
ADD_EXAMPLE = {
    "objective": "nurses",
    **VALID_PROGRESS,
    "status_reason": "",
    "after_close_reason": "",
}


def assert_admin_refused(response: Any) -> None:
    assert response.status_code == 200, response.status_code
    soup = assert_page_is_safe(response)
    assert soup.select_one(".errornote") is not None, "refused without the admin's error note"


def assert_shown(client: Client, update: ProgressUpdate) -> None:
    response = client.get(update.objective.get_absolute_url())
    item = assert_page_is_safe(response).select_one(f"#update-{update.pk}")
    assert norm(item.select_one(".app-narrative").get_text(" ")) == norm(update.narrative)


@given(
    data=st.fixed_dictionaries(
        {
            **fields,
            "objective": mostly(st.just("nurses"), texts | st.integers().map(str)),
            "after_close_reason": texts,
        }
    )
)
@example(data=ADD_EXAMPLE | {"status": "complete", "percent_complete": "90"})  # "100% c"
@example(data=ADD_EXAMPLE | {"objective": "abc"})  # the autocomplete shown again
@example(data=ADD_EXAMPLE | {"objective": "99999999999999999999"})
@fuzz_settings(40)
def test_adding_an_update_in_the_admin_stores_and_escapes_or_refuses(
    clients: dict[str, Client], world: World, data: dict[str, str]
) -> None:
    if data["objective"] == "nurses":
        data["objective"] = str(world.objective.pk)
    with rolled_back():
        before = set(ProgressUpdate.objects.values_list("pk", flat=True))
        response = clients["editor"].post(ADD, data | {"_save": "Save"})
        added = ProgressUpdate.objects.exclude(pk__in=before)
        if response.status_code != 302:
            event("refused")
            assert_admin_refused(response)
            assert not added.exists()
            return
        event("stored")
        update = added.get()
        assert (update.author, update.objective) == (world.editor, world.objective)
        assert update.narrative == data["narrative"].strip()
        assert update.status_reason == data["status_reason"].strip()
        assert_shown(clients["editor"], update)


@given(
    data=st.fixed_dictionaries(
        {**fields, "reason": texts}, optional={"withdrawn": st.sampled_from(["on", "", "x"])}
    )
)
@example(data=ADD_EXAMPLE | {"status": "complete", "percent_complete": "90", "reason": "r"})
@example(data=ADD_EXAMPLE | {"reason": "x" * 1_000, "withdrawn": "on"})
@fuzz_settings(40)
def test_changing_an_update_in_the_admin_stores_and_escapes_or_refuses(
    clients: dict[str, Client], world: World, data: dict[str, str]
) -> None:
    update = world.update
    url = f"/admin/objectives/progressupdate/{update.pk}/change/"
    with rolled_back():
        versions = update.history.count()
        response = clients["editor"].post(url, data | {"_save": "Save"})
        if response.status_code != 302:
            event("refused")
            assert_admin_refused(response)
            assert update.history.count() == versions
            return
        update.refresh_from_db()
        event("stored" if update.history.count() > versions else "nothing changed")
        assert update.narrative == data["narrative"].strip()
        assert update.is_withdrawn == bool(data.get("withdrawn"))
        if update.is_withdrawn:
            assert update.withdrawn_reason == data["reason"].strip()
        assert_shown(clients["editor"], update)


LISTS = {
    "/admin/objectives/progressupdate/": [
        "q",
        "o",
        "p",
        "e",
        "status__exact",
        "objective__mandate__id__exact",
        "objective__theme__id__exact",
        "withdrawn",
        "as_of__year",
        "as_of__month",
        "as_of__day",
        "all",
        "_to_field",
        "_popup",
        "status",
        "narrative__contains",
        "objective__mandate__id__in",
        "objective__id__exact",
    ],
    "/admin/objectives/objective/": [
        "q",
        "o",
        "p",
        "mandate__id__exact",
        "theme__id__exact",
        "latest_status",
        "provenance__exact",
        "reference",
    ],
    "/admin/objectives/measurement/": [
        "q",
        "o",
        "p",
        "target__objective__mandate__id__exact",
        "measured_on__year",
        "measured_on__month",
        "measured_on__day",
        "note",
    ],
    "/admin/mandates/reportingperiod/": ["mandate__id__exact", "o", "p"],
    "/admin/objectives/objectivelink/": ["inferred__exact", "q", "note"],
    "/admin/mandates/mandate/": ["q", "slug", "o"],
    "/admin/mandates/theme/": ["q", "mandate__id__exact", "title"],
}
_params = st.sampled_from(sorted({key for keys in LISTS.values() for key in keys}))
_values = st.one_of(
    texts,
    st.integers().map(str),
    st.sampled_from(["9999", "10000", "0", "-1", "99999999999999999999", "2021", "13", "32"]),
)


@given(
    path=st.sampled_from(sorted(LISTS)),
    query=st.dictionaries(_params, _values, max_size=4),
    raw=st.none() | raw_query_strings(sorted({key for keys in LISTS.values() for key in keys})),
)
@example(path="/admin/objectives/progressupdate/", query={"as_of__year": "9999"}, raw=None)
@example(path="/admin/objectives/measurement/", query={"measured_on__year": "10" * 10}, raw=None)
@example(path="/admin/objectives/progressupdate/", query={"status__exact": "\x00"}, raw=None)
@example(
    path="/admin/objectives/progressupdate/",
    query={"objective__mandate__id__in": "99999999999999999999"},
    raw=None,
)
@fuzz_settings(60)
def test_the_admin_lists_refuse_bad_query_strings_without_an_error(
    clients: dict[str, Client], path: str, query: dict[str, str], raw: str | None
) -> None:
    if raw is None:
        response = clients["editor"].get(path, query)
    else:
        response = clients["editor"].get(path, QUERY_STRING=raw)
    event(str(response.status_code))
    # 400: a lookup the admin does not allow (DisallowedModelAdminLookup), said as such.
    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:  # Django's admin: "?e=1", for lookups it cannot use
        assert response.url.endswith("?e=1")
    else:
        assert_page_is_safe(response)
