"""How people, statuses and figures look wherever they appear."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.safestring import SafeString

from core import numbers, people, status
from core.precision import Precision, in_words

register = template.Library()


@register.filter
def person(user: AbstractBaseUser | None) -> str:
    return people.display_name(user)


@register.filter
def figure(value: Decimal | None) -> str:
    return "" if value is None else numbers.figure(value)


@register.simple_tag
def status_tag(value: str | None) -> SafeString:
    return status.status_tag(value)


@register.simple_tag
def held_date(day: datetime.date | None, precision: str | None) -> str:
    """A date to the precision it is held to (core.precision): "September 2019", "2020"."""
    if day is None:
        return ""
    return in_words(day, precision or Precision.DAY)
