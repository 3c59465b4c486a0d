"""Deleting stored files (uploads) once the transaction that dropped their rows commits."""

from __future__ import annotations

import contextlib

from django.core.files.storage import default_storage
from django.db import transaction


def delete_after_commit(paths: list[str]) -> None:
    """Delete `paths` from the default storage after the current transaction commits (never
    before: a rolled-back erasure must keep its files). A file already gone is not an error."""

    def delete() -> None:
        for path in paths:
            with contextlib.suppress(OSError):
                default_storage.delete(path)

    transaction.on_commit(delete)
