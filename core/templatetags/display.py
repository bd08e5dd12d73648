"""How people, statuses and figures look wherever they appear."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.safestring import SafeString

from core import numbers, people, status

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
