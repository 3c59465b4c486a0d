"""Tasks for the worker tests only. `record_run` records its run in a table whose primary key
is the task's number, so a second run of the same task fails instead of passing unseen, with
the process that ran it and that process's parent (an RQ worker forks a work horse per job)."""

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
            f"INSERT INTO {RUNS_TABLE} (number, pid, parent) VALUES (%s, %s, %s)",  # noqa: S608
            [number, os.getpid(), os.getppid()],
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


# A database of its own on the local Redis, flushed before and after each RQ test.
REDIS_URL = os.environ.get("LOKET_TEST_TASK_REDIS_URL", "redis://127.0.0.1:6379/14")


def worker_env(backend: str = "django_tasks_db.DatabaseBackend") -> dict[str, str]:
    """The environment of a worker process: the test database as its DATABASE_URL (on
    PostgreSQL), the given task backend, the RQ queue on REDIS_URL."""
    env = {
        **os.environ,
        "LOKET_TASK_BACKEND": backend,
        "LOKET_TASK_REDIS_URL": REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "loket.settings",
    }
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        user = f"{db['USER']}:{db['PASSWORD']}" if db["PASSWORD"] else db["USER"]
        env["DATABASE_URL"] = f"postgres://{user}@{host}/{db['NAME']}"
    return env
