"""Tasks per second through each task backend: N trivial tasks (one INSERT each, the worker
tests' `record_run`) enqueued, then K worker processes in burst mode drain them; every task
is checked to have run exactly once.

Backends: the database backend (`manage.py db_worker --batch`), RQ on Redis with RQ's default
forking worker (a work horse per job) and with `rq.SimpleWorker` (jobs in the worker process).
Needs a migrated PostgreSQL database of its own and the local Redis (its db 13 is flushed):

    createdb -h 127.0.0.1 -U postgres loket_bench_tasks
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench_tasks
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python bench/task_workers.py --tasks 1000 --workers 3
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
# bench/README.md measured with the in-process cache unless it says Redis (LOKET_CACHE_URL).
os.environ.setdefault("LOKET_CACHE_URL", "locmemcache://bench")

import django  # noqa: E402

RQ = "django_tasks_rq.RQBackend"
DB = "django_tasks_db.DatabaseBackend"
RUNS = {
    "database, db_worker": (DB, ["db_worker", "--batch", "--no-reload", "--no-startup-delay",
                                 "--interval", "0.05", "-v0"]),
    "RQ, forking Worker": (RQ, ["rqworker", "--burst", "--job-class", "django_tasks_rq.Job",
                                "default"]),
    "RQ, SimpleWorker": (RQ, ["rqworker", "--burst", "--job-class", "django_tasks_rq.Job",
                              "--worker-class", "rq.SimpleWorker", "default"]),
}  # fmt: skip


def run(name: str, tasks: int, workers: int, redis_url: str) -> tuple[float, float]:
    import redis
    from django.db import connection
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from loket.site.tests.worker_tasks import RUNS_TABLE, record_run

    backend, command = RUNS[name]
    redis.Redis.from_url(redis_url).flushdb()
    DBTaskResult.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RUNS_TABLE}")
        cursor.execute(
            f"CREATE TABLE {RUNS_TABLE} (number integer PRIMARY KEY, pid integer, parent integer)"
        )
    queues = {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": 60}}
    with override_settings(TASKS={"default": {"BACKEND": backend}}, RQ_QUEUES=queues):
        start = time.perf_counter()
        for number in range(tasks):
            record_run.enqueue(number)
        enqueued = time.perf_counter() - start
    env = {**os.environ, "LOKET_TASK_BACKEND": backend, "LOKET_TASK_REDIS_URL": redis_url}
    start = time.perf_counter()
    processes = [
        subprocess.Popen([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(workers)
    ]  # fmt: skip
    errors = [process.communicate()[1] for process in processes]
    drained = time.perf_counter() - start
    assert all(process.returncode == 0 for process in processes), errors
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), count(DISTINCT number) FROM {RUNS_TABLE}")  # noqa: S608
        assert cursor.fetchone() == (tasks, tasks), "not every task ran exactly once"
        cursor.execute(f"DROP TABLE {RUNS_TABLE}")
    return enqueued, drained


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    django.setup()
    print(f"{args.tasks} tasks, {args.workers} workers\n")
    print("| backend | enqueue (tasks/s) | drain incl. worker start (s) | tasks/s |")
    print("|---|---|---|---|")
    for name in RUNS:
        enqueued, drained = run(name, args.tasks, args.workers, args.redis_url)
        rate = args.tasks / drained
        print(
            f"| {name} | {args.tasks / enqueued:,.0f} | {drained:.1f} | {rate:,.1f} |", flush=True
        )


if __name__ == "__main__":
    main()
