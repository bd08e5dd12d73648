"""How a status looks wherever it appears: an NHS.UK tag, coloured and named in words."""

from django import template
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
        status_colour, label = "white", "No update yet"
    else:
        status_colour = TAG_COLOURS[ProgressUpdate.Status(status)]
        label = ProgressUpdate.Status(status).label
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', status_colour, label)
