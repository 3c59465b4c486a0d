"""Issue 14, notifications for staff: in-app notifications on assignment, on the
complainant's reply, when a complaint is due soon and when it is overdue (each deadline
once), only to members of the office with a complaint role; and the daily e-mail digest,
once per person and office-day from 07:00 office time, to those who opted in."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from loket.complaints import jobs, services
from loket.complaints.notifications import notify_in_app
from loket.notify import services as notify
from loket.notify.models import OutboxMessage, StaffNotification

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db

# Office A is in Asia/Pontianak (UTC+7): 07:00 office time is 00:00 UTC.
MONDAY_0700 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)


def kinds_of(user):
    return sorted(StaffNotification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_an_assignment_notifies_the_assignee_by_reference_only(make_complaint, officer, handler):
    complaint = make_complaint()
    services.assign(complaint, actor=officer, users=[handler])
    notification = StaffNotification.objects.get(recipient=handler)
    assert notification.kind == "assigned"
    assert notification.title == f"{complaint.reference} ditugaskan kepada Anda"
    assert notification.link == complaint.get_staff_url()
    assert notification.office_id == complaint.office_id
    for secret in ("Budi", "budi@contoh.id", "081234567890", complaint.tracking_code):
        assert secret not in notification.title
        assert secret not in notification.link
    assert kinds_of(officer) == []  # the one who assigns is told nothing


def test_no_staff_mail_carries_the_complaints_title_or_the_complainants_data(
    make_complaint, officer, handler
):
    """Found by a tester: the assignment mail read "... ADU-2026-000003: Antrean lama
    sekali". A title is the citizen's own words and may name a person; mail leaves Loket, so
    staff mail names the complaint by its reference only, like the in-app notices."""
    from loket.notify.models import OutboxMessage

    complaint = make_complaint(title="Pak Slamet di loket 3 meminta uang")
    services.assign(complaint, actor=officer, users=[handler])
    staff_mail = OutboxMessage.objects.filter(topic__startswith="complaint.staff_")
    assert staff_mail.exists()
    for message in staff_mail:
        text = " ".join([message.subject, message.body, message.html or ""])
        assert complaint.reference in text
        for secret in ("Slamet", "uang", "Budi", "budi@contoh.id", complaint.tracking_code):
            assert secret not in text, (message.topic, secret)


def test_the_complainants_reply_notifies_the_assignees(make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="normatif")
        services.assign(complaint, actor=officer, users=[handler])
        services.answer(complaint, actor=handler, text="Petugas sudah ditegur.")
        services.reply(complaint, text="Kapan petugas datang?")
    assert kinds_of(handler) == ["assigned", "reply"]
    assert kinds_of(officer) == []


def test_a_completion_and_belum_puas_are_new_replies_for_the_assignees(
    make_complaint, officer, handler
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="normatif")
        services.assign(complaint, actor=officer, users=[handler])
        services.request_completion(complaint, actor=handler, message="Mohon lampirkan foto.")
        services.complete(complaint, message="Ini fotonya.")
        services.answer(complaint, actor=handler, text="Petugas sudah ditegur.")
        services.reopen(complaint, reason="Belum ada perubahan.")
    assert kinds_of(handler) == ["assigned", "reply", "reply"]


def test_a_reply_on_an_unassigned_complaint_notifies_the_officers(make_complaint, officer, head):
    complaint = make_complaint()
    services.append_inbound(complaint, channel="whatsapp", text="Tambahan info")
    assert kinds_of(officer) == ["reply"]
    assert kinds_of(head) == []


def test_due_soon_and_overdue_notify_in_the_app_once_per_deadline(
    make_complaint, officer, handler, head
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
        services.assign(complaint, actor=officer, users=[handler])
    with time_machine.travel(MONDAY_0900 + timedelta(hours=2, minutes=15), tick=False):
        call_command("complaint_alerts", verbosity=0)
        call_command("complaint_alerts", verbosity=0)
    assert kinds_of(handler) == ["assigned", "due_soon"]
    with time_machine.travel(MONDAY_0900 + timedelta(hours=3, minutes=1), tick=False):
        call_command("complaint_alerts", verbosity=0)
        call_command("complaint_alerts", verbosity=0)
    assert kinds_of(handler) == ["assigned", "due_soon", "overdue"]
    assert kinds_of(head) == ["overdue"]
    overdue = StaffNotification.objects.get(recipient=head)
    assert overdue.title == f"{complaint.reference} lewat tenggat"
    # A reset claim (a second worker, a replay) does not notify twice for the same deadline.
    type(complaint).objects.filter(pk=complaint.pk).update(overdue_notified_at=None)
    services.escalate_overdue(complaint.pk, now=MONDAY_0900 + timedelta(hours=4))
    assert kinds_of(head) == ["overdue"]


def test_only_members_of_the_office_with_a_complaint_role_are_notified(
    make_complaint, handler, bob, carol, alice
):
    complaint = make_complaint()
    created = notify_in_app(complaint, [handler, bob, carol, alice], "assigned", now=MONDAY_0900)
    assert created == 1
    assert list(StaffNotification.objects.values_list("recipient__username", flat=True)) == ["tim"]


def test_an_assignee_who_turned_assignments_off_gets_none(make_complaint, officer, handler):
    notify.save_preferences(user=handler, in_app_kinds=["reply"], digest_kinds=[])
    services.assign(make_complaint(), actor=officer, users=[handler])
    assert kinds_of(handler) == []


# --- The daily digest ----------------------------------------------------------------------


def digests():
    return list(
        OutboxMessage.objects.filter(topic="complaint.staff_digest").values_list(
            "recipient", flat=True
        )
    )


@pytest.fixture
def due_monday(make_complaint, officer, handler):
    """One complaint assigned to the handler, due Monday 12:00 office time."""
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
        services.assign(complaint, actor=officer, users=[handler])
    return complaint


def test_the_digest_goes_out_once_a_day_from_seven_office_time(due_monday, handler):
    notify.save_preferences(user=handler, in_app_kinds=[], digest_kinds=["due_soon", "overdue"])
    assert jobs.send_staff_digests(MONDAY_0700 - timedelta(minutes=1)) == 0  # 06:59
    assert jobs.send_staff_digests(MONDAY_0700) == 1  # 07:00
    assert jobs.send_staff_digests(MONDAY_0700 + timedelta(minutes=5)) == 0
    with time_machine.travel(MONDAY_0700 + timedelta(hours=16, minutes=59), tick=False):
        call_command("send_staff_digest", verbosity=0)  # 23:59 the same office-day
    assert digests() == ["tim@contoh.go.id"]
    mail = OutboxMessage.objects.get(topic="complaint.staff_digest")
    assert due_monday.reference in mail.body
    assert "Jatuh tempo hari ini" in mail.body
    assert "batas 12.00 WIB" in mail.body  # the due time in office time, as people write it
    assert "Budi" not in mail.body + mail.subject
    assert due_monday.tracking_code not in mail.body


def test_the_next_office_day_has_its_own_digest_listing_the_overdue(due_monday, handler):
    notify.save_preferences(user=handler, in_app_kinds=[], digest_kinds=["overdue"])
    assert jobs.send_staff_digests(MONDAY_0700 + timedelta(minutes=1)) == 0  # nothing overdue
    tuesday = MONDAY_0700 + timedelta(days=1)
    assert jobs.send_staff_digests(tuesday - timedelta(minutes=1)) == 0  # Tuesday 06:59
    assert jobs.send_staff_digests(tuesday) == 1
    assert jobs.send_staff_digests(tuesday) == 0
    mail = OutboxMessage.objects.get(topic="complaint.staff_digest")
    assert "Lewat tenggat" in mail.body
    assert due_monday.reference in mail.body


def test_no_digest_for_those_who_did_not_opt_in(due_monday, handler, officer, head):
    late = MONDAY_0700 + timedelta(days=1)
    assert jobs.send_staff_digests(late) == 0
    notify.save_preferences(user=head, in_app_kinds=[], digest_kinds=["overdue"])
    assert jobs.send_staff_digests(late) == 1
    assert digests() == ["kepala@contoh.go.id"]  # the head: every overdue complaint


def test_an_unassigned_complaint_is_in_the_officers_digest(make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
    for user in (officer, handler):
        notify.save_preferences(user=user, in_app_kinds=[], digest_kinds=["due_soon"])
    assert jobs.send_staff_digests(MONDAY_0700 + timedelta(hours=3)) == 1
    assert digests() == ["pejabat@contoh.go.id"]
    assert complaint.reference in OutboxMessage.objects.get(topic="complaint.staff_digest").body


def test_a_member_of_another_office_gets_no_digest_of_this_one(due_monday, carol):
    notify.save_preferences(user=carol, in_app_kinds=[], digest_kinds=["due_soon", "overdue"])
    assert jobs.send_staff_digests(MONDAY_0700 + timedelta(days=1)) == 0
    assert digests() == []


def test_no_digest_on_a_weekend(make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
        services.assign(complaint, actor=officer, users=[handler])
    notify.save_preferences(user=handler, in_app_kinds=[], digest_kinds=["overdue"])
    saturday = MONDAY_0700 + timedelta(days=5, hours=1)
    assert jobs.send_staff_digests(saturday) == 0
    assert jobs.send_staff_digests(saturday + timedelta(days=2)) == 1  # Monday
