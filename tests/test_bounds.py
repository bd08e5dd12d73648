"""The bounds of figures and texts (core.numbers, core.limits): refused with a message
against the field on the pages and in the admin, and by the database for a raw write, so
nothing is stored that a page could not read back."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.history import REASON_LENGTH
from core.limits import FULL_TITLE_LENGTH, LONG_TEXT_LENGTH, SOURCE_NOTE_LENGTH
from core.numbers import FIGURE_MAX, FIGURE_TOO_LARGE
from mandates.models import Mandate, Theme
from objectives.models import Measurement, Objective, ProgressUpdate, Target, TargetStep
from objectives.services import measurement_record
from tests.pages import error_summary

pytestmark = pytest.mark.usefixtures("without_published_figures")

TOO_LARGE = str(10**12)
LARGEST = str(FIGURE_MAX)
OBJECTIVE_URL = "/mandates/hee-2021-22/objectives/3/"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(response: HttpResponse) -> dict[str, Any]:
    """What a browser would send back from the page's form, unchanged: its inputs, the
    chosen options and the texts."""
    form = BeautifulSoup(response.content, "html.parser").select_one("#content-main form")
    assert form is not None, "no form on the page"
    data: dict[str, Any] = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button"):
            data[name] = field.get("value", "")
    return data


def admin_errors(response: HttpResponse) -> dict[str, list[str]]:
    """The admin form's field errors, and its inline forms' under "targets-0-value" and the like."""
    assert response.status_code == 200, "the admin saved (a redirect) or failed"
    errors = {
        name: list(messages) for name, messages in response.context["adminform"].form.errors.items()
    }
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            for name, messages in form.errors.items():
                errors[f"{form.prefix}-{name}"] = list(messages)
    return errors


@pytest.fixture
def target(nurses: Objective) -> Target:
    return Target.objects.get(objective=nurses, code="nurses-2024")


@pytest.fixture
def measurement(target: Target, updater: User) -> Measurement:
    return measurement_record(
        target=target, recorded_by=updater, measured_on=datetime.date(2022, 6, 30), value=12000
    )


def objective_change(client: Client, objective: Objective) -> tuple[str, dict[str, Any]]:
    url = reverse("admin:objectives_objective_change", args=[objective.pk])
    return url, form_data(client.get(url))


# Figures: the admin.


def test_the_admin_refuses_a_targets_value_over_the_bound(superuser: User, target: Target) -> None:
    client = client_for(superuser)
    url, data = objective_change(client, target.objective)
    index = next(k for k, v in data.items() if k.endswith("-id") and v == str(target.pk))
    prefix = index.removesuffix("-id")
    data[f"{prefix}-value"] = TOO_LARGE

    errors = admin_errors(client.post(url, data))

    assert errors == {f"{prefix}-value": [FIGURE_TOO_LARGE]}
    target.refresh_from_db()
    assert target.value == Decimal(50000)


def test_the_admin_refuses_a_new_targets_value_and_baseline_over_the_bound(
    superuser: User, nurses: Objective
) -> None:
    client = client_for(superuser)
    url, data = objective_change(client, nurses)
    new = int(data["targets-TOTAL_FORMS"])
    prefix = f"targets-{new}"
    data |= {
        "targets-TOTAL_FORMS": str(new + 1),
        f"{prefix}-objective": str(nurses.pk),
        f"{prefix}-id": "",
        f"{prefix}-code": "too-many",
        f"{prefix}-description": "More nurses than people",
        f"{prefix}-value": TOO_LARGE,
        f"{prefix}-unit": "nurses",
        f"{prefix}-baseline_value": TOO_LARGE,
        f"{prefix}-baseline_date": "2021-04-01",
        f"{prefix}-baseline_precision": "day",
        f"{prefix}-deadline_precision": "day",
        f"{prefix}-source_note": "Made up.",
    }
    targets = Target.objects.count()

    errors = admin_errors(client.post(url, data))

    assert errors == {
        f"{prefix}-value": [FIGURE_TOO_LARGE],
        f"{prefix}-baseline_value": [FIGURE_TOO_LARGE],
    }
    assert Target.objects.count() == targets


def test_the_admin_refuses_a_new_figure_over_the_bound(superuser: User, target: Target) -> None:
    response = client_for(superuser).post(
        reverse("admin:objectives_measurement_add"),
        {
            "target": target.pk,
            "measured_on": "2022-06-30",
            "measured_precision": "day",
            "value": TOO_LARGE,
            "note": "",
        },
    )
    assert admin_errors(response) == {"value": [FIGURE_TOO_LARGE]}
    assert not Measurement.objects.exists()


def test_the_admin_refuses_a_figure_changed_to_over_the_bound(
    superuser: User, measurement: Measurement
) -> None:
    client = client_for(superuser)
    url = reverse("admin:objectives_measurement_change", args=[measurement.pk])
    data = form_data(client.get(url)) | {"value": TOO_LARGE}

    assert admin_errors(client.post(url, data)) == {"value": [FIGURE_TOO_LARGE]}
    measurement.refresh_from_db()
    assert measurement.value == Decimal(12000)


# Figures: the figure page.


@pytest.mark.parametrize("value", [TOO_LARGE, "99999999999999.99", "1E+400"])
def test_the_figure_page_refuses_a_figure_over_the_bound(
    updater: User, target: Target, value: str
) -> None:
    response = client_for(updater).post(
        f"/targets/{target.pk}/measurements/record/",
        {"measured_on": "2022-06-30", "value": value, "note": ""},
    )
    assert response.status_code == 200
    assert error_summary(response) == [FIGURE_TOO_LARGE]
    assert not Measurement.objects.exists()


def test_the_largest_figure_round_trips_and_every_page_still_answers(
    updater: User, superuser: User, target: Target
) -> None:
    response = client_for(updater).post(
        f"/targets/{target.pk}/measurements/record/",
        {"measured_on": "2022-06-30", "value": LARGEST, "note": ""},
    )
    assert response.status_code == 302
    Target.objects.filter(pk=target.pk).update(
        value=FIGURE_MAX, baseline_value=FIGURE_MAX, baseline_date=datetime.date(2021, 4, 1)
    )
    TargetStep.objects.create(
        target=target, year=2023, value=FIGURE_MAX, source_url="https://example.org/"
    )

    target.refresh_from_db()
    assert (target.value, target.baseline_value) == (FIGURE_MAX, FIGURE_MAX)
    assert Measurement.objects.get().value == FIGURE_MAX
    assert TargetStep.objects.get().value == FIGURE_MAX
    assert client_for(updater).get(OBJECTIVE_URL).status_code == 200
    admin = client_for(superuser)
    for name in ("measurement", "objective"):
        assert admin.get(reverse(f"admin:objectives_{name}_changelist")).status_code == 200
    change = reverse("admin:objectives_objective_change", args=[target.objective_id])
    assert admin.get(change).status_code == 200


# Figures: the database, for a write that skips the model's validators.


def raw_writes(target: Target, updater: User) -> dict[str, Any]:
    now = timezone.now()
    over = Decimal(TOO_LARGE)
    return {
        "target value": lambda: Target.objects.filter(pk=target.pk).update(value=over),
        "target baseline": lambda: Target.objects.filter(pk=target.pk).update(
            baseline_value=over, baseline_date=datetime.date(2021, 4, 1)
        ),
        "negative baseline": lambda: Target.objects.filter(pk=target.pk).update(
            baseline_value=Decimal(-1), baseline_date=datetime.date(2021, 4, 1)
        ),
        "step": lambda: TargetStep.objects.bulk_create(
            [TargetStep(target=target, year=2023, value=over, source_url="https://example.org/")]
        ),
        "figure": lambda: Measurement.objects.bulk_create(
            [
                Measurement(
                    target=target,
                    measured_on=datetime.date(2022, 6, 30),
                    value=over,
                    recorded_by=updater,
                    recorded_at=now,
                )
            ]
        ),
    }


@pytest.mark.parametrize(
    "write", ["target value", "target baseline", "negative baseline", "step", "figure"]
)
def test_the_database_refuses_a_figure_outside_the_bounds(
    target: Target, updater: User, write: str
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_writes(target, updater)[write]()


def test_the_database_refuses_a_figure_changed_to_over_the_bound(
    measurement: Measurement,
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=measurement.pk).update(value=Decimal(TOO_LARGE))
    measurement.refresh_from_db()
    assert measurement.value == Decimal(12000)


# Texts.


def bounded_text_fields() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    shipped = ("mandates", "objectives", "reminders")
    return [
        (model, field)
        for app in shipped
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
    ]


def test_every_text_the_models_keep_has_a_limit_full_clean_keeps() -> None:
    unbounded = [
        f"{model.__name__}.{field.name}"
        for model, field in bounded_text_fields()
        if field.max_length is None
        or not any(getattr(v, "limit_value", None) == field.max_length for v in field.validators)
    ]
    # Written by the app, one line per overdue objective, never typed (reminders.models).
    assert unbounded == ["Reminder.objectives"]


def test_full_clean_refuses_a_text_one_over_its_limit(nurses: Objective) -> None:
    nurses.text = "x" * (LONG_TEXT_LENGTH + 1)
    nurses.source_note = "x" * (SOURCE_NOTE_LENGTH + 1)
    with pytest.raises(ValidationError) as refused:
        nurses.full_clean()
    assert set(refused.value.message_dict) == {"text", "source_note"}


def test_the_record_page_refuses_a_narrative_one_over_its_limit(
    updater: User, nurses: Objective
) -> None:
    response = client_for(updater).post(
        f"{OBJECTIVE_URL}record/",
        {
            "as_of": "2021-06-30",
            "status": "on_track",
            "percent_complete": "20",
            "narrative": "x" * (LONG_TEXT_LENGTH + 1),
            "evidence_url": "",
        },
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        f"The narrative must be {LONG_TEXT_LENGTH} characters or fewer"
    ]
    assert response.context["form"].errors.keys() == {"narrative"}
    assert not ProgressUpdate.objects.exists()


def test_the_record_page_keeps_a_narrative_at_its_limit(updater: User, nurses: Objective) -> None:
    response = client_for(updater).post(
        f"{OBJECTIVE_URL}record/",
        {
            "as_of": "2021-06-30",
            "status": "on_track",
            "percent_complete": "20",
            "narrative": "x" * LONG_TEXT_LENGTH,
            "evidence_url": "",
        },
    )
    assert response.status_code == 302
    assert len(ProgressUpdate.objects.get().narrative) == LONG_TEXT_LENGTH


def test_the_withdraw_page_refuses_a_reason_one_over_its_limit(
    editor: User, recorded: ProgressUpdate
) -> None:
    response = client_for(editor).post(
        f"/updates/{recorded.pk}/withdraw/", {"reason": "x" * (REASON_LENGTH + 1)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"reason"}
    recorded.refresh_from_db()
    assert not recorded.is_withdrawn


def test_the_admin_refuses_an_objectives_text_one_over_its_limit(
    superuser: User, nurses: Objective
) -> None:
    client = client_for(superuser)
    url, data = objective_change(client, nurses)
    data |= {"text": "x" * (LONG_TEXT_LENGTH + 1), "source_note": "x" * (SOURCE_NOTE_LENGTH + 1)}

    assert admin_errors(client.post(url, data)).keys() == {"text", "source_note"}
    nurses.refresh_from_db()
    assert len(nurses.text) < LONG_TEXT_LENGTH


def test_the_admin_refuses_a_narrative_one_over_its_limit(
    superuser: User, nurses: Objective
) -> None:
    response = client_for(superuser).post(
        reverse("admin:objectives_progressupdate_add"),
        {
            "objective": nurses.pk,
            "as_of": "2021-06-30",
            "status": "on_track",
            "percent_complete": "20",
            "narrative": "x" * (LONG_TEXT_LENGTH + 1),
            "evidence_url": "",
            "status_reason": "",
            "after_close_reason": "",
        },
    )
    assert admin_errors(response).keys() == {"narrative"}
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("model", "field", "length"),
    [
        (Mandate, "summary", LONG_TEXT_LENGTH),
        (Mandate, "full_title", FULL_TITLE_LENGTH),
        (Theme, "description", LONG_TEXT_LENGTH),
    ],
)
def test_the_admin_refuses_a_mandates_text_one_over_its_limit(
    superuser: User, model: type[models.Model], field: str, length: int
) -> None:
    mandate = Mandate.objects.get(slug="hee-2021-22")
    record = mandate if model is Mandate else mandate.themes.first()
    client = client_for(superuser)
    url = reverse(f"admin:mandates_{model._meta.model_name}_change", args=[record.pk])
    data = form_data(client.get(url)) | {field: "x" * (length + 1)}

    assert admin_errors(client.post(url, data)).keys() == {field}
    record.refresh_from_db()
    assert len(getattr(record, field)) <= length
