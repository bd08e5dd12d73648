"""Numbers as people write them, the same on every page and in every export."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator


def figure(value: Decimal) -> str:
    """A target's figure as people write it: 50,000, or 4.50 where it has a fraction (the
    figures hold pounds and pence, two places)."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def round_number(value: Decimal) -> str:
    """A round number, such as a chart's axis marks: 50,000, 2.5 or 0.002, grouped like a
    figure but with only the places it has (a step finer than a penny still reads)."""
    return f"{value.normalize():,f}"


# The bounds of every figure (a target, its baseline and steps, a measurement), one
# definition for the model's validators, the tables' check constraints and the forms.
# The columns hold 16 digits, but SQLite keeps decimals as floating point, exact to
# about 15: a wider figure is stored and then cannot be read back (an error page for
# everyone who opens its objective). A trillion is far above any workforce count or
# budget of ours. Counts and money are never negative.
FIGURE_MIN = Decimal(0)
FIGURE_MAX = Decimal("999999999999.99")
FIGURE_TOO_SMALL = "The figure must be 0 or more."
FIGURE_TOO_LARGE = f"Enter a figure of at most {figure(FIGURE_MAX)}."
FIGURE_VALIDATORS = [
    MinValueValidator(FIGURE_MIN, FIGURE_TOO_SMALL),
    MaxValueValidator(FIGURE_MAX, FIGURE_TOO_LARGE),
]


class FiniteDecimalField(forms.DecimalField):
    """Django's decimal form field, refusing "NaN", "sNaN" and "Infinity" as it parses
    them: its own check comes later, after a form has compared the value with the saved
    one (a formset's has_changed), which a signalling NaN turns into an error page."""

    def to_python(self, value: Any) -> Decimal | None:
        number = super().to_python(value)
        if number is not None and not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
