"""Deleting stored files (uploads) once the transaction that dropped their rows commits."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple

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


class UploadArea(NamedTuple):
    """A folder of the default storage whose files an app owns: every file under `root` is
    referenced by one of the app's rows, except under the folders of `skip` (files held by a
    session, with their own rule)."""

    root: str
    skip: tuple[str, ...] = ()


def stored_files_under(area: UploadArea, *, modified_before: datetime) -> Iterator[str]:
    """The paths of the files under `area.root` (walked through every sub-folder, never
    those of `area.skip`) last modified before `modified_before` (aware). A root that does
    not exist yields nothing."""
    pending = [area.root.rstrip("/")]
    while pending:
        folder = pending.pop()
        if folder in area.skip:
            continue
        try:
            folders, names = default_storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        pending.extend(f"{folder}/{name}" for name in folders)
        for name in names:
            path = f"{folder}/{name}"
            try:
                modified = default_storage.get_modified_time(path)
            except (FileNotFoundError, NotImplementedError):
                continue
            if modified < modified_before:
                yield path
