"""Tasks for the worker tests only. `record_run` records its run in a table whose primary key
is the task's number, so a second run of the same task fails instead of passing unseen."""

import os
import time
from pathlib import Path

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


@task()
def wait_for_release(directory: str) -> int:
    """For the dead-worker test: records this run as a file `run-N` in `directory`, then waits
    (up to 60 s) for a file `release` there; returns N."""
    folder = Path(directory)
    run = len(list(folder.glob("run-*"))) + 1
    (folder / f"run-{run}").write_text(str(os.getpid()))
    deadline = time.monotonic() + 60
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    return run
