"""Several task workers on PostgreSQL: every task is done exactly once, and the work of a
worker that died is done again once its lease has run out (issue 18)."""

import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, transaction
from django.db.models import Count
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from loket.notify import delivery
from loket.notify import services as notify
from loket.notify.models import OutboxMessage
from loket.site.tests.worker_tasks import RUNS_TABLE, record_run, worker_env

ROOT = Path(__file__).resolve().parents[3]
TASKS = 1_000
WORKERS = 3

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker processes share the test database: PostgreSQL only",
    ),
]


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


@pytest.mark.django_db(transaction=True)
def test_a_delivery_whose_worker_died_is_done_again_after_its_lease(settings, tmp_path):
    """django-tasks-db has no lease of its own: a task whose worker died stays RUNNING. The
    lease is the outbox row's claim (`notify.delivery.CLAIM_LEASE`); once it has run out, the
    periodic `deliver_outbox` (`deliver_due`) sends the message, once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # A mail server that takes the connection and never greets: the send hangs mid-task.
    silent = socket.create_server(("127.0.0.1", 0), backlog=5)
    port = silent.getsockname()[1]
    with transaction.atomic():
        message = notify.queue_email(to="warga@contoh.id", subject="Tanda terima", body="Isi")
    [task] = DBTaskResult.objects.all()

    env = {
        **worker_env(),
        "LOKET_EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "LOKET_EMAIL_TIMEOUT": "60",
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
               "--interval", "0.05", "-v0"]  # fmt: skip
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not OutboxMessage.objects.filter(pk=message.pk, attempts=1).exists():
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, "the worker never claimed the message"
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        silent.close()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING  # and stays so: nobody gives it back
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 1)
    claimed_until = message.next_attempt_at
    assert notify.deliver_due(now=claimed_until - timedelta(seconds=1)) == 0  # still leased
    assert mail.outbox == []
    assert notify.deliver_due(now=claimed_until) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 2)
    assert len(mail.outbox) == 1
    assert notify.deliver_due(now=claimed_until + delivery.CLAIM_LEASE) == 0
    assert len(mail.outbox) == 1
