"""Numbers as people write them, the same on every page and in every export."""

from decimal import Decimal


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
