"""Changes as the history keeps them (django-simple-history): the reason asked for with
each change, and what the version made by restoring an earlier one says."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

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
