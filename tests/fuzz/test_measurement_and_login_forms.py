"""Bad input to the figure form and the login form: never a 500; a figure is stored as
sent and shown escaped, or refused with the error summary; a login succeeds only with the
right password, and otherwise says why."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from hypothesis import event, example, given
from hypothesis import strategies as st

from objectives.models import Measurement
from tests.fuzz.conftest import World
from tests.fuzz.support import (
    assert_page_is_safe,
    assert_refused,
    dates,
    figures,
    fuzz_settings,
    good_dates,
    mostly,
    norm,
    raw_values,
    rolled_back,
    texts,
)

pytestmark = pytest.mark.usefixtures("mandates")

figure_form = {
    "measured_on": mostly(good_dates, dates),
    "value": mostly(st.decimals(0, 10**14, places=2).map(str), figures),
    "note": texts,
}


@given(role=st.sampled_from(["updater", "editor"]), data=st.fixed_dictionaries(figure_form))
@fuzz_settings(50)
def test_recording_a_figure_stores_and_escapes_or_refuses(
    clients: dict[str, Client], world: World, role: str, data: dict[str, str]
) -> None:
    url = f"/targets/{world.target.pk}/measurements/record/"
    with rolled_back():
        before = set(Measurement.objects.values_list("pk", flat=True))
        response = clients[role].post(url, data, follow=True)
        added = Measurement.objects.exclude(pk__in=before)
        if not response.redirect_chain:
            event("refused")
            assert_refused(response)
            assert not added.exists()
            if "\x00" in data["note"]:
                assert "Null characters are not allowed." in response.content.decode()
            return
        event("stored")
        assert not any("\x00" in value for value in data.values())  # PostgreSQL holds none
        figure = added.get()
        sent = Decimal(data["value"].strip())
        if connection.vendor != "sqlite" or len(sent.normalize().as_tuple().digits) <= 15:
            assert figure.value == sent
        else:  # SQLite keeps a decimal as a float: the 16th significant digit may not survive
            assert abs(figure.value - sent) <= abs(sent) * Decimal("1e-15")
        assert figure.note == data["note"].strip()
        assert response.redirect_chain == [(world.objective.get_absolute_url(), 302)]
        section = assert_page_is_safe(response).select_one(f"#target-{world.target.pk}")
        assert norm(figure.note) in norm(section.get_text(" "))


@given(
    body=st.lists(
        st.tuples(st.sampled_from(["measured_on", "value", "note"]), raw_values), max_size=5
    ).map(lambda pairs: "&".join(f"{key}={value}" for key, value in pairs))
)
@fuzz_settings(20)
def test_a_figure_posted_with_broken_encodings_is_refused_or_stored(
    clients: dict[str, Client], world: World, body: str
) -> None:
    url = f"/targets/{world.target.pk}/measurements/record/"
    with rolled_back():
        count = Measurement.objects.count()
        response = clients["updater"].post(
            url, body.encode("iso-8859-1"), content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code in (200, 302, 400)
        if response.status_code == 302:
            assert Measurement.objects.count() == count + 1
        else:
            assert_page_is_safe(response)
            assert Measurement.objects.count() == count


PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"


@pytest.fixture
def member(world: World) -> User:
    user = world.updater
    user.set_password(PASSWORD)
    user.save()
    return user


@given(
    username=mostly(st.just("uma-updater"), texts),
    password=st.one_of(st.just(PASSWORD), texts),
    next_url=st.one_of(
        st.none(),
        st.sampled_from(
            [
                "/objectives/",
                "https://evil.example/",
                "//evil.example/",
                "javascript:alert(1)",
                "/\\evil.example",
                '"><script>alert(1)</script>',
                "/objectives/?q=%00",
            ]
        ),
        texts,
    ),
    next_in_query=st.booleans(),
    as_form=st.booleans(),
)
@example(username="x" * 300, password=PASSWORD, next_url=None, next_in_query=False, as_form=False)
@fuzz_settings(50)
def test_logging_in_succeeds_only_with_the_password_and_otherwise_says_why(
    member: User,
    username: str,
    password: str,
    next_url: str | None,
    next_in_query: bool,
    as_form: bool,
) -> None:
    client = Client()
    data = {"username": username, "password": password}
    url = LOGIN
    if next_url is not None and next_in_query:
        url += "?" + urlencode({"next": next_url})
    elif next_url is not None:
        data["next"] = next_url
    with rolled_back():
        if as_form:
            response = client.post(
                url, urlencode(data), content_type="application/x-www-form-urlencoded"
            )
        else:
            response = client.post(url, data)
        if response.status_code == 302:
            event("logged in")
            assert (username.strip(), password) == ("uma-updater", PASSWORD)
            assert client.session["_auth_user_id"] == str(member.pk)
            # Only ever to a page of this site, read as a browser reads a Location (tabs
            # and newlines dropped, a backslash taken for a slash).
            seen = re.sub(r"[\t\n\r]", "", response.url).replace("\\", "/")
            assert not urlsplit(seen).scheme and not urlsplit(seen).netloc, response.url
        else:
            event("refused")
            assert "_auth_user_id" not in client.session
            assert_refused(response)


@given(query=st.lists(st.tuples(st.sampled_from(["next", "username"]), raw_values), max_size=3))
@fuzz_settings(15)
def test_the_login_page_shows_any_next_escaped(world: World, query: list[tuple[str, str]]) -> None:
    response = Client().get(LOGIN, QUERY_STRING="&".join(f"{k}={v}" for k, v in query))
    assert response.status_code == 200
    assert_page_is_safe(response)


@pytest.mark.parametrize("url", [LOGIN, "/admin/login/"])
def test_a_username_too_long_for_the_lockout_record_is_refused_not_an_error(
    member: User, url: str
) -> None:
    """django-axes records each failed login's username in 255 characters; PostgreSQL
    refuses a longer one. It is recorded cut to that, and the login refused as any other."""
    client = Client()
    response = client.post(url, {"username": "x" * 300, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().username == "x" * 255
