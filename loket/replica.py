"""Read-only work on a replica: the reports' heavy reads may go to a streaming replica of
PostgreSQL (`DATABASE_REPLICA_URL`), everything else stays on the primary.

Only code that says so reads from the replica (`with reading_from_replica():` around a
report's queries): a replica lags by up to a few seconds, so a page that shows what its user
has just changed must read the primary. Without a replica configured the block reads the
primary as before. Writes and migrations always go to the primary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Within the block, reads go to the replica when one is configured."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    """Django database router (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model, **hints) -> str | None:
        if _reading_from_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica holds the primary's rows: an object read there may refer to one here.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"
