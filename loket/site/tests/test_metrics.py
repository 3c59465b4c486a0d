"""/metrics: Prometheus text behind a bearer token, and the JSON log format (issue 18)."""

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from loket.complaints.models import Complaint, Status
from loket.notify.models import OutboxMessage
from loket.site.logging import UtcJson, UtcText
from loket.site.tests.worker_tasks import record_run

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
TOKEN = "scrape-secret-2026"


def metric(body: str, name: str) -> float:
    lines = [line for line in body.splitlines() if line.startswith(name + " ")]
    assert lines, f"{name} missing"
    return float(lines[0].split()[-1])


def complaint(office, *, due_in_hours, paused=False, status=Status.IN_PROGRESS):
    return Complaint.objects.create(
        office=office,
        channel="web",
        title="Antrean",
        description="Lama",
        status=status,
        is_open=True,
        received_at=NOW - timedelta(days=3),
        class_code="normatif",
        due_at=NOW + timedelta(hours=due_in_hours),
        paused_at=NOW - timedelta(hours=1) if paused else None,
    )


@pytest.mark.django_db
def test_metrics_is_not_found_while_no_token_is_set(client, settings):
    settings.LOKET_METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.django_db
def test_metrics_refuses_a_missing_or_wrong_token(client, settings):
    settings.LOKET_METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer scrape-secret-2025"})
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_metrics_show_backlog_task_lag_overdue_per_office_and_latency(
    client, settings, office_a, office_b
):
    settings.LOKET_METRICS_TOKEN = TOKEN
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with time_machine.travel(NOW - timedelta(minutes=10), tick=False):
        OutboxMessage.objects.create(channel="email", recipient="a@example.id", body="x")
        record_run.enqueue(1)
    with time_machine.travel(NOW - timedelta(minutes=2), tick=False):
        OutboxMessage.objects.create(channel="email", recipient="b@example.id", body="y")
        OutboxMessage.objects.create(
            channel="email", recipient="c@example.id", body="z", status="sent"
        )
    complaint(office_a, due_in_hours=-5)
    complaint(office_a, due_in_hours=-1)
    complaint(office_a, due_in_hours=-1, paused=True)  # the clock stopped: not overdue
    complaint(office_a, due_in_hours=4)
    complaint(office_a, due_in_hours=-1, status=Status.ANSWERED)  # nothing owed now
    complaint(office_b, due_in_hours=-30)

    with time_machine.travel(NOW, tick=False):
        assert client.get("/healthz").status_code == 200
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    body = response.content.decode()
    assert metric(body, "loket_outbox_pending_messages") == 2
    assert metric(body, "loket_outbox_oldest_pending_age_seconds") == 600
    assert metric(body, "loket_tasks_ready") == 1
    assert metric(body, "loket_task_queue_lag_seconds") == 600
    assert metric(body, f'loket_complaints_overdue{{office="{office_a.slug}"}}') == 2
    assert metric(body, f'loket_complaints_overdue{{office="{office_b.slug}"}}') == 1
    assert metric(body, 'loket_request_duration_seconds_count{method="GET",status="2xx"}') >= 1


@pytest.mark.django_db
def test_refusals_by_a_rate_limit_are_counted_per_view(client, settings, office_a):
    """OWASP ASVS 4.0.3 V8.1.4: 429s were neither counted nor alerted on; a flood or a
    guessing run now shows as a rising counter per view, which the operator alerts on."""
    settings.LOKET_METRICS_TOKEN = TOKEN

    def refused() -> float:
        body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        name = 'loket_rate_limited_requests_total{view="api-v1:get_complaint"}'
        lines = [line for line in body.content.decode().splitlines() if line.startswith(name)]
        return float(lines[0].split()[-1]) if lines else 0.0

    before = refused()
    with time_machine.travel("2026-12-01 02:00:05+00:00", tick=False):  # one minute window
        statuses = [client.get("/api/v1/complaints/2222-2222-2222/").status_code for _ in range(23)]
    assert statuses.count(429) == 3
    assert refused() - before == 3


@pytest.mark.django_db
def test_metrics_with_nothing_waiting_are_zero(client, settings):
    settings.LOKET_METRICS_TOKEN = TOKEN
    body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content.decode()
    assert metric(body, "loket_outbox_pending_messages") == 0
    assert metric(body, "loket_outbox_oldest_pending_age_seconds") == 0
    assert metric(body, "loket_task_queue_lag_seconds") == 0
    assert "loket_complaints_overdue{" not in body


@time_machine.travel("2026-12-01 02:03:04+00:00", tick=False)
def test_json_log_format_writes_one_object_per_record_in_utc(settings):
    options = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    assert settings.LOGGING["formatters"]["json"]["()"] == "loket.site.logging.UtcJson"
    record = logging.LogRecord("loket.notify", logging.WARNING, __file__, 1, "sent %s", (3,), None)
    line = UtcJson(**options).format(record)
    assert json.loads(line) == {
        "time": "2026-12-01T02:03:04Z",  # UTC, whatever the process's zone (Pontianak: 09.03)
        "level": "WARNING",
        "logger": "loket.notify",
        "message": "sent 3",
    }


@time_machine.travel("2026-12-01 02:03:04+00:00", tick=False)
def test_a_text_log_line_is_in_utc_and_a_sent_newline_cannot_forge_another_line(settings):
    """OWASP ASVS 4.0.3 V7.3.1 and V7.3.4: the text format had no time and wrote messages as
    they came, so a path with an encoded newline wrote a line of the attacker's choosing."""
    assert settings.LOGGING["formatters"]["text"]["()"] == "loket.site.logging.UtcText"
    forged = "/x\n2026-12-01T02:03:04Z WARNING django.security Admin signed in\x1b[2J"
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (forged,), None
    )
    line = UtcText().format(record)
    assert "\n" not in line
    assert line == (
        "2026-12-01T02:03:04Z WARNING django.request Not Found: /x\\n2026-12-01T02:03:04Z "
        "WARNING django.security Admin signed in\\x1b[2J"
    )
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        failure = logging.LogRecord(
            "loket", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    assert UtcText().format(failure).count("\n") >= 2  # the traceback keeps its lines


@pytest.mark.django_db
def test_with_the_redis_backend_the_task_figures_come_from_rqs_queue(client, settings, rq_redis):
    settings.LOKET_METRICS_TOKEN = TOKEN
    with time_machine.travel(NOW - timedelta(minutes=10), tick=False):
        record_run.enqueue(1)
    with time_machine.travel(NOW - timedelta(minutes=3), tick=False):
        record_run.enqueue(2)
    with time_machine.travel(NOW, tick=False):
        body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content
    assert metric(body.decode(), "loket_tasks_ready") == 2
    assert metric(body.decode(), "loket_task_queue_lag_seconds") == 600

    rq_redis.flushdb()
    body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content
    assert metric(body.decode(), "loket_tasks_ready") == 0
    assert metric(body.decode(), "loket_task_queue_lag_seconds") == 0
