"""Notifications through the outbox and real SMTP; the periodic jobs (due soon at 75%,
overdue escalation to the head, closing answered complaints) never act twice."""

import asyncio
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from loket.complaints import jobs, services
from loket.complaints.models import Complaint, Event, OfficeComplaintSettings, Status
from loket.notify import services as notify
from loket.notify.models import OutboxMessage

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


def text_of(mail) -> str:
    part = mail.get_payload()[0] if mail.is_multipart() else mail
    return part.get_payload(decode=True).decode()


def topics(complaint):
    return list(
        OutboxMessage.objects.filter(related=f"complaint:{complaint.pk}")
        .order_by("id")
        .values_list("topic", "recipient")
    )


def test_the_complaint_is_saved_while_smtp_is_down_and_mailed_when_it_is_back(
    make_complaint, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.controller.stop()
    with time_machine.travel(MONDAY_0900, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            complaint = make_complaint()
        assert Complaint.objects.filter(pk=complaint.pk).exists()
        message = OutboxMessage.objects.get(related=f"complaint:{complaint.pk}")
        assert message.status == "pending"
        assert message.last_error
    smtp_server.controller.loop = asyncio.new_event_loop()
    smtp_server.controller.start()
    with time_machine.travel(MONDAY_0900 + timedelta(minutes=2), tick=False):
        call_command("deliver_outbox", verbosity=0)
    [mail] = smtp_server.wait_for(1)
    assert complaint.reference in mail["Subject"]
    assert complaint.tracking_code in text_of(mail)


def test_the_complainant_hears_of_each_step_by_real_mail(
    make_complaint, officer, handler, smtp_server, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(MONDAY_0900, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        complaint = make_complaint()
        services.request_completion(complaint, actor=officer, message="Kirim foto.")
        services.complete(complaint, message="Ini fotonya.")
        services.classify(complaint, actor=officer, class_code="ringan")
        services.assign(complaint, actor=officer, users=[handler])
        services.answer(complaint, actor=handler, text="Sudah diperbaiki.")
        services.rate(complaint, score=4)
    mails = smtp_server.wait_for(5)
    assert [m["To"] for m in mails] == [
        "budi@contoh.id",
        "budi@contoh.id",
        "tim@contoh.go.id",
        "budi@contoh.id",
        "budi@contoh.id",
    ]
    assert [t for t, _ in topics(complaint)] == [
        "complaint.acknowledgement",
        "complaint.completion_requested",
        "complaint.staff_assigned",
        "complaint.answered",
        "complaint.closed",
    ]
    assert "Sudah diperbaiki." in text_of(mails[3])


def test_due_soon_and_overdue_alerts_are_sent_once_and_escalate_to_the_head(
    make_complaint, officer, handler, head
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
        services.assign(complaint, actor=officer, users=[handler])
    with time_machine.travel(MONDAY_0900 + timedelta(hours=2), tick=False):
        call_command("complaint_alerts", verbosity=0)
        assert "complaint.staff_due_soon" not in [t for t, _ in topics(complaint)]
    with time_machine.travel(MONDAY_0900 + timedelta(hours=2, minutes=15), tick=False):
        call_command("complaint_alerts", verbosity=0)
        call_command("complaint_alerts", verbosity=0)
    assert topics(complaint).count(("complaint.staff_due_soon", "tim@contoh.go.id")) == 1
    with time_machine.travel(MONDAY_0900 + timedelta(hours=3, minutes=1), tick=False):
        call_command("complaint_alerts", verbosity=0)
        call_command("complaint_alerts", verbosity=0)
    overdue = [r for t, r in topics(complaint) if t == "complaint.staff_overdue"]
    assert sorted(overdue) == ["kepala@contoh.go.id", "tim@contoh.go.id"]
    escalation = complaint.events.get(action=Event.Action.ESCALATED)
    assert escalation.data["heads"] == ["Dewi"]
    assert not escalation.is_public


def test_a_paused_complaint_is_not_escalated(make_complaint, officer, head):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
        services.request_completion(complaint, actor=officer, message="Foto?")
    with time_machine.travel(MONDAY_0900 + timedelta(days=3), tick=False):
        assert jobs.send_due_alerts() == (0, 0)


def test_answered_complaints_close_after_the_offices_working_days_without_reply(
    make_complaint, officer, handler
):
    with time_machine.travel(MONDAY_0900, tick=False):
        default = make_complaint(title="Bawaan")
        services.classify(default, actor=officer, class_code="ringan")
        services.answer(default, actor=handler, text="Jawab")
        OfficeComplaintSettings.objects.create(office=default.office, auto_close_working_days=10)
    # Answered Monday 2 March; 10 working days (18-24 March closed) end Monday 16 March.
    with time_machine.travel(MONDAY_0900 + timedelta(days=14), tick=False):
        call_command("close_answered_complaints", verbosity=0)
        default.refresh_from_db()
        assert default.status == Status.ANSWERED
    with time_machine.travel(MONDAY_0900 + timedelta(days=14, hours=8), tick=False):
        out = StringIO()
        call_command("close_answered_complaints", "--dry-run", stdout=out)
        assert out.getvalue().strip() == "would close 1 answered complaints"
        assert Complaint.objects.get(pk=default.pk).status == Status.ANSWERED
        assert not default.events.filter(action=Event.Action.CLOSED).exists()
        call_command("close_answered_complaints", verbosity=0)
        call_command("close_answered_complaints", verbosity=0)
    default.refresh_from_db()
    assert default.status == Status.CLOSED
    assert default.events.filter(action=Event.Action.CLOSED).count() == 1
    assert [t for t, _ in topics(default)].count("complaint.closed") == 1


def test_the_number_of_days_is_office_configuration(make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
        services.answer(complaint, actor=handler, text="Jawab")
        OfficeComplaintSettings.objects.create(office=complaint.office, auto_close_working_days=2)
    with time_machine.travel(MONDAY_0900 + timedelta(days=2, hours=8), tick=False):
        assert jobs.close_answered() == 1


def test_outbox_delivery_is_retried_not_lost(make_complaint, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    complaint = make_complaint()
    message = OutboxMessage.objects.get(related=f"complaint:{complaint.pk}")
    assert notify.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == "pending"
    assert message.attempts == 1
