"""Admin addresses as a scanner or a mistyped link makes them, for every registered model:
an id that is no key, a search term with a NUL or tens of thousands of characters. Each
gets an ordinary answer (404, Django's redirect for a missing object, a page), never 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.contrib.auth.models import User
from django.db.models import Model
from django.test import Client

from core.history_admin import HistoryAdmin, SafeInputAdmin
from objectives.models import ProgressUpdate

pytestmark = pytest.mark.usefixtures("mandates")

ADMINS: list[ModelAdmin[Any]] = list(admin.site._registry.values())
HISTORY_ADMINS = [a for a in ADMINS if isinstance(a, HistoryAdmin)]
SEARCHED = [a for a in ADMINS if a.search_fields]
# Each autocomplete field of the site: the admin it is on, and the field.
AUTOCOMPLETES = [(a, name) for a in ADMINS for name in a.autocomplete_fields]
# Searches too long for SQLite: one word past its LIKE pattern limit; many words, each a
# clause per search field, past its limits on variables and expression depth.
LONG_TERMS = {"one long word": "x" * 50_000, "many words": "a " * 20_000}
NUL_TERM = "a\x00b"


def label(model_admin: ModelAdmin[Any]) -> str:
    return model_admin.model._meta.label


def base_url(model: type[Model]) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


@pytest.fixture
def as_superuser(client: Client, superuser: User, recorded: ProgressUpdate) -> Client:
    client.force_login(superuser)
    client.raise_request_exception = True  # an error fails the test with its traceback
    return client


def some_key(model: type[Model]) -> Any:
    first = model._default_manager.order_by("pk").first()
    return first.pk if first is not None else 1


@pytest.mark.parametrize("model_admin", ADMINS, ids=label)
def test_an_id_that_is_no_key_is_not_found(
    as_superuser: Client, model_admin: ModelAdmin[Any]
) -> None:
    base = base_url(model_admin.model)
    # Every admin here, the libraries' included (core.admin), answers 404: Django's own
    # would go back to the index with a message, or fail.
    for url in (f"{base}abc/change/", f"{base}abc/delete/", f"{base}abc/history/"):
        assert as_superuser.get(url).status_code == 404, url
    if isinstance(model_admin, HistoryAdmin):  # simple-history's version page
        assert as_superuser.get(f"{base}abc/history/1/").status_code == 404


@pytest.mark.parametrize("model_admin", HISTORY_ADMINS, ids=label)
def test_a_version_id_that_is_no_key_is_not_found(
    as_superuser: Client, model_admin: ModelAdmin[Any]
) -> None:
    base = base_url(model_admin.model)
    key = some_key(model_admin.model)
    for version in ("abc", "1.5", "99999999999999999999999"):
        url = f"{base}{key}/history/{version}/"
        assert as_superuser.get(url).status_code == 404, url
        assert as_superuser.post(url, {"reason": "x"}).status_code == 404, url


def long_term_cases() -> list[Any]:
    # Every admin that searches, the libraries' included (core.admin registers auth's and
    # axes' again with the same cut).
    return [
        pytest.param(a, term, id=f"{label(a)}-{name}")
        for a in SEARCHED
        for name, term in LONG_TERMS.items()
    ]


@pytest.mark.parametrize("model_admin", SEARCHED, ids=label)
def test_a_nul_in_a_search_is_no_error(as_superuser: Client, model_admin: ModelAdmin[Any]) -> None:
    # Django's own search form already refuses a NUL in the list's ?q= (it then lists
    # everything); the autocomplete, below, has no form and reaches the database with it.
    response = as_superuser.get(base_url(model_admin.model), {"q": NUL_TERM})
    assert response.status_code == 200


@pytest.mark.parametrize(("model_admin", "term"), long_term_cases())
def test_a_very_long_search_is_cut(
    as_superuser: Client, model_admin: ModelAdmin[Any], term: str
) -> None:
    response = as_superuser.get(base_url(model_admin.model), {"q": term})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("model_admin", "field"), AUTOCOMPLETES, ids=[f"{label(a)}.{f}" for a, f in AUTOCOMPLETES]
)
@pytest.mark.parametrize("term", [NUL_TERM, *LONG_TERMS.values()], ids=["nul", *LONG_TERMS])
def test_an_autocomplete_takes_any_term(
    as_superuser: Client, model_admin: ModelAdmin[Any], field: str, term: str
) -> None:
    response = as_superuser.get(
        "/admin/autocomplete/",
        {
            "app_label": model_admin.model._meta.app_label,
            "model_name": model_admin.model._meta.model_name,
            "field_name": field,
            "term": term,
        },
    )
    assert response.status_code == 200
    assert "results" in response.json()


def test_an_autocomplete_with_a_nul_finds_what_it_would_without(as_superuser: Client) -> None:
    model_admin, field = AUTOCOMPLETES[0]
    params = {
        "app_label": model_admin.model._meta.app_label,
        "model_name": model_admin.model._meta.model_name,
        "field_name": field,
    }
    found = as_superuser.get("/admin/autocomplete/", params | {"term": "nur\x00ses"}).json()
    assert found["results"]
    assert found == as_superuser.get("/admin/autocomplete/", params | {"term": "nurses"}).json()


def test_every_admin_has_the_safe_input_base() -> None:
    assert all(isinstance(a, SafeInputAdmin) for a in ADMINS), [
        label(a) for a in ADMINS if not isinstance(a, SafeInputAdmin)
    ]


def test_every_admin_with_history_is_on_the_base() -> None:
    # Every model admin of the apps here; auth's and axes' are the libraries' own.
    ours = [a for a in ADMINS if a.model._meta.app_label in {"mandates", "objectives"}]
    assert ours and all(isinstance(a, HistoryAdmin) for a in ours)
    assert AUTOCOMPLETES
