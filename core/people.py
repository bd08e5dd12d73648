"""People as others know them."""

from __future__ import annotations

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser


def display_name(user: AbstractBaseUser | None) -> str:
    """A user's full name, else their username; empty for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of user, each named as every page names them."""

    def label_from_instance(self, obj: AbstractBaseUser) -> str:  # type: ignore[override]
        return display_name(obj)
