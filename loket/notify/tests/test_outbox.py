"""The outbox: messages commit with the change that causes them, are delivered after commit,
retried with backoff while the mail server is down, and never sent twice."""

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from loket.notify import delivery, senders, services
from loket.notify.models import OutboxMessage

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB

pytestmark = pytest.mark.django_db


def restart(smtp_server) -> None:
    # aiosmtpd closes its event loop on stop(); a restarted server needs a fresh one.
    smtp_server.controller.loop = asyncio.new_event_loop()
    smtp_server.controller.start()


def queue_one(**overrides) -> OutboxMessage:
    fields = {"to": "warga@contoh.id", "subject": "Halo", "body": "Isi", "topic": "uji"}
    return services.queue_email(**{**fields, **overrides})


def test_a_message_queued_in_a_rolled_back_transaction_is_never_sent(
    smtp_server, django_capture_on_commit_callbacks
):
    def change_that_fails() -> None:
        with transaction.atomic():
            queue_one()
            raise RuntimeError("the change failed")

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError, match="the change failed"),
    ):
        change_that_fails()
    assert not OutboxMessage.objects.exists()
    assert smtp_server.messages == []


def test_a_committed_message_is_delivered_by_the_task_after_commit(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            message = queue_one(html="<p>Isi</p>", related="complaint:7")
        assert smtp_server.messages == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "warga@contoh.id"
    assert mail["Subject"] == "Halo"
    assert mail.is_multipart()  # text and HTML alternatives
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


@time_machine.travel(NOW, tick=False)
def test_nothing_is_lost_while_the_mail_server_is_down_and_it_is_sent_when_it_is_back(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.controller.stop()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = queue_one()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert message.last_error
    assert message.next_attempt_at == NOW + timedelta(minutes=1)

    assert services.deliver_due(now=NOW + timedelta(seconds=30)) == 0  # not due yet
    assert services.deliver_due(now=NOW + timedelta(minutes=1)) == 0  # still down
    message.refresh_from_db()
    assert message.next_attempt_at == NOW + timedelta(minutes=1) + timedelta(minutes=2)

    restart(smtp_server)
    assert services.deliver_due(now=NOW + timedelta(minutes=3)) == 1
    assert len(smtp_server.wait_for(1)) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 3, "")
    assert services.deliver_due(now=NOW + timedelta(hours=1)) == 0  # never twice


def test_the_backoff_doubles_and_is_capped():
    assert [delivery.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert delivery.backoff(30) == timedelta(hours=6)


@time_machine.travel(NOW, tick=False)
def test_a_message_gives_up_after_the_last_attempt(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.LOKET_OUTBOX_MAX_ATTEMPTS = 2
    message = queue_one()
    assert services.deliver(message.pk, now=NOW) is False
    assert services.deliver(message.pk, now=NOW + timedelta(hours=1)) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 2
    assert services.deliver_due(now=NOW + timedelta(days=1)) == 0


def test_a_claimed_message_is_not_sent_by_a_second_worker(smtp_server):
    message = queue_one()
    now = message.next_attempt_at
    assert delivery.claim(message.pk, now)  # another worker holds it
    assert services.deliver(message.pk, now=now) is False
    assert services.deliver_due(now=now + timedelta(minutes=1)) == 0
    assert smtp_server.messages == []
    # A worker that died mid-send releases the row when its lease expires.
    assert services.deliver_due(now=now + delivery.CLAIM_LEASE) == 1
    assert len(smtp_server.wait_for(1)) == 1


def test_the_periodic_command_delivers_what_is_due(smtp_server):
    queue_one(to="a@contoh.id")
    queue_one(to="b@contoh.id")
    call_command("deliver_outbox", verbosity=0)
    assert sorted(m["To"] for m in smtp_server.wait_for(2)) == ["a@contoh.id", "b@contoh.id"]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    call_command("deliver_outbox", verbosity=0)
    assert len(smtp_server.messages) == 2


def test_without_a_gateway_a_text_is_kept_as_not_delivered_with_one_warning(caplog, monkeypatch):
    monkeypatch.setattr(senders.LoggingSender, "_warned", False)
    first = services.queue_text(channel="whatsapp", to="081234567890", body="Kode ABC")
    second = services.queue_text(channel="sms", to="081234567891", body="Kode DEF")
    with caplog.at_level(logging.INFO, logger="loket.notify"):
        assert services.deliver(first.pk) is False
        assert services.deliver(second.pk) is False
    first.refresh_from_db()
    assert first.status == OutboxMessage.Status.NOT_DELIVERED
    assert first.sent_at is None
    assert "LOKET_TEXT_SENDER" in first.last_error
    warnings = [r for r in caplog.records if "No text gateway" in r.getMessage()]
    assert len(warnings) == 1
    # The log names message ids only: never a number or a text.
    assert f"outbox message {first.pk} not delivered" in caplog.text
    for secret in ("081234567890", "081234567891", "Kode ABC", "Kode DEF"):
        assert secret not in caplog.text
    assert services.deliver_due() == 0  # not retried


def test_only_whatsapp_and_sms_are_text_channels():
    with pytest.raises(ValueError, match="not a text channel: email"):
        services.queue_text(channel="email", to="x@contoh.id", body="x")


class GatewaySender:
    sent: list[tuple[str, str, str]] = []

    def send(self, *, channel, to, body):
        self.sent.append((channel, to, body))


def test_a_configured_gateway_sends_the_text(settings):
    settings.LOKET_TEXT_SENDER = "loket.notify.tests.test_outbox.GatewaySender"
    message = services.queue_text(channel="whatsapp", to="081234567890", body="Kode ABC")
    assert services.deliver(message.pk) is True
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert GatewaySender.sent[-1] == ("whatsapp", "+6281234567890", "Kode ABC")  # E.164


def test_a_failure_is_logged_by_message_id_without_its_content(settings, caplog):
    settings.LOKET_TEXT_SENDER = "loket.notify.tests.test_outbox.FailingSender"
    message = services.queue_text(channel="sms", to="081234567890", body="rahasia")
    with caplog.at_level(logging.INFO, logger="loket.notify"):
        services.deliver(message.pk)
    assert f"outbox message {message.pk} failed, will retry" in caplog.text
    assert "081234567890" not in caplog.text
    assert "rahasia" not in caplog.text


class FailingSender:
    def send(self, *, channel, to, body):
        raise ConnectionError("gateway down")


def test_a_failing_text_gateway_is_retried(settings):
    settings.LOKET_TEXT_SENDER = "loket.notify.tests.test_outbox.FailingSender"
    message = services.queue_text(channel="sms", to="0812", body="x")
    assert services.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == "pending"
    assert "gateway down" in message.last_error


def test_render_email_uses_the_recipients_language(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [Path(__file__).parent / "templates"]}]
    subject, body, html = services.render_email(
        "notify_test/hello", {"name": "Ani", "code": "K7"}, language="en"
    )
    assert subject == "Notifications Ani"
    assert body.strip() == "Kode: K7"
    assert html.strip() == "<p>K7</p>"
    subject, body, _html = services.render_email("notify_test/hello", {"name": "Ani", "code": "K7"})
    assert subject == "Notifikasi Ani"


def test_every_mail_carries_our_message_id_in_the_sender_domain(
    smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "Loket Biro Perekonomian <pengaduan@kalbarprov.test>"
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_one(related="complaint:7")
        second = queue_one()
    assert first.message_id.startswith("<")
    assert first.message_id.endswith("@kalbarprov.test>")
    assert first.message_id != second.message_id
    sent = {mail["Message-ID"] for mail in smtp_server.wait_for(2)}
    assert sent == {first.message_id, second.message_id}


def test_a_sent_mail_is_found_again_by_its_message_id_and_recipient(smtp_server):
    from loket.notify import selectors

    ours = queue_one(to="Warga@Contoh.id", related="complaint:7")
    queue_one(to="petugas@kantor.test", related="complaint:7")
    assert selectors.related_of_sent_mail(["<x@y>", ours.message_id], to="warga@contoh.id") == (
        "complaint:7"
    )
    # Someone else quoting our Message-ID is not the person we wrote to.
    assert selectors.related_of_sent_mail([ours.message_id], to="lain@contoh.id") == ""
    assert selectors.related_of_sent_mail([], to="warga@contoh.id") == ""


def test_a_text_message_goes_to_the_number_in_e164_however_it_was_written():
    # Issue #11: "+62 0812-3456-7890" was handed raw to the WhatsApp sender.
    message = services.queue_text(channel="whatsapp", to="+62 0812-3456-7890", body="Halo")
    assert message.recipient == "+6281234567890"
    sms = services.queue_text(channel="sms", to="0812.3456.7890", body="Halo")
    assert sms.recipient == "+6281234567890"
    kept = services.queue_text(channel="sms", to="bukan nomor", body="Halo")
    assert kept.recipient == "bukan nomor"  # the sender refuses it and the outbox shows why


def test_with_the_tasks_in_the_database_the_task_commits_with_its_message(
    settings, django_capture_on_commit_callbacks
):
    # Issue 18: one commit per receipt. The task row is written inside the caller's
    # transaction, so a rolled-back change leaves neither the message nor its task.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    seen_inside = []

    def change_that_fails() -> None:
        with transaction.atomic():
            queue_one()
            seen_inside.append(DBTaskResult.objects.count())  # before commit, same transaction
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError):
            change_that_fails()
        with transaction.atomic():
            message = queue_one()
    assert seen_inside == [1]
    assert callbacks == []  # nothing is left to run after commit
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"] == {"message_id": message.pk}
    assert OutboxMessage.objects.get() == message


def test_with_another_task_backend_the_task_is_enqueued_after_commit(
    smtp_server, django_capture_on_commit_callbacks
):
    # The immediate backend (and Redis) would look for the row before it is committed.
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        message = queue_one()
    assert len(callbacks) == 1
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.PENDING
