"""Real concurrency on PostgreSQL: two workers on the same queue and the same delivery
posted twice at once. Every message is processed exactly once, stored exactly once."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from loket.complaints.models import Complaint
from loket.intake import services
from loket.intake.models import InboundMessage, IntakeEvent
from loket.intake.whatsapp import webhook

from .conftest import APP_SECRET, delivery

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row claims under real concurrency need PostgreSQL; SQLite runs one writer at "
        "a time, so there is no race to test",
    ),
]


def _together(*jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def _text(n: int) -> bytes:
    return (
        delivery("text")
        .replace(b"wamid.HBgN", f"wamid.C{n}-".encode())
        .replace(b"6281234500001", f"62812345{n:05d}".encode())
    )


def test_two_workers_process_every_message_exactly_once(wa_account):
    for n in range(20):
        services.receive_whatsapp(_text(n))
    done = _together(services.process_due, services.process_due)
    assert sum(done) == 20
    assert Complaint.objects.count() == 20
    assert set(InboundMessage.objects.values_list("state", flat=True)) == {"processed"}
    assert IntakeEvent.objects.filter(action="created").count() == 20


def test_the_same_delivery_posted_twice_at_once_is_stored_once(wa_account):
    raw = _text(1)

    def post():
        return (
            Client()
            .post(
                "/masuk/whatsapp/",
                data=raw,
                content_type="application/json",
                headers={"X-Hub-Signature-256": webhook.sign(raw, APP_SECRET)},
            )
            .status_code
        )

    for _round in range(5):
        statuses = _together(post, post)
        assert statuses == [200, 200]
    assert InboundMessage.objects.count() == 1
