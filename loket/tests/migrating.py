"""Migration tests' one way to move the test database to some migrations and back (the
`_back_to_the_latest_schema` fixture of loket/conftest.py returns it to the latest)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate the test database to `targets` ([(app, migration), ...]) and return the
    historical apps registry of that state (`apps.get_model(...)`)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """The latest migration of every app."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
