"""Bad query strings and path segments on the reading pages and the summary downloads:
never a 500. A filter it cannot use is said in the NHS.UK error summary; a summary asked
for with a bad date is refused with it (400); a page, sort or format that does not exist
is ignored or not found."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import quote, quote_from_bytes

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import event, example, given
from hypothesis import strategies as st

from mandates.models import Theme
from objectives.models import ProgressUpdate
from tests.fuzz.conftest import World
from tests.fuzz.support import (
    assert_page_is_safe,
    dates,
    fuzz_settings,
    good_dates,
    moments,
    mostly,
    raw_query_strings,
    texts,
    whole_numbers,
)

pytestmark = [
    pytest.mark.usefixtures("mandates"),
    # A sort by a name with a dot in it: django-tables2 ignores it, with this warning.
    pytest.mark.filterwarnings("ignore:Use '__' to separate path components:DeprecationWarning"),
]
MANDATES = ["hee-2017-18", "hee-2021-22"]
COLUMNS = [
    "reference",
    "title",
    "theme",
    "latest_status",
    "latest_percent",
    "latest_as_of",
    "owner",
]
FORMATS = ["html", "csv", "json", "xlsx"]

sorts = st.one_of(
    st.lists(
        st.tuples(st.sampled_from(["", "-"]), st.sampled_from([*COLUMNS, "pk", "owner__password"])),
        min_size=1,
        max_size=3,
    ).map(lambda parts: ",".join(sign + name for sign, name in parts)),
    texts,
)
pages = st.one_of(
    whole_numbers, st.sampled_from(["0", "-1", "2", "last", "99999999999999999999", "1e3"])
)
table_query = {"sort": sorts, "page": pages, "per_page": pages}
list_query = {
    **table_query,
    "q": texts,
    "mandate": mostly(st.sampled_from(MANDATES), texts),
    "theme": mostly(st.just("@theme"), texts | st.integers().map(str)),
    "status": mostly(st.sampled_from([*ProgressUpdate.Status.values, "no_update"]), texts),
    "owner": mostly(st.just("@owner"), texts | st.integers().map(str)),
    "overdue": st.sampled_from(["true", "false", "unknown", "", "1", "yes", "\x00"]) | texts,
}


def resolved(query: dict[str, str], world: World) -> dict[str, str]:
    """Put real keys where the strategy asked for one."""
    keys = {"@theme": str(world.objective.theme_id), "@owner": str(world.editor.pk)}
    return {name: keys.get(value, value) for name, value in query.items()}


def assert_answered(response: Any) -> None:
    """A page, a redirect, a refusal or not found; never an error."""
    event(str(response.status_code))
    assert response.status_code in (200, 301, 302, 400, 404), response.status_code
    if response.status_code in (200, 400) and response["Content-Type"].startswith("text/html"):
        assert_page_is_safe(response)


@pytest.fixture
def owned(world: World) -> World:
    """An owner, so that the owner filter has someone to choose."""
    world.objective.owner = world.editor
    world.objective.save()
    return world


@given(query=st.fixed_dictionaries({}, optional=list_query))
@fuzz_settings(70)
def test_the_objectives_list_filters_or_says_which_filter_it_cannot_use(
    clients: dict[str, Client], owned: World, query: dict[str, str]
) -> None:
    cache.clear()  # made, not kept (objectives.page_cache): its form is read from the context
    response = clients["viewer"].get("/objectives/", resolved(query, owned))
    assert response.status_code == 200
    soup = assert_page_is_safe(response)
    errors = response.context["filter"].form.errors
    event("refused" if errors else "filtered")
    summary = soup.select_one(".nhsuk-error-summary")
    assert (summary is not None) == bool(errors)
    if errors:
        assert "There is a problem" in summary.text
    if "\x00" in query.get("q", ""):
        assert "Null characters are not allowed." in summary.text


@given(
    path=st.sampled_from(
        ["/objectives/", "/mandates/hee-2021-22/", "/mandates/hee-2017-18/themes/1/"]
    ),
    query=st.fixed_dictionaries({}, optional=table_query),
)
@example(path="/objectives/", query={"per_page": "-1"})
@example(path="/mandates/hee-2021-22/", query={"per_page": "-5", "page": "2"})
@fuzz_settings(40)
def test_the_tables_sort_and_page_by_anything_without_an_error(
    clients: dict[str, Client], world: World, path: str, query: dict[str, str]
) -> None:
    cache.clear()  # made, not kept (objectives.page_cache): its table is read from the context
    response = clients["viewer"].get(path, query)
    assert response.status_code == 200
    assert_page_is_safe(response)
    table = response.context["table"]
    assert 1 <= table.page.number <= table.paginator.num_pages


summary_paths = st.one_of(
    st.sampled_from(MANDATES).map(lambda slug: f"/mandates/{slug}/summary"),
    st.tuples(st.sampled_from(MANDATES), st.integers(1, 6)).map(
        lambda pair: f"/mandates/{pair[0]}/themes/{pair[1]}/summary"
    ),
)


@given(
    path=summary_paths,
    fmt=mostly(st.sampled_from(FORMATS), texts | st.just("pdf ")),
    query=st.fixed_dictionaries(
        {},
        optional={
            "as_at": mostly(good_dates, dates),
            "recorded_by": mostly(st.just("2025-01-01 12:00"), moments),
        },
    ),
)
@fuzz_settings(60)
def test_the_summaries_answer_each_format_or_refuse_the_dates(
    clients: dict[str, Client], world: World, path: str, fmt: str, query: dict[str, str]
) -> None:
    response = clients["viewer"].get(f"{path}.{quote(fmt, safe='')}", query)
    assert_answered(response)
    if fmt not in FORMATS:
        assert response.status_code == 404
        return
    if response.status_code == 404:  # a theme number the mandate does not have
        assert "/themes/" in path
        assert not Theme.objects.filter(
            mandate__slug=path.split("/")[2], number=int(path.split("/")[4])
        ).exists()
        return
    if response.status_code == 400:
        assert "There is a problem" in response.content.decode()
        return
    assert response.status_code == 200
    body = response.content
    if fmt == "csv":
        assert next(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))[0] == "Mandate"
    elif fmt == "json":
        assert json.loads(body)["as_at"]
    elif fmt == "xlsx":
        assert body.startswith(b"PK")


PDF_CASES = [
    ("", 200),
    ("as_at=2021-06-30&recorded_by=2022-01-01%2012:00", 200),
    ("as_at=%00", 400),
    ("as_at=9999-12-31", 400),
    ("recorded_by=%ED%A0%80", 400),
    ("as_at=<script>alert(1)</script>", 400),
]


def test_the_pdf_summary_is_made_or_refused_without_an_error(
    clients: dict[str, Client], world: World
) -> None:
    """Out of the fuzzing loop, with a few cases: each PDF takes most of a second."""
    for query, status in PDF_CASES:
        response = clients["viewer"].get(
            "/mandates/hee-2021-22/themes/1/summary.pdf", QUERY_STRING=query
        )
        assert response.status_code == status, query
        if status == 200:
            assert response.content.startswith(b"%PDF")
        else:
            assert "There is a problem" in assert_page_is_safe(response).text


slugs = st.one_of(
    st.sampled_from(MANDATES),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", max_size=40),
    texts.map(lambda text: quote(text, safe="")),
)


@given(earlier=slugs, later=slugs)
@fuzz_settings(30)
def test_comparing_any_two_slugs_shows_redirects_or_is_not_found(
    clients: dict[str, Client], world: World, earlier: str, later: str
) -> None:
    response = clients["viewer"].get(f"/compare/{earlier}/{later}/")
    assert_answered(response)
    if response.status_code == 200:
        assert {earlier, later} == set(MANDATES)


PAGES = {
    "/objectives/": [
        "q",
        "mandate",
        "theme",
        "status",
        "owner",
        "overdue",
        "sort",
        "page",
        "per_page",
    ],
    "/mandates/hee-2021-22/": ["sort", "page", "per_page"],
    "/mandates/hee-2021-22/themes/1/": ["sort", "page", "per_page"],
    "/mandates/hee-2021-22/objectives/3/": ["sort", "page"],
    "/mandates/hee-2021-22/periods/": ["page"],
    "/needs-update/": ["page", "owner"],
    "/compare/hee-2017-18/hee-2021-22/": ["sort"],
    "/": ["next"],
    **{
        f"/mandates/hee-2021-22/summary.{fmt}": ["as_at", "recorded_by"]
        for fmt in ("html", "csv", "json", "xlsx")
    },
    "/mandates/hee-2021-22/themes/1/summary.csv": ["as_at", "recorded_by"],
}


@given(
    path=st.sampled_from(sorted(PAGES)),
    query=raw_query_strings(sorted({key for keys in PAGES.values() for key in keys})),
)
@fuzz_settings(80)
def test_raw_query_strings_with_broken_encodings_get_an_answer_not_an_error(
    clients: dict[str, Client], world: World, path: str, query: str
) -> None:
    """Percent-encoded bytes that are not UTF-8 (a lone surrogate's, half an emoji's),
    broken escapes and raw bytes, as a script or an old proxy could send them."""
    response = clients["viewer"].get(path, QUERY_STRING=query)
    assert_answered(response)
    if response.status_code == 400:
        assert "There is a problem" in response.content.decode()


segments = st.one_of(
    st.binary(max_size=12).map(quote_from_bytes),
    st.sampled_from(
        [
            "%00",
            "3%00",
            "%ED%A0%80",
            "%F0%9F",
            "%C0%AF",
            "..",
            "%2e%2e",
            "3%2F..",
            "%E2%80%AE3",
            "1.1",
            "3 ",
            "%20",
            "<script>",
            "%3Cscript%3E",
            "a" * 300,
        ]
    ),
    texts.map(lambda text: quote(text, safe="")),
)


@given(
    template=st.sampled_from(
        [
            "/mandates/hee-2021-22/objectives/{}/",
            "/mandates/hee-2021-22/objectives/{}/record/",
            "/mandates/hee-2021-22/summary.{}",
            "/mandates/{}/",
            "/mandates/{}/themes/1/",
            "/mandates/{}/periods/",
            "/compare/hee-2017-18/{}/",
        ]
    ),
    segment=segments,
    role=st.sampled_from(["viewer", "updater"]),
)
@example(template="/mandates/hee-2021-22/objectives/{}/", segment="%00", role="viewer")
@example(template="/mandates/hee-2021-22/objectives/{}/record/", segment="3%00", role="updater")
@fuzz_settings(60)
def test_broken_path_segments_are_not_found_rather_than_an_error(
    clients: dict[str, Client], world: World, template: str, segment: str, role: str
) -> None:
    """A NUL among them: PostgreSQL cannot compare text with one."""
    response = clients[role].get(template.format(segment))
    assert_answered(response)
