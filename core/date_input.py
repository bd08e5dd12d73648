"""The NHS.UK date input: a date typed as day, month and year in three boxes
(https://service-manual.nhs.uk/design-system/components/date-input), for every date a
person types in the pages. Its messages say what to do, in NHS.UK's style, and name the
boxes in error, so the page marks those boxes and the error summary links to the first.

The field's template (core/templates/core/widgets/date_input.html) is in this app's
templates because Django's default form renderer reads the apps' templates, not the
project's templates/ directory. The fieldset around it, with its legend, hint and error
message, is templates/includes/field.html's, as for every field a fieldset holds."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField

PARTS = ("day", "month", "year")
# The widths NHS.UK gives the boxes (nhsuk-input--width-2, -2, -4).
WIDTHS = {"day": 2, "month": 2, "year": 4}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DatePartsWidget(forms.MultiWidget):
    """Three text boxes, `<name>_day`, `<name>_month` and `<name>_year`, with
    inputmode="numeric" (not type="number", which would spin and drop leading zeros).

    value_from_datadict also accepts the plain field name carrying an ISO date
    ("as_of=2021-06-30"), so scripts, tests and the links that post or carry one value
    keep working; the three boxes win when both are sent."""

    template_name = "core/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        boxes = {
            part: forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
            for part in PARTS
        }
        super().__init__(boxes, attrs)

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                return self.decompress(datetime.date.fromisoformat(value))
            except ValueError:
                pass
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        boxes = super().value_from_datadict(data, files, name)
        if not any(boxes) and data.get(name):
            return data.get(name)  # one ISO value, as scripts and links send it
        return boxes

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        in_error = attrs.pop("parts_in_error", ())
        attrs.pop("aria-invalid", None)  # said only on the boxes in error, below
        if isinstance(value, str):  # a plain ISO value posted: shown in its boxes
            value = self.decompress(value)
        context = super().get_context(name, value, attrs)
        for part, box in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            box["part"] = part
            box["label"] = part.capitalize()
            box["in_error"] = part in in_error
            box["width"] = WIDTHS[part]
            box["attrs"]["id"] = f"{attrs['id']}_{part}" if attrs.get("id") else None
            if part in in_error:
                box["attrs"]["aria-invalid"] = "true"
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else ""


class DatePartsBoundField(BoundField):
    """A date field as a page shows it: which of its boxes are in error, for their
    nhsuk-input--error class and for the error summary's link (`error_anchor`)."""

    @property
    def parts_in_error(self) -> tuple[str, ...]:
        parts: list[str] = []
        for error in self.errors.as_data():
            for part in (error.params or {}).get("parts", PARTS):
                if part not in parts:
                    parts.append(part)
        return tuple(part for part in PARTS if part in parts)

    @property
    def error_anchor(self) -> str:
        parts = self.parts_in_error or PARTS
        return f"{self.auto_id}_{parts[0]}" if self.auto_id else ""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            attrs["parts_in_error"] = self.parts_in_error
        return attrs


def _and(parts: list[str]) -> str:
    return " and ".join(parts)


class DatePartsField(forms.Field):
    """A date typed in DatePartsWidget's boxes. `noun` names the date in its messages
    ("as-of date": "Enter the as-of date", "The as-of date must include a month"); it
    defaults to the label in lower case."""

    widget = DatePartsWidget
    bound_field_class = DatePartsBoundField

    def __init__(self, *, noun: str = "", **kwargs: Any) -> None:
        kwargs.pop("max_length", None)  # from a model's DateField, as ModelForm passes it
        super().__init__(**kwargs)
        self.noun = noun or str(self.label or "date").lower()

    def _refuse(self, message: str, code: str, parts: tuple[str, ...] = PARTS) -> ValidationError:
        return ValidationError(message, code=code, params={"parts": parts})

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):  # one ISO value (DatePartsWidget.value_from_datadict)
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError as error:
                raise self._refuse(f"The {self.noun} must be a real date", "invalid") from error
        boxes = [str(box or "").strip() for box in (value or ("", "", ""))]
        if not any(boxes):
            return None
        missing = [part for part, box in zip(PARTS, boxes, strict=True) if not box]
        if missing:
            raise self._refuse(
                f"The {self.noun} must include a {_and(missing)}", "incomplete", tuple(missing)
            )
        not_numbers = tuple(p for p, box in zip(PARTS, boxes, strict=True) if not box.isdigit())
        if not_numbers:
            raise self._refuse(f"The {self.noun} must be a real date", "invalid", not_numbers)
        day, month, year = (int(box) for box in boxes)
        if len(boxes[2]) != 4:
            raise self._refuse("Year must include 4 numbers", "year_digits", ("year",))
        try:
            return datetime.date(year, month, day)
        except ValueError as error:
            wrong = ("month",) if not 1 <= month <= 12 else ("day",)
            raise self._refuse(f"The {self.noun} must be a real date", "invalid", wrong) from error

    def validate(self, value: Any) -> None:
        if value in self.empty_values and self.required:
            raise self._refuse(f"Enter the {self.noun}", "required")

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        if isinstance(initial, str):
            initial = datetime.date.fromisoformat(initial) if _ISO_DATE.match(initial) else None
        return initial != data

    def prepare_value(self, value: Any) -> Any:
        return value
