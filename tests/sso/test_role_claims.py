"""A person's role from the provider's claims, as settings map the claim's values."""

from __future__ import annotations

import pytest
from django.conf import LazySettings
from django.core.checks import run_checks

from sso.claims import names_from_claims, role_from_claims


def test_it_takes_the_role_from_the_roles_claim() -> None:
    assert role_from_claims({"roles": ["Updater"]}) == "Updater"


def test_the_highest_of_several_roles_wins() -> None:
    assert role_from_claims({"roles": ["Editor", "Viewer", "Updater"]}) == "Editor"
    assert role_from_claims({"roles": ["Viewer", "Updater"]}) == "Updater"


def test_a_single_string_counts_as_one_value() -> None:
    assert role_from_claims({"roles": "Viewer"}) == "Viewer"


@pytest.mark.parametrize(
    "claims",
    [{}, {"roles": []}, {"roles": ["Administrator", "editor"]}, {"roles": 3}, {"role": "Editor"}],
)
def test_no_recognised_value_gives_no_role(claims: dict[str, object]) -> None:
    assert role_from_claims(claims) is None


def test_the_claim_and_its_values_come_from_settings(settings: LazySettings) -> None:
    settings.OIDC_ROLE_CLAIM = "realm_access.roles"
    settings.OIDC_ROLE_VALUES = {"mt-readers": "Viewer", "mt-editors": "Editor"}
    assert role_from_claims({"realm_access": {"roles": ["staff", "mt-editors"]}}) == "Editor"
    assert role_from_claims({"realm_access": {"roles": ["Editor"]}}) is None
    assert role_from_claims({"roles": ["mt-editors"]}) is None


def test_a_mapping_to_a_role_we_do_not_have_stops_the_app_starting(
    settings: LazySettings,
) -> None:
    settings.OIDC_ROLE_VALUES = {"admins": "Administrator"}
    errors = [message for message in run_checks() if message.id.startswith("sso.")]
    assert [(e.id, e.msg) for e in errors] == [
        (
            "sso.E002",
            "OIDC_ROLE_VALUES maps 'admins' to 'Administrator', which is not one of "
            "Viewer, Updater, Editor.",
        )
    ]


def test_names_come_from_given_and_family_name_else_the_whole_name() -> None:
    assert names_from_claims({"given_name": "Ada", "family_name": "Lovelace"}) == (
        "Ada",
        "Lovelace",
    )
    assert names_from_claims({"name": "Ada Lovelace"}) == ("Ada Lovelace", "")
    assert names_from_claims({}) == ("", "")
