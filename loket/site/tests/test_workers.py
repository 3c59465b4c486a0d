"""Several task workers on PostgreSQL: every task is done exactly once (issue 18)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count
from django_tasks_db.models import DBTaskResult

from loket.site.tests.worker_tasks import RUNS_TABLE, record_run

ROOT = Path(__file__).resolve().parents[3]
TASKS = 1_000
WORKERS = 3

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="several workers need PostgreSQL's row locks"
    ),
]


@pytest.fixture
def runs_table():
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} (number integer PRIMARY KEY, pid integer)")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {RUNS_TABLE}")


def worker_env() -> dict[str, str]:
    """The test database as the workers' DATABASE_URL, with the database task backend."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db["PASSWORD"]:
        url = url.replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
    return {
        **os.environ,
        "DATABASE_URL": url,
        "LOKET_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_SETTINGS_MODULE": "loket.settings",
    }


@pytest.mark.django_db(transaction=True)
def test_three_database_workers_do_a_thousand_tasks_each_exactly_once(settings, runs_table):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for number in range(TASKS):
        record_run.enqueue(number)
    assert DBTaskResult.objects.count() == TASKS

    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload",
               "--no-startup-delay", "--interval", "0.05", "-v0"]  # fmt: skip
    workers = [
        subprocess.Popen(
            [*command, "--worker-id", f"w{index}"],
            cwd=ROOT,
            env=worker_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for index in range(WORKERS)
    ]
    outputs = [worker.communicate(timeout=600)[0].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * WORKERS, outputs

    statuses = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
    assert statuses == {"SUCCESSFUL": TASKS}
    with connection.cursor() as cursor:
        totals = "count(*), count(DISTINCT number), min(number), max(number)"
        cursor.execute(f"SELECT {totals} FROM {RUNS_TABLE}")  # noqa: S608
        assert cursor.fetchone() == (TASKS, TASKS, 0, TASKS - 1)
        cursor.execute(f"SELECT pid, count(*) FROM {RUNS_TABLE} GROUP BY pid")  # noqa: S608
        per_worker = dict(cursor.fetchall())
    # All three took a share: the work was really spread, not done by one of them.
    assert len(per_worker) == WORKERS, per_worker
    assert min(per_worker.values()) > 0, per_worker
