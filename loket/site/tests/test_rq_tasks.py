"""The Redis task backend (django-tasks-rq on RQ, issue 18) against the local Redis (the
`rq_redis` fixture: db 14, skipped when Redis does not answer): tasks enqueued by Loket's own
code run once on an RQ worker, only after their transaction commits; three workers run a
thousand tasks once each; a job whose worker died runs again once its lease has run out."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django_rq import get_queue
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_rq import Job
from rq import SimpleWorker
from rq.job import JobStatus
from rq.registry import FailedJobRegistry, StartedJobRegistry, clean_registries

from loket.notify import services as notify
from loket.notify.models import OutboxMessage
from loket.rq_queue import RetryingQueue
from loket.site.tests.worker_tasks import (
    RUNS_TABLE,
    record_run,
    wait_for_release,
    worker_env,
)

ROOT = Path(__file__).resolve().parents[3]


def queue():
    return get_queue("default", job_class=Job)


def burst(client) -> None:
    """Run every queued job in this process (the test database is visible), then return."""
    SimpleWorker([queue()], connection=client, job_class=Job).work(burst=True)


def test_the_queue_class_gives_every_job_retries(rq_redis):
    assert isinstance(queue(), RetryingQueue)
    result = wait_for_release.enqueue("/nonexistent")
    job = Job.fetch(result.id, connection=rq_redis)
    assert (job.retries_left, job.retry_intervals) == (3, [0])


@pytest.mark.django_db(transaction=True)
def test_an_outbox_message_is_enqueued_after_commit_and_delivered_once(rq_redis):
    with transaction.atomic():
        message = notify.queue_email(to="warga@contoh.id", subject="Tanda terima", body="Isi")
        assert queue().count == 0  # no worker can look for a row that is not committed yet
    [job_id] = queue().job_ids

    burst(rq_redis)

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert [m.to for m in mail.outbox] == [["warga@contoh.id"]]
    job = Job.fetch(job_id, connection=rq_redis)
    assert job.get_status() == JobStatus.FINISHED
    assert task_backends["default"].get_result(job_id).status == TaskResultStatus.SUCCESSFUL
    assert queue().count == 0
    assert FailedJobRegistry(queue=queue()).count == 0
    burst(rq_redis)  # nothing left to run: still one mail
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_enqueues_nothing(rq_redis):
    def change_that_fails() -> None:
        with transaction.atomic():
            notify.queue_email(to="warga@contoh.id", subject="Tanda terima", body="Isi")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError, match="the change failed"):
        change_that_fails()
    assert not OutboxMessage.objects.exists()
    assert queue().count == 0
    assert rq_redis.keys("rq:job:*") == []


def start_worker(tmp_path: Path, retries: int) -> subprocess.Popen:
    env = {**worker_env("django_tasks_rq.RQBackend"), "LOKET_TASK_RETRIES": str(retries)}
    command = [sys.executable, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job"]
    return subprocess.Popen(  # its own process group, so that killing it kills all of it
        [*command, "default"],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill_when_started(worker: subprocess.Popen, directory: Path) -> None:
    """SIGKILL the worker and its work horse (RQ forks the horse into a process group of its
    own; the task wrote the horse's pid) once the job runs: a machine that died mid-task."""
    deadline = time.monotonic() + 60
    marker = directory / "run-1"
    while not (marker.exists() and marker.read_text()):
        assert worker.poll() is None, (directory.parent / "worker.log").read_text()
        assert time.monotonic() < deadline, "the worker never started the job"
        time.sleep(0.05)
    os.kill(int(marker.read_text()), signal.SIGKILL)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.parametrize("retries", [3, 0])
def test_a_job_whose_worker_died_runs_again_after_its_lease(rq_redis, settings, tmp_path, retries):
    settings.LOKET_TASK_RETRIES = retries
    directory = tmp_path / "runs"
    directory.mkdir()
    result = wait_for_release.enqueue(str(directory))
    worker = start_worker(tmp_path, retries)
    try:
        kill_when_started(worker, directory)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    job = Job.fetch(result.id, connection=rq_redis)
    assert job.get_status() == JobStatus.STARTED  # the dead worker still holds it
    started = StartedJobRegistry(name="default", connection=rq_redis, job_class=Job)

    clean_registries(queue())  # a live worker's maintenance, within the lease: nothing moves
    assert job.get_status(refresh=True) == JobStatus.STARTED
    # The lease: the worker's last heartbeat plus min(job timeout, 30 s) + 60 s.
    with time_machine.travel(time.time() + 91, tick=False):
        clean_registries(queue())
    assert started.count == 0

    if not retries:
        assert job.get_status(refresh=True) == JobStatus.FAILED
        assert "AbandonedJobError" in (job.latest_result().exc_string or "")
        assert FailedJobRegistry(queue=queue()).count == 1
        assert task_backends["default"].get_result(result.id).status == TaskResultStatus.FAILED
        return
    job.refresh()
    assert job.get_status() == JobStatus.QUEUED
    assert job.retries_left == retries - 1
    (directory / "release").touch()
    burst(rq_redis)
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    assert task_backends["default"].get_result(result.id).return_value == 2  # the second run
    assert sorted(p.name for p in directory.iterdir()) == ["release", "run-1", "run-2"]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the workers share PostgreSQL")
def test_three_rq_workers_do_a_thousand_tasks_each_exactly_once(rq_redis, runs_table):
    tasks, workers = 1_000, 3
    for number in range(tasks):
        record_run.enqueue(number)
    assert queue().count == tasks

    command = [sys.executable, "manage.py", "rqworker", "--burst", "--job-class",
               "django_tasks_rq.Job", "default"]  # fmt: skip
    processes = [
        subprocess.Popen(
            command,
            cwd=ROOT,
            env=worker_env("django_tasks_rq.RQBackend"),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(workers)
    ]
    outputs = [process.communicate(timeout=600)[0].decode() for process in processes]
    assert [process.returncode for process in processes] == [0] * workers, outputs

    assert queue().count == 0
    assert FailedJobRegistry(queue=queue()).count == 0
    with connection.cursor() as cursor:
        totals = "count(*), count(DISTINCT number), min(number), max(number)"
        cursor.execute(f"SELECT {totals} FROM {RUNS_TABLE}")  # noqa: S608
        assert cursor.fetchone() == (tasks, tasks, 0, tasks - 1)
        # Each job ran in a work horse forked by one of the three workers.
        cursor.execute(f"SELECT parent, count(*) FROM {RUNS_TABLE} GROUP BY parent")  # noqa: S608
        per_worker = dict(cursor.fetchall())
    assert sorted(per_worker) == sorted(process.pid for process in processes), per_worker
