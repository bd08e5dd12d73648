"""Numbers as people write them, the same on every page and in every export."""

from decimal import Decimal


def figure(value: Decimal) -> str:
    """A target's figure as people write it: 50,000, or 4.5 where it has a fraction."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"
