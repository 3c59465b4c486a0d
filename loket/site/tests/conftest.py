"""Fixtures of the task-worker tests (test_workers.py, test_rq_tasks.py)."""

import os

import pytest
import redis
from django.db import connection
from django_tasks import task_backends

from loket.site.tests.worker_tasks import REDIS_URL, RUNS_TABLE


@pytest.fixture
def runs_table():
    with connection.cursor() as cursor:
        columns = "number integer PRIMARY KEY, pid integer, parent integer"
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} ({columns})")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {RUNS_TABLE}")


@pytest.fixture
def rq_redis(settings):
    """The RQ task backend on REDIS_URL (its database flushed before and after); skips when
    that Redis does not answer, except in CI."""
    from django_tasks_rq import RQBackend

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):  # .ci/run starts Redis: there it must answer
            pytest.fail(f"Redis does not answer at {REDIS_URL}")
        pytest.skip(f"Redis does not answer at {REDIS_URL}: the RQ backend is not tested")
    client.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.LOKET_TASK_RETRIES = 3
    assert isinstance(task_backends["default"], RQBackend)
    yield client
    client.flushdb()
    client.close()
