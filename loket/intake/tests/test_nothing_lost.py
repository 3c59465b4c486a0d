"""Nothing lost, nothing doubled: a worker killed mid-processing, the database down during
a webhook delivery (the provider gets a 5xx and delivers again), restarts: every message
ends processed exactly once. And the watchdog that reports what is stuck."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from loket.complaints.models import Complaint
from loket.intake import complaints_port, services
from loket.intake.models import InboundMessage, IntakeEvent
from loket.intake.services import ingress, processing
from loket.intake.services.watchdog import inspect
from loket.tests.samples import JPEG  # real documents: the upload rule decodes them

from .conftest import delivery

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, nothing is caught."""


def test_a_worker_killed_after_creating_the_complaint_leaves_no_trace_and_it_is_redone(
    post_webhook, wa_account, batch, monkeypatch
):
    post_webhook(batch)
    real_finish = processing.finish
    calls = {"n": 0}

    def dies_once(message, now, **kwargs):
        calls["n"] += 1
        if kwargs.get("outcome") == "created" and calls["n"] == 1:
            raise Killed  # the complaint was submitted in this transaction: it rolls back
        return real_finish(message, now, **kwargs)

    monkeypatch.setattr(processing, "finish", dies_once)
    with pytest.raises(Killed):
        services.process_due()
    assert Complaint.objects.count() == 0
    claimed = InboundMessage.objects.get(provider_id="wamid.BATCH1")
    assert (claimed.state, claimed.attempts) == ("received", 1)
    assert claimed.lease_until is not None
    # Right after the restart the dead worker's claim still holds; once it expires the
    # message is taken again.
    monkeypatch.setattr(processing, "finish", real_finish)
    services.process_due(now=timezone.now() + processing.CLAIM_LEASE + timedelta(seconds=1))
    assert set(InboundMessage.objects.values_list("state", flat=True)) == {"processed"}
    assert Complaint.objects.count() == 1
    claimed.refresh_from_db()
    assert claimed.attempts == 2
    assert claimed.complaint == Complaint.objects.get()


def test_a_worker_killed_after_downloading_media_does_not_download_it_again(
    post_webhook, wa_account, stub, monkeypatch
):
    sha = stub.state.add_media("1003383421387256", JPEG, "image/jpeg")
    post_webhook(delivery("image", SHA256=sha))

    def killed(*args, **kwargs):
        raise Killed

    monkeypatch.setattr(complaints_port, "submit_complaint", killed)
    with pytest.raises(Killed):
        services.process_due()
    assert InboundMessage.objects.get().attachments.get().status == "stored"
    fetched = len(stub.state.calls)
    monkeypatch.undo()
    services.process_due(now=timezone.now() + processing.CLAIM_LEASE + timedelta(seconds=1))
    message = InboundMessage.objects.get()
    assert (message.state, message.outcome) == ("processed", "created")
    assert len(stub.state.calls) == fetched  # the stored file was used, not fetched again
    assert message.complaint.attachments.count() == 1


def test_the_database_down_during_a_delivery_answers_5xx_and_the_retry_stores_it_once(
    post_webhook, wa_account, batch, monkeypatch
):
    raw = batch

    def database_down(message):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(ingress, "_insert", database_down)
    response = post_webhook(raw)
    assert response.status_code == 503  # the provider keeps the delivery and retries
    assert InboundMessage.objects.count() == 0
    monkeypatch.undo()
    assert post_webhook(raw).status_code == 200  # the provider's retry
    assert post_webhook(raw).status_code == 200  # and a duplicate of it
    assert InboundMessage.objects.count() == 4
    services.process_due()
    services.process_due()
    assert set(InboundMessage.objects.values_list("state", flat=True)) == {"processed"}
    assert Complaint.objects.count() == 1  # "halo" and the voice note wait in the inbox


def test_a_message_that_keeps_failing_is_given_up_and_reported(
    post_webhook, wa_account, monkeypatch, settings
):
    settings.LOKET_INTAKE_MAX_ATTEMPTS = 2
    post_webhook(delivery("text"))

    def refused(**kwargs):
        raise RuntimeError("complaints service unavailable")

    monkeypatch.setattr(complaints_port, "submit_complaint", refused)
    now = timezone.now()
    services.process_due(now=now)
    message = InboundMessage.objects.get()
    assert (message.state, message.attempts) == ("received", 1)
    services.process_due(now=now + timedelta(hours=1))
    message.refresh_from_db()
    assert message.state == "failed"
    assert "complaints service unavailable" in message.last_error
    report = inspect(now=now + timedelta(hours=1))
    assert [m.pk for m in report.failed] == [message.pk]
    assert not report.ok
    assert any("failed: message" in line for line in report.lines())


def test_the_watchdog_reports_stuck_messages_and_silent_mailboxes_once(
    post_webhook, wa_account, office_a, settings
):
    post_webhook(delivery("text"))
    services.connect_mailbox(
        office=office_a,
        label="E-mail",
        address="pengaduan@kantor-a.test",
        host="127.0.0.1",
        port=1,
        username="x",
    )
    later = timezone.now() + timedelta(minutes=settings.LOKET_INTAKE_STUCK_MINUTES + 1)
    report = inspect(now=later)
    assert len(report.stuck) == 1
    assert [a.address for a in report.silent_mailboxes] == ["pengaduan@kantor-a.test"]
    inspect(now=later)
    assert IntakeEvent.objects.filter(action="stuck").count() == 1
    services.process_due()
    assert inspect(now=later).stuck == []


def test_the_watchdog_is_quiet_when_all_is_well(db):
    report = inspect()
    assert report.ok
    assert report.lines() == ["intake: nothing stuck, every mailbox polled"]
