"""How long a text may be, one definition for the models (their validators, so full_clean
refuses a longer one: the loader, the services) and for the forms made from them.

Each is far above any real text of its kind (the mandates' longest source note is under
600 characters, their longest objective under 400), and bounds what one request can ask
the database to keep and every page to show."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

# The reasons given with a change are asked for by core.history's reason field: a reason
# kept on the update (a withdrawal's, a closed quarter's, a status's) is held to the same.
from core.history import REASON_LENGTH

# The dates the app holds: any mandate year we could plausibly hold, and a baseline before
# it. A date outside is a typing slip (2201 for 2021), and the quarter arithmetic of a
# period reaching 9999 would overflow.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)

# A narrative, an objective's full text, a mandate's summary, a theme's description.
LONG_TEXT_LENGTH = 10_000
# Where a record's wording or facts come from; a mandate's note on its objectives; a note
# on a link between objectives.
SOURCE_NOTE_LENGTH = 5_000
# A document's own title in full.
FULL_TITLE_LENGTH = 1_000
# A change reason in the history: the reason after the note's start ("Edited: ",
# "Restored the version of 1 Dec 2021, 12:00: ").
CHANGE_REASON_LENGTH = 2 * REASON_LENGTH

__all__ = [
    "CHANGE_REASON_LENGTH",
    "EARLIEST_DATE",
    "FULL_TITLE_LENGTH",
    "LATEST_DATE",
    "LONG_TEXT_LENGTH",
    "REASON_LENGTH",
    "SOURCE_NOTE_LENGTH",
    "BoundedTextField",
]


class BoundedTextField(models.TextField):
    """A TextField whose max_length full_clean keeps too, as a CharField's: a TextField
    passes max_length only to its form field, so the loader and the services, which call
    full_clean, would store a longer text. No column changes: the database type is text."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
