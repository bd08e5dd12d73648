"""No silent overwrite: an edit carries the version of the record it was read at (the id
of its newest django-simple-history row), and a save is refused when the record has a newer
version since, with a message that says who changed what. Nothing is lost: the saved
version stays as it was, and what the person typed stays in the form, now carrying the
newer version, so that saving again is a choice made knowing both."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime

from core.people import display_name

FIELD = "read_version"


def version_of(instance: models.Model) -> int | None:
    """The id of the record's newest version; None for a record without history."""
    history = getattr(instance, "history", None)
    if instance.pk is None or history is None:
        return None
    return (
        history.order_by("-history_date", "-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


def _changed_fields(
    instance: models.Model, read: Any, newest: Any, only: set[str] | None
) -> list[str]:
    names = []
    for field in instance._meta.concrete_fields:
        if field.primary_key or not hasattr(read, field.attname):
            continue
        if only is not None and field.name not in only:
            continue
        if getattr(read, field.attname) != getattr(newest, field.attname):
            names.append(str(field.verbose_name))
    return names


def changed_since_message(
    instance: models.Model, read_version: int | None, only: set[str] | None = None
) -> str | None:
    """What changed since `read_version`, in a sentence naming the fields changed (of
    `only`, the fields a form shows, when given); None if nothing did."""
    newest_id = version_of(instance)
    if newest_id is None or read_version == newest_id:
        return None
    history = instance.history  # type: ignore[attr-defined]
    newest = history.get(history_id=newest_id)
    read = history.filter(history_id=read_version).first()
    fields = _changed_fields(instance, read, newest, only) if read is not None else []
    what = f" ({', '.join(fields)})" if fields else ""
    who = display_name(newest.history_user) if newest.history_user else "Someone"
    when = date_format(localtime(newest.history_date), "DATETIME_FORMAT")
    return (
        f"{who} changed this on {when}, after you opened it{what}. Your changes are not "
        "saved: they are still below, and the saved version is as they left it. Check "
        "theirs, then save again to replace it with yours."
    )


def check_version(instance: models.Model, read_version: int | None) -> None:
    """Refuse a change to `instance` made from a version older than its newest."""
    message = changed_since_message(instance, read_version)
    if message:
        raise ValidationError(message, code="changed_since_read")


class VersionCheckedForm(forms.ModelForm):
    """A model form that carries the version it was read at and refuses a save over a
    newer one (check_version). Mixed into the pages' edit forms and every admin form."""

    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial[FIELD] = version_of(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is not None:
            message = changed_since_message(self.instance, cleaned.get(FIELD), set(self.fields))
            if message:
                # The form goes back with the newer version: saving it again is then a
                # choice made having seen both.
                self.data = self.data.copy()
                self.data[self.add_prefix(FIELD)] = version_of(self.instance)
                raise ValidationError(message, code="changed_since_read")
        return cleaned
