"""The breadcrumbs of a page: Home, then the pages above it."""

from __future__ import annotations

from django.urls import reverse


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    """(label, URL) pairs from Home down to the page's parent."""
    return [("Home", reverse("home")), *items]
