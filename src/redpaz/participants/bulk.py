"""Fast inserts for large participant imports.

``bulk_create`` compiles every value of every row through the ORM, which costs more than the
encryption of 100,000 identities; these inserts adapt only the values that need it (dates,
times, JSON) and hand the rows to the driver's ``executemany``. No signals run, as with
``bulk_create``: the import batch is the trace of these rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

CHUNK = 5000


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> int:
    """Insert rows (values in the order of ``names``, FKs by their ``*_id`` attribute)."""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(getattr(field, "column", ""))) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    adapters = [(i, a) for i, field in enumerate(fields) if (a := _adapter(field)) is not None]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = []
            for row in rows[start : start + CHUNK]:
                values = list(row)
                for i, adapt in adapters:
                    if values[i] is not None:
                        values[i] = adapt(values[i])
                chunk.append(values)
            cursor.executemany(sql, chunk)
    return len(rows)


def _adapter(field: Any) -> Callable[[Any], Any] | None:
    """How the backend wants a value of this field (what get_db_prep_save would do)."""
    kind = field.get_internal_type()
    ops = connection.ops
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind == "JSONField":
        return lambda value: ops.adapt_json_value(value, field.encoder)
    return None
