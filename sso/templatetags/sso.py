from django import template

from sso.config import sso_enabled

register = template.Library()


@register.simple_tag
def single_sign_on_enabled() -> bool:
    """Whether the login page offers the organisation account (settings at this request)."""
    return sso_enabled()
