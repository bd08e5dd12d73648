"""Rows written in bulk without the ORM: the generator's million progress updates and their
history versions. The ORM's work for each value is most of the time of a bulk_create of a
million rows, so rows are plain dicts and go to the table as they are: COPY on PostgreSQL,
a prepared statement's executemany elsewhere (SQLite)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.db import connection
from django.db.models import Model

Row = dict[str, Any]
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def batches(items: Iterator[Row], size: int) -> Iterator[list[Row]]:
    """`items` a list of `size` at a time, so that a million rows are never all in memory."""
    while batch := list(islice(items, size)):
        yield batch


def copy_text(value: Any) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)  # numbers, dates, aware datetimes (ISO 8601 with their offset)


class RowWriter:
    """Rows straight into a model's table. Rows are dicts by attribute name; a field a row
    leaves out takes its default."""

    def __init__(self, model: type[Model], *, leave_out: tuple[str, ...] = ()) -> None:
        self.fields = [f for f in model._meta.concrete_fields if f.attname not in leave_out]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.table = model._meta.db_table
        self.postgres = connection.vendor == "postgresql"

    def write(self, rows: list[Row]) -> None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            if self.postgres:
                copy = f"COPY {quote(self.table)} ({columns}) FROM STDIN"
                cursor.copy_expert(copy, io.StringIO(self._copy_lines(rows)))
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                # The table and column names are the model's own, quoted; values are
                # parameters.
                insert = f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608
                cursor.executemany(insert, self._parameters(rows))

    def _copy_lines(self, rows: list[Row]) -> str:
        names = [(f.attname, self.defaults[f.attname]) for f in self.fields]
        return "".join(
            "\t".join(copy_text(row.get(name, default)) for name, default in names) + "\n"
            for row in rows
        )

    def _parameters(self, rows: list[Row]) -> list[list[Any]]:
        # SQLite's adapters want the values the database stores (dates as text, and so
        # on), which the field's own preparation gives.
        fields = [(f, self.defaults[f.attname]) for f in self.fields]
        return [
            [f.get_db_prep_save(row.get(f.attname, default), connection) for f, default in fields]
            for row in rows
        ]


@contextmanager
def foreign_key_checks_off() -> Iterator[None]:
    """On PostgreSQL, for a superuser, leave out the database's check of each written
    row's references, as pg_restore --disable-triggers does, for the rows written inside
    the block. Each update row names an objective made and a user read in this same
    transaction, so every check would pass, and a million of them (two for each update,
    all run at commit) were a third of the generator's time. Elsewhere they run as usual.

    Only SET LOCAL, so the setting ends with the transaction whatever happens; when the
    block raises, the transaction is failing and is left to roll back, not sent another
    statement (hence no `finally`)."""
    off = _turn_checks_off()
    yield
    if off:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def _turn_checks_off() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SET LOCAL session_replication_role = replica")
    return True


class Ids:
    """Primary keys for rows written without the ORM, taken before they are written so
    that each update's history row can name it: from the table's sequence on PostgreSQL,
    counting on from the largest on SQLite (whose transaction holds the write lock)."""

    def __init__(self, model: type[Model]) -> None:
        self.table = model._meta.db_table
        self.postgres = connection.vendor == "postgresql"
        self.last: int | None = None

    def take(self, count: int) -> list[int]:
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.table, count],
                )
                return [pk for (pk,) in cursor.fetchall()]
            if self.last is None:
                quote = connection.ops.quote_name
                table = quote(self.table)  # the model's own table name
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608  # nosec B608
                self.last = cursor.fetchone()[0]
        first = self.last + 1
        self.last += count
        return list(range(first, first + count))
