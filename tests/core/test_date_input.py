"""The NHS.UK date input (core.date_input): three boxes, messages that say what to do and
name the boxes in error, and one ISO value accepted too."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.template.loader import render_to_string

from core.date_input import DatePartsField


class DateForm(forms.Form):
    when = DatePartsField(label="As of", noun="as-of date", help_text="For example 30 6 2021.")


class OptionalDateForm(forms.Form):
    when = DatePartsField(label="As at", required=False)


def boxes(day: str, month: str, year: str) -> dict[str, str]:
    return {"when_day": day, "when_month": month, "when_year": year}


def test_it_reads_a_date_from_its_three_boxes() -> None:
    form = DateForm(boxes("30", "06", "2021"))
    assert form.is_valid()
    assert form.cleaned_data["when"] == datetime.date(2021, 6, 30)


def test_it_accepts_one_iso_value_under_the_plain_name() -> None:
    form = DateForm({"when": "2021-06-30"})
    assert form.is_valid()
    assert form.cleaned_data["when"] == datetime.date(2021, 6, 30)


@pytest.mark.parametrize(
    ("data", "message", "parts"),
    [
        (boxes("", "", ""), "Enter the as-of date", ("day", "month", "year")),
        (boxes("30", "", "2021"), "The as-of date must include a month", ("month",)),
        (boxes("", "", "2021"), "The as-of date must include a day and month", ("day", "month")),
        (boxes("31", "2", "2021"), "The as-of date must be a real date", ("day",)),
        (boxes("1", "13", "2021"), "The as-of date must be a real date", ("month",)),
        (boxes("1", "two", "2021"), "The as-of date must be a real date", ("month",)),
        (boxes("1", "2", "21"), "Year must include 4 numbers", ("year",)),
        ({"when": "31/02/2021"}, "The as-of date must be a real date", ("day", "month", "year")),
    ],
)
def test_each_mistake_gets_one_message_naming_its_boxes(
    data: dict[str, str], message: str, parts: tuple[str, ...]
) -> None:
    form = DateForm(data)
    assert not form.is_valid()
    assert form.errors["when"] == [message]
    assert form["when"].parts_in_error == parts
    assert form["when"].error_anchor == f"id_when_{parts[0]}"


def test_an_optional_date_may_be_left_empty() -> None:
    form = OptionalDateForm(boxes("", "", ""))
    assert form.is_valid()
    assert form.cleaned_data["when"] is None


def test_it_renders_as_the_nhs_date_input_in_a_fieldset() -> None:
    html = render_to_string(
        "includes/field.html", {"field": DateForm(boxes("30", "", "2021"))["when"]}
    )
    soup = BeautifulSoup(html, "html.parser")
    fieldset = soup.select_one("fieldset.nhsuk-fieldset")
    assert fieldset.legend.text.strip() == "As of"
    assert fieldset["aria-describedby"] == "id_when_helptext id_when_error"
    assert "The as-of date must include a month" in fieldset.select_one(".nhsuk-error-message").text
    inputs = fieldset.select(".nhsuk-date-input input")
    assert [(i["name"], i["id"], i["inputmode"]) for i in inputs] == [
        ("when_day", "id_when_day", "numeric"),
        ("when_month", "id_when_month", "numeric"),
        ("when_year", "id_when_year", "numeric"),
    ]
    assert [i.get("value") for i in inputs] == ["30", None, "2021"]
    widths = [[c for c in i["class"] if c.startswith("nhsuk-input--width")] for i in inputs]
    assert widths == [["nhsuk-input--width-2"], ["nhsuk-input--width-2"], ["nhsuk-input--width-4"]]
    in_error = [i["name"] for i in inputs if "nhsuk-input--error" in i["class"]]
    assert in_error == ["when_month"]
    assert [soup.select_one(f"label[for={i['id']}]").text for i in inputs] == [
        "Day",
        "Month",
        "Year",
    ]
    assert not any(i.get("min") or i.get("max") for i in inputs)


def test_an_initial_date_fills_the_boxes() -> None:
    form = DateForm(initial={"when": datetime.date(2022, 3, 31)})
    soup = BeautifulSoup(str(form["when"]), "html.parser")
    assert [i["value"] for i in soup.select("input")] == ["31", "3", "2022"]


def test_an_unchanged_date_is_not_a_change() -> None:
    form = DateForm(boxes("31", "3", "2022"), initial={"when": datetime.date(2022, 3, 31)})
    assert not form.has_changed()
