"""How a status looks wherever it appears: an NHS.UK tag, coloured and named in words."""

from django import template
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from objectives.models import ProgressUpdate

register = template.Library()

TAG_COLOURS = {
    ProgressUpdate.Status.COMPLETE: "blue",
    ProgressUpdate.Status.ON_TRACK: "green",
    ProgressUpdate.Status.AT_RISK: "yellow",
    ProgressUpdate.Status.OFF_TRACK: "red",
    ProgressUpdate.Status.NOT_STARTED: "grey",
}


@register.filter
def person(user: AbstractBaseUser | None) -> str:
    """A user as people know them: full name, else username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


@register.simple_tag
def status_tag(status: str | None) -> SafeString:
    if not status:
        return mark_safe('<strong class="nhsuk-tag nhsuk-tag--white">No update yet</strong>')
    return format_html(
        '<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>',
        TAG_COLOURS[ProgressUpdate.Status(status)],
        ProgressUpdate.Status(status).label,
    )
