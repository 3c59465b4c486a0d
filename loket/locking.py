"""One locking idiom: re-read a row under its row lock inside the caller's transaction."""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction

M = TypeVar("M", bound=models.Model)


def locked(instance: M, *, related: tuple[str, ...] = ()) -> M:
    """The fresh copy of `instance` read with `SELECT ... FOR UPDATE` (only its own row).

    Raises `TransactionManagementError` outside `transaction.atomic()` (the lock would be
    released at once). On SQLite, whose transactions Loket opens IMMEDIATE, the write lock is
    already held and the clause is dropped by Django.
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("locked() needs transaction.atomic()")
    queryset = type(instance)._default_manager.select_for_update(of=("self",))
    if related:
        queryset = queryset.select_related(*related)
    return queryset.get(pk=instance.pk)
