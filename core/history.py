"""Changes as the history keeps them (django-simple-history): the reason asked for with
each change, what the version made by restoring an earlier one says, and a version's
values in the words the pages use."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Field
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import DeletedObject

from core.numbers import figure
from core.people import display_name

REASON_REQUIRED = "Give a reason for the change."
REASON_LENGTH = 1_000


def reason_field(max_length: int = REASON_LENGTH) -> forms.CharField:
    # The field strips white space, so a reason of only spaces is an empty one.
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=max_length,
        help_text="Why you are making this change. It is kept with the change in the history.",
        error_messages={"required": REASON_REQUIRED},
    )


def restored_note(version_made: datetime.datetime, reason: str) -> str:
    """The change reason of a version that brings back the one made at `version_made`."""
    when = date_format(timezone.localtime(version_made), "SHORT_DATETIME_FORMAT")
    return f"Restored the version of {when}: {reason}"


def restored_note_room(column_length: int) -> int:
    """How long a reason fits in a change reason column of this length after the note's
    start, at its longest: a day of two digits (every month is written in three letters)."""
    longest = restored_note(datetime.datetime(2000, 12, 20, 12, 0, tzinfo=datetime.UTC), "")
    return column_length - len(longest)


NO_REASON = "No reason given"
NOT_SET = "Not set"


def reason_shown(reason: str | None) -> str:
    """A version's change reason as a page shows it: versions made before reasons were
    asked for, or by a tool that gave none, have none."""
    return (reason or "").strip() or NO_REASON


def nothing_in(field: Field) -> str:
    """What an empty field of a version says: "No owner", "Nobody" for a "... by"."""
    if field.is_relation:
        name = str(field.verbose_name)
        return "Nobody" if name.endswith(" by") else f"No {name}"
    return NOT_SET


def value_shown(field: Field, value: Any) -> Any:
    """A field's value in a version as the pages write it: people by name, choices by
    their label, times in local time ("3 December 2026, 14:05"), dates and figures as
    everywhere else. simple-history gives an empty key as a DeletedObject whose key is
    None ("Deleted user (pk=None)") and a missing row as one with its key."""
    if isinstance(value, DeletedObject):
        if value.pk is None:
            return nothing_in(field)
        return f"A deleted {value.model._meta.verbose_name}"
    if value is None or value == "":
        return nothing_in(field)
    if isinstance(value, AbstractBaseUser):
        return display_name(value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(local, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):
        return figure(value)
    return value
