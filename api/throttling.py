"""DRF's rate limits, with the rates read from the settings when each request is counted.

DRF's own classes read REST_FRAMEWORK's DEFAULT_THROTTLE_RATES once, into a class
attribute, when rest_framework.throttling is first imported; a changed setting (a test's
`settings` fixture, which makes DRF reload its api_settings) would not reach them."""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings


class RatesFromSettings:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserRateThrottle(RatesFromSettings, throttling.UserRateThrottle):
    """Requests per signed-in person (API_RATE_USER)."""


class AnonRateThrottle(RatesFromSettings, throttling.AnonRateThrottle):
    """Requests per address from those not signed in (API_RATE_ANON). Every endpoint refuses
    them first (permissions are checked before rates), so this counts only what would be
    answered to them: nothing today, and whatever public endpoint comes later."""
