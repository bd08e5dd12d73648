"""sso.services.organisation_sign_in: who a sign-in is, and the role it leaves them."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from core.roles import EDITOR, UPDATER, VIEWER
from sso.models import Identity
from sso.services import organisation_sign_in

ISSUER = "https://login.example.org"


def claims(sub: str = "a1b2", **extra: object) -> dict[str, object]:
    return {
        "sub": sub,
        "email": "una@example.org",
        "given_name": "Una",
        "family_name": "Example",
        "preferred_username": "una",
        "roles": ["Updater"],
        **extra,
    }


def role_names(user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def test_a_first_sign_in_makes_a_staff_account_with_the_role_and_no_password(db: None) -> None:
    user = organisation_sign_in(issuer=ISSUER, claims=claims())
    assert user is not None
    user.refresh_from_db()
    assert (user.username, user.get_full_name(), user.email) == (
        "una",
        "Una Example",
        "una@example.org",
    )
    assert (user.is_staff, user.is_superuser, user.has_usable_password()) == (True, False, False)
    assert role_names(user) == [UPDATER]
    identity = Identity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (ISSUER, "a1b2")


def test_a_later_sign_in_finds_them_by_sub_and_updates_name_email_and_role(db: None) -> None:
    first = organisation_sign_in(issuer=ISSUER, claims=claims())
    again = organisation_sign_in(
        issuer=ISSUER,
        claims=claims(email="una.new@example.org", family_name="Newname", roles=["Editor"]),
    )
    assert again == first
    assert User.objects.count() == 1
    again.refresh_from_db()
    assert (again.last_name, again.email, role_names(again)) == (
        "Newname",
        "una.new@example.org",
        [EDITOR],
    )


def test_an_existing_account_with_the_same_email_or_username_is_never_taken_over(
    db: None,
) -> None:
    admin = User.objects.create_superuser(username="una", email="una@example.org")
    user = organisation_sign_in(issuer=ISSUER, claims=claims())
    assert user is not None
    assert user.pk != admin.pk
    assert user.username.startswith("una-")
    assert not user.is_superuser
    admin.refresh_from_db()
    assert (admin.is_superuser, role_names(admin)) == (True, [])


def test_the_same_sub_at_another_issuer_is_another_person(db: None) -> None:
    one = organisation_sign_in(issuer=ISSUER, claims=claims())
    other = organisation_sign_in(issuer="https://other.example.org", claims=claims())
    assert one != other


def test_a_sign_in_without_a_role_is_refused_and_takes_away_the_role_they_had(
    db: None,
) -> None:
    user = organisation_sign_in(issuer=ISSUER, claims=claims())
    other_group = Group.objects.create(name="Newsletter")
    user.groups.add(other_group)
    assert organisation_sign_in(issuer=ISSUER, claims=claims(roles=["Someone else's"])) is None
    assert role_names(user) == ["Newsletter"]  # only our role groups are ours to change


def test_a_first_sign_in_without_a_role_makes_no_account(db: None) -> None:
    assert organisation_sign_in(issuer=ISSUER, claims=claims(roles=[])) is None
    assert not User.objects.exists()


def test_a_new_role_replaces_the_old_one(db: None) -> None:
    user = organisation_sign_in(issuer=ISSUER, claims=claims(roles=["Editor"]))
    organisation_sign_in(issuer=ISSUER, claims=claims(roles=["Viewer"]))
    assert role_names(user) == [VIEWER]
