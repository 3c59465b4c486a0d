"""The RQ queue class of the Redis task backend (`RQ["QUEUE_CLASS"]` in settings).

django-tasks-rq creates its jobs without retries; RQ then marks a job whose worker died
mid-run (found in the StartedJobRegistry once the worker's heartbeat lease has run out,
`min(job timeout, 30 s) + 60 s` after its last heartbeat) as FAILED with `AbandonedJobError`.
With retries left, the same cleanup queues the job again instead, so a task whose worker died
runs again on another worker. Loket's tasks may run twice: each claims its row first
(`notify.delivery.claim`, `intake.services.processing`), so a second run of finished work
does nothing. A task that raises is retried the same way.

Only imported through that setting, when the `redis-tasks` extra (django-rq, rq) is installed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_rq.queues import DjangoRQ
from rq.job import Job, Retry


class RetryingQueue(DjangoRQ):
    """django-rq's queue whose jobs get `settings.LOKET_TASK_RETRIES` retries, queued again at
    once (no interval: a retry then needs no RQ scheduler), unless the caller gives its own."""

    def create_job(self, *args: Any, **kwargs: Any) -> Job:
        if kwargs.get("retry") is None and settings.LOKET_TASK_RETRIES > 0:
            kwargs["retry"] = Retry(max=settings.LOKET_TASK_RETRIES)
        return super().create_job(*args, **kwargs)
