"""A task for the several-workers test only: it records its run in a table whose primary key
is the task's number, so a second run of the same task fails instead of passing unseen."""

import os

from django.db import connection
from django_tasks import task

RUNS_TABLE = "loket_test_worker_run"


@task()
def record_run(number: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RUNS_TABLE} (number, pid) VALUES (%s, %s)",  # noqa: S608
            [number, os.getpid()],
        )
    return number
