"""How people, statuses, figures and addresses look wherever they appear."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django import template
from django.contrib.auth.base_user import AbstractBaseUser
from django.template.defaultfilters import stringfilter
from django.utils.html import Urlizer
from django.utils.safestring import SafeString, mark_safe

from core import history, numbers, people, status
from core.precision import Precision, in_words

register = template.Library()


@register.filter
def person(user: AbstractBaseUser | None) -> str:
    return people.display_name(user)


@register.filter
def reason_shown(reason: str | None) -> str:
    """A version's change reason, or "No reason given"."""
    return history.reason_shown(reason)


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


class AddressLinker(Urlizer):
    """Django's urlize (its punctuation rules: "(https://...)," links only the address),
    for the addresses source notes hold: those with http:// or https://, and those
    without, written as a domain and a path ("lihnnhs.info/maptoolkit/?p=2407") or from
    www., which Django's links only under seven old top-level domains (.com, .org, ...;
    not .uk or .info). A domain alone ("gov.uk confirms...") is a name, not linked; nor
    is an e-mail address. The links are Django's own markup; the text around them wraps
    a long address on a narrow screen (the templates' app-wrap)."""

    simple_url_2_re = re.compile(
        r"^(?!https?:)(?:www\.|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}/)\S*$",
        re.IGNORECASE,
    )

    def is_email_simple(self, value: str) -> bool:
        return False

    def trim_punctuation(self, word: str) -> tuple[str, str, str]:
        lead, middle, _ = super().trim_punctuation(word)
        # Django 5.2's loses what follows a closing bracket it trims: "(https://x.org/)."
        # gives the trail ")" and drops the full stop. Only the ends are trimmed, so the
        # trail is what the word has after the lead and the address.
        return lead, middle, word[len(lead) + len(middle) :]

    def handle_word(self, word: str, **kwargs: object) -> str:
        linked = super().handle_word(word, **kwargs)  # type: ignore[arg-type]
        if self.simple_url_re.match(word.lstrip(self.wrapping_punctuation_openings)):
            return linked
        # An address written without a scheme: Django links it as http://; the sites
        # cited (gov.uk, nhs.uk, ...) all serve https.
        # Urlizer escaped the text; only its own link markup is changed.
        return mark_safe(linked.replace('href="http://', 'href="https://', 1))  # noqa: S308  # nosec B308 B703


_link = AddressLinker()


@register.filter(is_safe=True)
@stringfilter
def link_addresses(text: str) -> SafeString:
    """The text, escaped, with each web address in it a link (AddressLinker)."""
    # Escaped by Urlizer (autoescape=True): only its link markup is not escaped.
    return mark_safe(_link(text, nofollow=True, autoescape=True))  # noqa: S308  # nosec B308 B703
