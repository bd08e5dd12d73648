"""What a fixture record may say, checked before the loader saves anything.

The schema of each loadable model is read from its _meta (each field's type, max_length,
digits, null, blank, default, editable), so it cannot drift from the models; what _meta
cannot tell (that a column is derived by the app, not given by a source) is listed in
DERIVED. A record that breaks a rule is refused with its field named; the loader adds the
file, the line and the model. The rules are strict where Django's own to_python() is
lenient (5 for a title, "no" for a boolean, "2021-1-1" or "9999-12-31" for a date), so
that what a file says is what it means, and nothing later trips on a value no mandate
could hold.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from core.limits import EARLIEST_DATE, LATEST_DATE

# Fields the app derives or records itself: a file that gives one is refused by name, with
# why. (Fields with editable=False are refused too, without being listed here.)
DERIVED: dict[str, dict[str, str]] = {
    "objectives.objective": {
        name: "derived from the objective's progress updates, never loaded"
        for name in ("latest_update", "latest_status", "latest_percent", "latest_as_of")
    },
    "objectives.measurement": {
        "recorded_by": "a figure in a file is a published one, recorded by no one",
        "recorded_at": "set when the figure is first loaded",
    },
}

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STRING, INTEGER, DECIMAL, DATE, BOOLEAN, NATURAL_KEY = (
    "string",
    "integer",
    "decimal",
    "date",
    "boolean",
    "natural key",
)


class SchemaError(Exception):
    """A record that breaks its model's schema: the field, and what is wrong with it."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


@dataclass(frozen=True)
class FieldRule:
    name: str
    kind: str
    required: bool
    null: bool
    blank: bool
    max_length: int | None = None
    bounds: tuple[int | None, int | None] = (None, None)
    digits: DecimalValidator | None = None


@dataclass(frozen=True)
class ModelSchema:
    label: str
    fields: dict[str, FieldRule]
    refused: dict[str, str]


def _kind(field: models.Field[Any, Any]) -> str:
    if field.is_relation:
        return NATURAL_KEY
    # Order matters: a DateTimeField is a DateField, a SlugField a CharField.
    for kind, types in (
        (BOOLEAN, (models.BooleanField,)),
        (DECIMAL, (models.DecimalField,)),
        (INTEGER, (models.IntegerField,)),
        (DATE, (models.DateField,)),
        (STRING, (models.CharField, models.TextField)),
    ):
        if isinstance(field, types) and not isinstance(field, models.DateTimeField):
            return kind
    # A new kind of field must be given a rule here before a fixture may carry it.
    raise TypeError(f"{field.model._meta.label_lower}.{field.name}: no fixture rule for it")


def _rule(field: models.Field[Any, Any]) -> FieldRule:
    kind = _kind(field)
    bounds: tuple[int | None, int | None] = (None, None)
    if kind == INTEGER:
        # The portable ranges (PostgreSQL's), not SQLite's 64 bits: a file means the same
        # on every database.
        internal = field.get_internal_type()
        bounds = BaseDatabaseOperations.integer_field_ranges.get(internal, (None, None))
    digits = None
    if isinstance(field, models.DecimalField):
        digits = DecimalValidator(field.max_digits, field.decimal_places)
    return FieldRule(
        name=field.name,
        kind=kind,
        required=not (field.null or field.blank or field.has_default()),
        null=field.null,
        blank=field.blank,
        max_length=field.max_length if kind == STRING else None,
        bounds=bounds,
        digits=digits,
    )


@functools.cache
def schema_for(model: type[models.Model]) -> ModelSchema:
    """The fields a record of `model` may give, with their rules, and those it may not."""
    label = model._meta.label_lower
    refused = dict(DERIVED.get(label, {}))
    fields: dict[str, FieldRule] = {}
    for field in model._meta.get_fields():
        if field.name in refused:
            continue
        if not getattr(field, "concrete", False) or field.many_to_many:
            refused[field.name] = "not a column of this record: cannot be loaded"
        elif field.primary_key:  # type: ignore[union-attr]
            refused[field.name] = "records are matched by natural key, not by id"
        elif not field.editable:  # type: ignore[union-attr]
            refused[field.name] = "set by the app, never loaded"
        else:
            fields[field.name] = _rule(field)  # type: ignore[arg-type]
    return ModelSchema(label=label, fields=fields, refused=refused)


def _check_string(rule: FieldRule, value: str) -> None:
    if "\x00" in value:
        raise SchemaError(rule.name, "holds a NUL character (\\x00)")
    if rule.max_length is not None and len(value) > rule.max_length:
        raise SchemaError(
            rule.name, f"is {len(value)} characters long; at most {rule.max_length} are allowed"
        )
    if not value and not rule.blank:
        raise SchemaError(rule.name, "may not be blank")


def _check_integer(rule: FieldRule, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SchemaError(rule.name, f"give a whole number, not {value!r}")
    low, high = rule.bounds
    if (low is not None and value < low) or (high is not None and value > high):
        raise SchemaError(rule.name, f"{value} is outside {low}..{high}")


def _check_decimal(rule: FieldRule, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise SchemaError(rule.name, f"give a decimal number or a string of one, not {value!r}")
    try:
        number = decimal.Decimal(str(value).strip())
    except decimal.InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise SchemaError(rule.name, f"{value!r} is not a decimal number")
    try:
        if rule.digits is not None:
            rule.digits(number)
    except ValidationError as error:
        raise SchemaError(rule.name, f"{value!r}: {' '.join(error.messages)}") from error


def _check_date(rule: FieldRule, value: Any) -> None:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise SchemaError(rule.name, f"give an ISO date (YYYY-MM-DD), not {value!r}")
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as error:
        raise SchemaError(rule.name, f"{value!r} is not a date: {error}") from error
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise SchemaError(
            rule.name,
            f"{value} is outside the years {EARLIEST_DATE.year} to {LATEST_DATE.year} "
            "that a mandate, a target or a figure may carry",
        )


def _check_natural_key(rule: FieldRule, value: Any) -> None:
    if not isinstance(value, list):
        raise SchemaError(rule.name, f"give the natural key as a list, not {value!r}")
    for part in value:
        if isinstance(part, str):
            if "\x00" in part:
                raise SchemaError(rule.name, "the natural key holds a NUL character (\\x00)")
        elif isinstance(part, bool) or not isinstance(part, int):
            raise SchemaError(rule.name, f"a natural key holds strings and numbers, not {part!r}")


def _check_value(rule: FieldRule, value: Any) -> None:
    if value is None:
        if not rule.null:
            raise SchemaError(rule.name, "may not be null")
        return
    if rule.kind == STRING:
        if not isinstance(value, str):
            raise SchemaError(rule.name, f"give a string, not {value!r}")
        _check_string(rule, value)
    elif rule.kind == BOOLEAN:
        if not isinstance(value, bool):
            raise SchemaError(rule.name, f"give true or false, not {value!r}")
    elif rule.kind == INTEGER:
        _check_integer(rule, value)
    elif rule.kind == DECIMAL:
        _check_decimal(rule, value)
    elif rule.kind == DATE:
        _check_date(rule, value)
    else:
        _check_natural_key(rule, value)


def check_fields(model: type[models.Model], fields: dict[str, Any]) -> None:
    """Refuse the first field of a record that breaks the schema: unknown, derived, of the
    wrong type or out of bounds; then any required field the record leaves out."""
    schema = schema_for(model)
    for name, value in fields.items():
        if name in schema.refused:
            raise SchemaError(name, f"cannot be loaded ({schema.refused[name]})")
        rule = schema.fields.get(name)
        if rule is None:
            raise SchemaError(name, f"{schema.label} has no field {name!r}")
        _check_value(rule, value)
    missing = [name for name, rule in schema.fields.items() if rule.required and name not in fields]
    if missing:
        raise SchemaError(missing[0], f"required, and missing (give {', '.join(missing)})")
