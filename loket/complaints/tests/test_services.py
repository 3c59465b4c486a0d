"""Services: receipt, the allowed and refused transitions, the clock (classification,
reclassification, pauses, reopening, calendar changes) and the tracking code."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from loket.codes import CODE_ALPHABET, normalize_code
from loket.complaints import channels, notifications, services
from loket.complaints.models import Answer, Complaint, Event, Rating, Status, new_tracking_code
from loket.complaints.services import TRANSITIONS, ComplaintError, Upload
from loket.complaints.tracking import hash_code
from loket.notify.models import OutboxMessage
from loket.workdays.services import add_calendar_override

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


def test_a_tracking_code_has_over_40_bits_and_no_confusable_characters():
    code = new_tracking_code()
    raw = code.replace("-", "")
    assert len(CODE_ALPHABET) ** len(raw) > 2**40
    assert not set(raw) & set("01OIL")
    assert normalize_code(code.lower().replace("-", " ")) == code
    assert normalize_code("ABCD-EFGH-IJKL") is None  # I and L are not in the alphabet
    assert len({new_tracking_code() for _ in range(200)}) == 200


@time_machine.travel(MONDAY_0900, tick=False)
def test_receipt_saves_complaint_attachment_first_event_and_acknowledgement(make_complaint):
    pdf = Upload("bukti.pdf", "application/pdf", ContentFile(b"%PDF-1.4 x"), 10)
    complaint = make_complaint(attachments=[pdf])
    assert complaint.status == Status.RECEIVED
    assert complaint.received_at == MONDAY_0900
    assert complaint.due_at is None
    assert complaint.attachments.get().name == "bukti.pdf"
    [event] = complaint.events.all()
    assert (event.action, event.visibility, event.to_status) == ("received", "public", "received")
    mail = OutboxMessage.objects.get(related=f"complaint:{complaint.pk}")
    assert mail.recipient == "budi@contoh.id"
    assert complaint.reference == "ADU-2026-000001"
    assert complaint.reference in mail.subject
    assert complaint.tracking_code in mail.body
    assert complaint.tracking_code_hash == hash_code(complaint.tracking_code)


def test_nothing_is_half_saved_when_the_outbox_fails(make_complaint, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(notifications.notify, "queue_email", broken)
    with pytest.raises(RuntimeError, match="outbox down"):
        make_complaint(
            attachments=[Upload("a.pdf", "application/pdf", ContentFile(b"%PDF-1.4"), 8)]
        )
    assert not Complaint.objects.exists()
    assert not Event.objects.exists()


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_colliding_tracking_code_is_drawn_again_and_the_receipt_saved_once(
    make_complaint, monkeypatch
):
    """Issue 18: the complaint's INSERT has no savepoint of its own any more; a code that
    collides with another complaint's spoils the receipt's atomic block, which is run again
    whole with a new code: one complaint, its next reference, one event, one mail."""
    first = make_complaint()
    fresh = new_tracking_code()
    drawn = iter([first.tracking_code, fresh])
    monkeypatch.setattr(services.receipt, "new_tracking_code", lambda: next(drawn))
    second = make_complaint()
    assert second.tracking_code == fresh
    assert second.tracking_code_hash == hash_code(fresh)
    assert second.reference == "ADU-2026-000002"
    assert Complaint.objects.count() == 2
    assert second.events.count() == 1
    assert OutboxMessage.objects.filter(related=f"complaint:{second.pk}").count() == 1


def test_a_code_that_keeps_colliding_is_refused_after_three_draws(make_complaint, monkeypatch):
    first = make_complaint()
    draws = []

    def same_code():
        draws.append(1)
        return first.tracking_code

    monkeypatch.setattr(services.receipt, "new_tracking_code", same_code)
    with pytest.raises(IntegrityError, match="tracking_code_hash"):
        make_complaint()
    assert len(draws) == services.receipt.CODE_ATTEMPTS == 3
    assert Complaint.objects.count() == 1


def test_without_email_the_acknowledgement_goes_by_whatsapp(make_complaint):
    complaint = make_complaint(complainant_email="")
    message = OutboxMessage.objects.get(related=f"complaint:{complaint.pk}")
    assert (message.channel, message.recipient) == ("whatsapp", "+6281234567890")


# --- Every allowed and refused transition -------------------------------------------------


def _put_in(complaint: Complaint, status: str) -> Complaint:
    """Bring a complaint into `status` with what that status implies."""
    fields = {
        "status": status,
        "is_open": status in ("received", "waiting", "in_progress", "answered"),
    }
    if status != "received":
        fields.update(
            class_code="normatif", class_name="Normatif", class_amount=5, class_unit="working_days"
        )
    Complaint.objects.filter(pk=complaint.pk).update(**fields)
    if status == "waiting":
        complaint.pauses.create(paused_at=MONDAY_0900)
        Complaint.objects.filter(pk=complaint.pk).update(paused_at=MONDAY_0900)
    if status in ("answered", "closed"):
        Answer.objects.create(complaint=complaint, text="Jawab", created_at=MONDAY_0900)
    complaint.refresh_from_db()
    return complaint


def _act(action, complaint, *, officer, handler, other, original):
    match action:
        case "classify":
            services.classify(complaint, actor=officer, class_code="ringan")
        case "reclassify":
            services.reclassify(complaint, actor=officer, class_code="ringan", reason="Ringan.")
        case "request_completion":
            services.request_completion(complaint, actor=officer, message="Lampirkan foto.")
        case "complete":
            services.complete(complaint, message="Foto terlampir.")
        case "assign":
            services.assign(complaint, actor=officer, users=[handler])
        case "note":
            services.add_note(complaint, actor=handler, text="Cek CCTV.")
        case "not_authority":
            services.mark_not_authority(complaint, actor=officer, reason="Urusan kabupaten.")
        case "forward":
            services.forward(complaint, actor=officer, to_office=other, reason="Wewenang B.")
        case "duplicate":
            services.reject_duplicate(complaint, actor=officer, original=original)
        case "answer":
            services.answer(complaint, actor=handler, text="Sudah ditegur.")
        case "reply":
            services.reply(complaint, text="Terima kasih, tapi...")
        case "reopen":
            if complaint.status == Status.CLOSED:  # "belum puas" after a rating of 1 or 2
                latest = complaint.answers.last()
                Rating.objects.create(
                    complaint=complaint, answer=latest, score=2, created_at=MONDAY_0900
                )
            services.reopen(complaint, reason="Belum selesai.")
        case "rate":
            services.rate(complaint, score=4, comment="Baik")
        case "close":
            if not services.close(complaint):
                raise ComplaintError("close refused", code="transition_not_allowed")
        case _:
            raise AssertionError(action)


def _in_transaction(function, *args, **kwargs):
    with transaction.atomic():
        return function(*args, **kwargs)


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("status", Status.values)
@time_machine.travel(MONDAY_0900 + timedelta(hours=1), tick=False)
def test_every_transition_is_allowed_or_refused_as_the_table_says(
    action, status, make_complaint, officer, handler, other_office
):
    original = make_complaint(title="Asli")
    complaint = _put_in(make_complaint(), status)
    events_before = complaint.events.count()
    kwargs = {"officer": officer, "handler": handler, "other": other_office, "original": original}
    if status in TRANSITIONS[action]:
        _act(action, complaint, **kwargs)
        complaint.refresh_from_db()
        expected = TRANSITIONS[action][status]
        if expected is not None:
            assert complaint.status == expected
        assert complaint.events.count() > events_before
        event = complaint.events.order_by("-id").first()
        assert event.at == MONDAY_0900 + timedelta(hours=1)
    else:
        with pytest.raises(ComplaintError) as refused:
            _in_transaction(_act, action, complaint, **kwargs)
        assert refused.value.code == "transition_not_allowed"
        complaint.refresh_from_db()
        assert complaint.status == status
        assert complaint.events.count() == events_before


# --- The clock ---------------------------------------------------------------------------


@time_machine.travel(MONDAY_0900, tick=False)
def test_classification_counts_the_class_from_receipt(make_complaint, officer):
    received = datetime(2026, 2, 27, 8, 0, tzinfo=UTC)  # Friday 15:00 WIB
    complaint = make_complaint(received_at=received)
    services.classify(complaint, actor=officer, class_code="ringan")
    # Friday 15:00-16:30 = 1.5 h, then Monday 07:30-09:00 = 1.5 h.
    assert complaint.due_at == datetime(2026, 3, 2, 9, 0, tzinfo=complaint.office.tz)
    assert complaint.status == Status.IN_PROGRESS
    event = complaint.events.get(action="classified")
    assert event.data["class"] == "ringan"
    assert event.is_public


@time_machine.travel(MONDAY_0900, tick=False)
def test_working_day_classes_end_at_closing_time_of_the_nth_working_day(make_complaint, officer):
    complaint = make_complaint()
    services.classify(complaint, actor=officer, class_code="normatif")
    assert complaint.due_at == datetime(2026, 3, 9, 16, 0, tzinfo=complaint.office.tz)
    assert complaint.due_soon_at < complaint.due_at


def test_reclassification_recomputes_from_receipt_and_keeps_old_and_new(
    make_complaint, officer, handler
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
    with time_machine.travel(MONDAY_0900 + timedelta(hours=1), tick=False):
        services.reclassify(
            complaint, actor=officer, class_code="tidak-berkadar-pengawasan", reason="Perlu cek."
        )
    # 14 working days after Monday 2 March: 18-24 March are closed -> Friday 27 March.
    assert complaint.due_at == datetime(2026, 3, 27, 16, 30, tzinfo=complaint.office.tz)
    event = complaint.events.get(action="reclassified")
    assert event.data["old_class"] == "ringan"
    assert event.data["new_class"] == "tidak-berkadar-pengawasan"
    assert event.data["old_due_at"] == "2026-03-02T05:00:00+00:00"
    assert event.data["new_due_at"] == "2026-03-27T09:30:00+00:00"
    with pytest.raises(ComplaintError, match="Klasifikasi tidak dikenal untuk instansi ini"):
        services.reclassify(complaint, actor=officer, class_code="tidak-ada", reason="X.")


def test_a_request_for_completion_pauses_and_the_answer_moves_due_by_the_paused_office_time(
    make_complaint, officer
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
    assert complaint.due_at == MONDAY_0900 + timedelta(hours=3)
    paused = MONDAY_0900 + timedelta(hours=1)  # 10:00
    with time_machine.travel(paused, tick=False):
        services.request_completion(complaint, actor=officer, message="Kirim foto.")
    assert complaint.is_paused
    assert complaint.status == Status.WAITING
    resumed = datetime(2026, 3, 2, 14, 0, tzinfo=complaint.office.tz)  # 3 office hours later
    with time_machine.travel(resumed, tick=False):
        services.complete(complaint, message="Foto terlampir.")
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.paused_at is None
    # 10:00-12:00 and 13:00-14:00 paused = 3 office hours: 12:00 moves to 16:00.
    assert complaint.due_at == datetime(2026, 3, 2, 16, 0, tzinfo=complaint.office.tz)
    event = complaint.events.get(action="completed")
    assert event.data["old_due_at"] == "2026-03-02T05:00:00+00:00"
    assert event.data["new_due_at"] == "2026-03-02T09:00:00+00:00"


def test_completion_before_classification_returns_to_received(make_complaint, officer):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.request_completion(complaint, actor=officer, message="Identitas?")
    with time_machine.travel(MONDAY_0900 + timedelta(days=2), tick=False):
        services.complete(complaint, message="Sudah.")
        services.classify(complaint, actor=officer, class_code="normatif")
    # Paused Monday, resumed Wednesday: Tuesday and Wednesday covered -> two days later.
    assert complaint.due_at == datetime(2026, 3, 11, 16, 0, tzinfo=complaint.office.tz)


def test_open_complaints_follow_calendar_changes(
    make_complaint, officer, alice, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="normatif")
        closed = make_complaint(title="Ditutup")
        services.classify(closed, actor=officer, class_code="normatif")
        services.mark_not_authority(closed, actor=officer, reason="Bukan kami.")
        with django_capture_on_commit_callbacks(execute=True):
            add_calendar_override(
                actor=alice,
                office=complaint.office,
                day=date(2026, 3, 4),
                kind="closed",
                reason="Banjir",
            )
    complaint.refresh_from_db()
    assert complaint.due_at == datetime(2026, 3, 10, 16, 0, tzinfo=complaint.office.tz)
    event = complaint.events.get(action="deadline_changed")
    assert event.data["cause"] == "calendar"
    assert event.visibility == "staff"
    closed.refresh_from_db()
    assert not closed.events.filter(action="deadline_changed").exists()


@time_machine.travel(MONDAY_0900, tick=False)
def test_forwarding_creates_the_complaint_at_the_right_office_showing_its_origin(
    make_complaint, officer, other_office
):
    pdf = Upload("bukti.pdf", "application/pdf", ContentFile(b"%PDF-1.4 x"), 10)
    complaint = make_complaint(attachments=[pdf])
    received = services.forward(
        complaint, actor=officer, to_office=other_office, reason="Wewenang B"
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.FORWARDED
    assert not complaint.is_open
    assert received.office == other_office
    assert received.forwarded_from == complaint
    assert received.attachments.get().file.name == complaint.attachments.get().file.name
    event = received.events.get(action="forward_received")
    assert event.data["from_office"] == "Kantor A"
    assert event.data["from_reference"] == complaint.reference
    forwarded = complaint.events.get(action="forwarded")
    assert forwarded.data["to_reference"] == received.reference == "ADU-2026-000001"


@time_machine.travel(MONDAY_0900, tick=False)
def test_forwarding_does_not_carry_the_first_offices_api_key_name(
    make_complaint, officer, other_office
):
    complaint = make_complaint(channel_details={"submitted_via": "API: Kios Kantor A"})
    received = services.forward(
        complaint, actor=officer, to_office=other_office, reason="Wewenang B"
    )
    assert "submitted_via" not in received.channel_details
    assert received.channel_details["forwarded_from_office"] == "Kantor A"


def test_forwarding_takes_along_every_detail_the_table_does_not_hold_back():
    details = {"phone_number": "+6281234567890", "submitted_via": "API", "new_key": "x"}
    assert channels.carried_on(details) == {"phone_number": "+6281234567890", "new_key": "x"}


@time_machine.travel(MONDAY_0900, tick=False)
def test_forwarding_draws_a_new_code_when_the_first_collides(
    make_complaint, officer, other_office, monkeypatch
):
    complaint = make_complaint()
    fresh = new_tracking_code()
    drawn = iter([complaint.tracking_code, fresh])
    monkeypatch.setattr(services.receipt, "new_tracking_code", lambda: next(drawn))
    received = services.forward(
        complaint, actor=officer, to_office=other_office, reason="Wewenang B"
    )
    assert received.tracking_code == fresh
    assert received.reference == "ADU-2026-000001"
    assert Complaint.objects.filter(office=other_office).count() == 1
    complaint.refresh_from_db()
    assert complaint.status == Status.FORWARDED


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_duplicate_links_the_original_of_the_same_office(make_complaint, officer):
    original = make_complaint()
    duplicate = make_complaint()
    services.reject_duplicate(duplicate, actor=officer, original=original)
    assert duplicate.duplicate_of == original
    assert duplicate.status == Status.DUPLICATE
    with pytest.raises(ComplaintError, match="Pengaduan asli harus pengaduan lain"):
        services.reject_duplicate(original, actor=officer, original=original)


@time_machine.travel(MONDAY_0900, tick=False)
def test_only_team_members_can_be_assigned_and_each_once(make_complaint, officer, handler, head):
    complaint = make_complaint()
    assert services.assign(complaint, actor=officer, users=[handler]) == [handler]
    assert services.assign(complaint, actor=officer, users=[handler]) == []
    with pytest.raises(ComplaintError, match="Hanya anggota Tim Pengelola Pengaduan"):
        services.assign(complaint, actor=officer, users=[head])


@time_machine.travel(MONDAY_0900, tick=False)
def test_not_satisfied_reopens_with_a_fresh_deadline_and_a_rating_closes(
    make_complaint, officer, handler
):
    complaint = make_complaint()
    services.classify(complaint, actor=officer, class_code="ringan")
    services.answer(complaint, actor=handler, text="Sudah ditegur.")
    with time_machine.travel(MONDAY_0900 + timedelta(days=1), tick=False):
        services.reopen(complaint, reason="Masih terjadi.")
        assert complaint.status == Status.IN_PROGRESS
        assert complaint.due_at == datetime(2026, 3, 3, 12, 0, tzinfo=complaint.office.tz)
        services.answer(complaint, actor=handler, text="Petugas diganti.")
        rating = services.rate(complaint, score=5, comment="Cepat")
    assert rating.score == 5
    assert complaint.status == Status.CLOSED
    with pytest.raises(ComplaintError, match="Jawaban ini sudah dinilai"):
        services.rate(complaint, score=3)


@time_machine.travel(MONDAY_0900, tick=False)
def test_personal_data_is_logged_and_anonymous_identity_is_never_given(make_complaint, officer):
    named = make_complaint()
    assert services.view_personal_data(named, user=officer)["name"] == "Budi Warga"
    assert named.personal_data_accesses.get().user == officer
    anonymous = make_complaint(anonymous=True)
    with pytest.raises(ComplaintError, match="Pengadu memilih anonim"):
        services.view_personal_data(anonymous, user=officer)
    assert anonymous.display_name == "Anonim"
