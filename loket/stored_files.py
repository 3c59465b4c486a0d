"""Deleting stored files (uploads) once the transaction that dropped their rows commits."""

from __future__ import annotations

import contextlib

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet


def delete_after_commit(paths: list[str]) -> None:
    """Delete `paths` from the default storage after the current transaction commits (never
    before: a rolled-back erasure must keep its files). A file already gone is not an error."""

    def delete() -> None:
        for path in paths:
            with contextlib.suppress(OSError):
                default_storage.delete(path)

    transaction.on_commit(delete)


def delete_with_files(rows: QuerySet, field: str = "file") -> int:
    """Delete the rows of `rows` and, once the transaction commits, the files their `field`
    names. Returns how many rows went (the model's own rows, not cascades)."""
    paths = [name for name in rows.values_list(field, flat=True) if name]
    _total, by_model = rows.delete()
    delete_after_commit(paths)
    return by_model.get(rows.model._meta.label, 0)
