"""/metrics: operations figures in the Prometheus text format, for a scraper holding the
bearer token LOKET_METRICS_TOKEN (the page answers 404 while the setting is empty).

prometheus_client (the Prometheus project's own library) writes the format and keeps the
request-latency histogram; with several gunicorn workers set PROMETHEUS_MULTIPROC_DIR to an
empty directory so every worker's observations are summed (its multiprocess mode). The
database figures are read when scraped, never kept in memory."""

import hmac
import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from loket.complaints.metrics import overdue_per_office
from loket.notify.selectors import outbox_backlog

REQUEST_SECONDS = Histogram(
    "loket_request_duration_seconds",
    "Time from the request reaching Django to its response, by method and status class.",
    ["method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


# Requests refused by a rate limit or the sign-in lockout (429), by the view that refused them:
# a sudden rise is a flood or a guessing run to alert on (OWASP ASVS 4.0.3 V8.1.4, V11.1.8;
# the alert rule in deploy/README.md). The view's name bounds the labels; "-" before routing.
RATE_LIMITED = Counter(
    "loket_rate_limited_requests",
    "Requests answered 429 (a rate limit or the sign-in lockout), by view.",
    ["view"],
)


class LatencyMiddleware:
    """Observes every request's duration in REQUEST_SECONDS and counts the 429s in
    RATE_LIMITED (first in MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        REQUEST_SECONDS.labels(request.method, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        if response.status_code == 429:
            match = getattr(request, "resolver_match", None)
            RATE_LIMITED.labels(match.view_name if match else "-").inc()
        return response


def task_queue() -> tuple[int, datetime | None]:
    """Tasks waiting for a worker and when the oldest of them was enqueued (None when none), from
    the configured backend: the task table (django-tasks-db) or RQ's Redis list, whose head is
    the oldest job (django-tasks-rq); (0, None) for a backend that keeps no queue."""
    backend = task_backends["default"]
    if isinstance(backend, DatabaseBackend):
        ready = DBTaskResult.objects.ready()
        first = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        return ready.count(), first
    if type(backend).__module__.startswith("django_tasks_rq"):
        import django_rq  # the redis-tasks extra, installed where this backend is configured

        queue = django_rq.get_queue("default")
        head = queue.get_job_ids(0, 1)
        job = queue.fetch_job(head[0]) if head else None
        return queue.count, job.enqueued_at if job else None
    return 0, None


class DatabaseCollector:
    """Figures read from the database at each scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        waiting, oldest = outbox_backlog(now)
        yield GaugeMetricFamily(
            "loket_outbox_pending_messages", "Outbound messages not yet delivered.", value=waiting
        )
        yield GaugeMetricFamily(
            "loket_outbox_oldest_pending_age_seconds",
            "Age of the oldest undelivered outbound message (0 when none).",
            value=oldest,
        )
        ready, first = task_queue()
        yield GaugeMetricFamily(
            "loket_tasks_ready", "Background tasks waiting for a worker.", value=ready
        )
        yield GaugeMetricFamily(
            "loket_task_queue_lag_seconds",
            "How long the oldest task waiting for a worker has waited (0 when none).",
            value=max((now - first).total_seconds(), 0.0) if first else 0.0,
        )
        overdue = GaugeMetricFamily(
            "loket_complaints_overdue",
            "Open complaints past their deadline with the clock running, per office.",
            labels=["office"],
        )
        for office, count in sorted(overdue_per_office(now).items()):
            overdue.add_metric([office], count)
        yield overdue


def registry() -> CollectorRegistry:
    scraped = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(scraped)
    else:
        scraped.register(_ProcessHistogram())
    scraped.register(DatabaseCollector())
    return scraped


class _ProcessHistogram:
    """This process's latency histogram and refusal counter (one worker: no multiprocess
    directory)."""

    def collect(self):
        return [*REQUEST_SECONDS.collect(), *RATE_LIMITED.collect()]


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.LOKET_METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = HttpResponse("bearer token required\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="loket-metrics"'
        return response
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
