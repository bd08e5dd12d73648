"""Load or refresh mandates from fixture files.

The files are in Django's fixture format with natural keys and no primary keys, so they
mean the same on every database. Unlike `loaddata`, this loader sets only the fields a
record names (an objective's owner, set in the app, survives a refresh), reports what it
created, updated and left alone, saves through the model so every change has a history
version, and names the line of a bad record. Every record of every file is checked against
the schema (mandates.fixture_schema) before anything is saved. It never touches progress
updates.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone

from mandates.fixture_schema import SchemaError, check_fields
from mandates.models import Mandate
from mandates.services import reporting_periods_create

# What a fixture may hold, in load order. The objectives app sits above this one, so its
# models are named here and found in the app registry, not imported.
LOADABLE_LABELS = (
    "mandates.mandate",
    "mandates.theme",
    "objectives.objective",
    "objectives.target",
    "objectives.targetstep",
    "objectives.objectivelink",
    "objectives.measurement",
)


def loadable() -> dict[str, type[models.Model]]:
    return {label: apps.get_model(label) for label in LOADABLE_LABELS}


class FixtureError(Exception):
    """A file that cannot be loaded; the message names the file and the line."""


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    details: list[str] = field(default_factory=list)

    def summary(self) -> str:
        def part(word: str, counts: Counter[str]) -> str:
            total = sum(counts.values())
            if not total:
                return f"{word} 0"
            by_model = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
            return f"{word} {total} ({by_model})"

        return "; ".join(
            part(word, counts)
            for word, counts in (
                ("created", self.created),
                ("updated", self.updated),
                ("left alone", self.unchanged),
            )
        )


def _records_with_lines(text: str, name: str) -> list[tuple[int, Any]]:
    """Split a JSON array into its elements, each with the line it starts on."""
    decoder = json.JSONDecoder()

    def skip_space(index: int) -> int:
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        return index

    def fail(index: int, message: str) -> FixtureError:
        line = text.count("\n", 0, index) + 1
        return FixtureError(f"{name}, line {line}: {message}")

    index = skip_space(0)
    if index >= len(text) or text[index] != "[":
        raise fail(index, "a fixture file is a JSON list of records, starting with '['")
    index = skip_space(index + 1)
    records: list[tuple[int, Any]] = []
    if index < len(text) and text[index] == "]":
        return records
    while True:
        start = index
        try:
            record, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError as error:
            raise FixtureError(
                f"{name}, line {error.lineno}, column {error.colno}: {error.msg}"
            ) from error
        records.append((text.count("\n", 0, start) + 1, record))
        index = skip_space(index)
        if index < len(text) and text[index] == ",":
            index = skip_space(index + 1)
            continue
        if index < len(text) and text[index] == "]":
            break
        raise fail(index, "expected ',' or ']' after a record")
    if skip_space(index + 1) != len(text):
        raise fail(index + 1, "unexpected text after the closing ']'")
    return records


# The instances met so far in one load, by model and natural key. Records name the same
# mandates, themes and objectives again and again; looking each up every time (and again
# when a record is validated, through its relations) was most of a load's queries.
Found = dict[tuple[str, tuple[Any, ...]], models.Model]


def _remember(found: Found, instance: models.Model) -> None:
    found[(instance._meta.label_lower, tuple(instance.natural_key()))] = instance  # type: ignore[attr-defined]


def _related(field: models.Field, raw: list[Any], found: Found) -> models.Model:
    model = field.related_model
    key = (model._meta.label_lower, tuple(raw))  # type: ignore[union-attr]
    if key not in found:
        found[key] = model._default_manager.get_by_natural_key(*raw)  # type: ignore[union-attr]
    return found[key]


def _resolve(
    model: type[models.Model], fields: dict[str, Any], found: Found
) -> tuple[dict[str, Any], dict[models.Field, models.Model]]:
    """Turn a record's field values (checked against the schema) into attribute values,
    natural keys into ids; and the related instances, by field."""
    values: dict[str, Any] = {}
    relations: dict[models.Field, models.Model] = {}
    for name, raw in fields.items():
        model_field = model._meta.get_field(name)
        if model_field.is_relation:
            if raw is None:
                values[model_field.attname] = None
                continue
            try:
                related = _related(model_field, raw, found)  # type: ignore[arg-type]
            except (ObjectDoesNotExist, TypeError) as error:
                raise FixtureError(f"{name}: nothing has the natural key {raw!r}") from error
            values[model_field.attname] = related.pk
            relations[model_field] = related  # type: ignore[index]
            continue
        try:
            values[model_field.attname] = model_field.to_python(raw)
        except ValidationError as error:
            raise FixtureError(f"{name}: {' '.join(error.messages)}") from error
    return values, relations


def _published_figure(values: dict[str, Any]) -> None:
    """A fixture holds only figures someone published, each with its publisher and page;
    the app's own figures are recorded by people, in the app (the schema refuses a file's
    recorded_by). A published figure's recording moment is when it is first loaded (below):
    a refresh leaves it alone."""
    if not values.get("publisher") or not values.get("source_url"):
        raise FixtureError("a figure in a fixture is a published one: give publisher, source_url")


def _checked(record: Any) -> type[models.Model]:
    """The model of a record whose shape and fields are as the schema says; before anything
    is saved, so a bad record anywhere in the files is found before any work is done."""
    if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
        raise FixtureError('a record is an object with "model" and "fields"')
    model = loadable().get(str(record.get("model", "")).lower())
    if model is None:
        allowed = ", ".join(LOADABLE_LABELS)
        raise FixtureError(f"model {record.get('model')!r} cannot be loaded (only {allowed})")
    if "pk" in record:
        raise FixtureError('records are matched by natural key: remove the "pk"')
    unknown = sorted(set(record) - {"model", "fields"})
    if unknown:
        raise FixtureError(f'a record holds only "model" and "fields", not {unknown[0]!r}')
    try:
        check_fields(model, record["fields"])
    except SchemaError as error:
        raise FixtureError(str(error)) from error
    return model


def _load_record(
    model: type[models.Model],
    fields: dict[str, Any],
    *,
    reason: str,
    report: LoadReport,
    found: Found,
) -> None:
    label = model._meta.label_lower
    values, relations = _resolve(model, fields, found)
    if label == "objectives.measurement":
        _published_figure(values)
    candidate = model(**values)
    for relation, related in relations.items():
        relation.set_cached_value(candidate, related)  # type: ignore[attr-defined]
    key = candidate.natural_key()  # type: ignore[attr-defined]
    try:
        instance = model._default_manager.get_by_natural_key(*key)  # type: ignore[attr-defined]
    except model.DoesNotExist:
        instance = None

    if instance is None:
        instance = candidate
        if label == "objectives.measurement":
            instance.recorded_at = timezone.now()  # type: ignore[attr-defined]
        counter = report.created
        update_fields = None
    else:
        changed = [
            attname for attname, value in values.items() if getattr(instance, attname) != value
        ]
        if not changed:
            report.unchanged[model._meta.verbose_name] += 1
            return
        for attname in changed:
            setattr(instance, attname, values[attname])
        for relation, related in relations.items():
            relation.set_cached_value(instance, related)  # type: ignore[attr-defined]
        counter = report.updated
        # Only what the record changed: not whatever else the row holds by now.
        update_fields = changed
    try:
        instance.full_clean()
    except ValidationError as error:
        problems = "; ".join(f"{f}: {' '.join(m)}" for f, m in error.message_dict.items())
        raise FixtureError(problems) from error
    instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save(update_fields=update_fields)
    _remember(found, instance)
    if isinstance(instance, Mandate):
        reporting_periods_create(mandate=instance)
    counter[model._meta.verbose_name] += 1
    verb = "created" if counter is report.created else "updated"
    report.details.append(f"{verb} {model._meta.verbose_name} {key}")


def _read(path: Path) -> list[tuple[int, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FixtureError(f"{path}: cannot be read: {error}") from error
    return _records_with_lines(text, path.name)


def _where(path: Path, line: int, record: Any) -> str:
    model = record.get("model", "?") if isinstance(record, dict) else "?"
    return f"{path.name}, line {line} ({model})"


@transaction.atomic
def load_fixtures(paths: list[Path]) -> LoadReport:
    """Check every record of every file against the schema, then load them all in one
    transaction: any error leaves the database as it was."""
    checked: list[tuple[Path, int, type[models.Model], dict[str, Any]]] = []
    for path in paths:
        for line, record in _read(path):
            try:
                checked.append((path, line, _checked(record), record["fields"]))
            except FixtureError as error:
                raise FixtureError(f"{_where(path, line, record)}: {error}") from error
    report = LoadReport()
    found: Found = {}
    for path, line, model, fields in checked:
        try:
            _load_record(
                model, fields, reason=f"Loaded from {path.name}", report=report, found=found
            )
        except FixtureError as error:
            where = _where(path, line, {"model": model._meta.label_lower})
            raise FixtureError(f"{where}: {error}") from error
    return report
