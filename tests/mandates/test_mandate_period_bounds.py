"""A mandate's period within the dates the app holds (core.limits): one reaching 9999, or
from year 1, is a field error in the admin, not an error page from the quarter arithmetic
that would follow (the loader refuses it too: test_loader_schema)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from mandates.models import Mandate, ReportingPeriod


def add_form(period_start: str, period_end: str) -> dict[str, str]:
    return {
        "slug": "hee-2099-00",
        "title": "A mandate",
        "full_title": "",
        "issuer": "Department of Health and Social Care",
        "period_start": period_start,
        "period_end": period_end,
        "source_url": "https://www.gov.uk/",
        "licence": "Open Government Licence v3.0",
        "summary": "",
        "source_note": "",
        "objectives_note": "",
        "themes-TOTAL_FORMS": "0",
        "themes-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2021-04-01", "9999-12-31", "period_end"),
        ("0001-01-01", "2022-03-31", "period_start"),
    ],
)
def test_the_admin_refuses_a_period_outside_the_dates_held(
    client: Client, superuser: User, start: str, end: str, field: str
) -> None:
    client.force_login(superuser)
    response = client.post(reverse("admin:mandates_mandate_add"), add_form(start, end))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors and "The date must be" in errors[field][0]
    assert not Mandate.objects.filter(slug="hee-2099-00").exists()
    assert not ReportingPeriod.objects.filter(mandate__slug="hee-2099-00").exists()


def test_a_period_within_them_is_added_with_its_quarters(client: Client, superuser: User) -> None:
    client.force_login(superuser)
    response = client.post(
        reverse("admin:mandates_mandate_add"), add_form("2099-04-01", "2100-03-31")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ReportingPeriod.objects.filter(mandate__slug="hee-2099-00").count() == 4
