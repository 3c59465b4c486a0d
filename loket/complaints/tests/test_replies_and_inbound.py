"""Issue 11 §5 (a reply is a reply, only "belum puas" reopens, a rating of 1 or 2 still
offers it, a rated rahasia complaint shows its score) and the functions intake calls
(issue 17): a sender's open complaints, a later message in any status, an address that
cannot be reached."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from loket.complaints import selectors, services
from loket.complaints.models import Event, Status
from loket.complaints.services import NotAllowed
from loket.tests.samples import PNG

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="normatif")
        services.answer(complaint, actor=handler, text="Petugas sudah ditegur.")
    return complaint


def track(client, complaint):
    return client.get(reverse("complaints:track", args=[complaint.tracking_code])).content.decode()


def post(client, complaint, action, data):
    return client.post(reverse(f"complaints:{action}", args=[complaint.tracking_code]), data)


def test_a_reply_after_the_rating_keeps_the_rating_and_does_not_reopen(client, answered):
    with time_machine.travel(MONDAY_0900 + timedelta(hours=1), tick=False):
        post(client, answered, "rate", {"score": "4", "comment": "Baik"})
        answered.refresh_from_db()
        assert answered.status == Status.CLOSED
        post(client, answered, "reply", {"text": "Terima kasih, satu pertanyaan lagi."})
    answered.refresh_from_db()
    assert answered.status == Status.CLOSED
    assert answered.replied_at == MONDAY_0900 + timedelta(hours=1)
    assert answered.ratings.get().score == 4
    page = track(client, answered)
    assert "Nilai 4 dari 5" in page
    assert "Terima kasih, satu pertanyaan lagi." in page
    assert "Saya belum puas, buka kembali" not in page  # rated 4: no "belum puas"


def test_a_reply_does_not_move_the_deadline_and_the_team_answers_it(client, answered, handler):
    due = answered.due_at
    with time_machine.travel(MONDAY_0900 + timedelta(days=1), tick=False):
        post(client, answered, "reply", {"text": "Kapan petugas datang?"})
        answered.refresh_from_db()
        assert (answered.status, answered.due_at) == (Status.ANSWERED, due)
        assert answered.replied_at is not None
        services.answer(answered, actor=handler, text="Besok pagi.")
    answered.refresh_from_db()
    assert (answered.status, answered.replied_at) == (Status.ANSWERED, None)
    assert answered.answers.count() == 2


@pytest.mark.parametrize(("score", "offered"), [(1, True), (2, True), (3, False), (5, False)])
def test_a_rating_of_1_or_2_still_offers_belum_puas(client, answered, score, offered):
    with time_machine.travel(MONDAY_0900 + timedelta(hours=1), tick=False):
        post(client, answered, "rate", {"score": str(score), "comment": ""})
    answered.refresh_from_db()
    assert answered.status == Status.CLOSED
    assert ("Saya belum puas, buka kembali" in track(client, answered)) is offered
    with time_machine.travel(MONDAY_0900 + timedelta(hours=2), tick=False):
        if offered:
            post(client, answered, "reopen", {"reason": "Masih belum ada petugas."})
            answered.refresh_from_db()
            assert answered.status == Status.IN_PROGRESS
            assert answered.closed_at is None
            assert answered.ratings.get().score == score
        else:
            with pytest.raises(NotAllowed) as refused:
                services.reopen(answered, reason="Masih belum ada petugas.")
            assert refused.value.code == "reopen_not_offered"


def test_a_rated_rahasia_complaint_shows_its_score(client, make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint(confidential=True)
        services.classify(complaint, actor=officer, class_code="ringan")
        services.answer(complaint, actor=handler, text="Sudah.")
        post(client, complaint, "rate", {"score": "3", "comment": "Rahasia sekali"})
    page = track(client, complaint)
    assert "Nilai 3 dari 5" in page
    assert "Rahasia sekali" not in page


# --- What intake calls (issue 17) -------------------------------------------------------------


def test_the_open_complaints_of_a_sender_match_every_stored_form(make_complaint, office, officer):
    with time_machine.travel(MONDAY_0900, tick=False):
        old = make_complaint(complainant_phone="081234567890", complainant_email="")
    with time_machine.travel(MONDAY_0900 + timedelta(hours=1), tick=False):
        new = make_complaint(complainant_phone="+6281234567890", complainant_email="A@Contoh.id")
        closed = make_complaint(complainant_phone="+6281234567890")
        services.mark_not_authority(closed, actor=officer, reason="Bukan kami.")
        make_complaint(complainant_phone="+6281299999999")
    assert selectors.open_complaints_of(office, phone="6281234567890") == [new, old]
    assert selectors.open_complaints_of(office, phone="0812-3456-7890") == [new, old]
    assert selectors.open_complaints_of(office, email="a@contoh.id") == [new]
    assert selectors.open_complaints_of(office) == []


def test_the_open_complaints_of_a_sender_stay_in_the_office(make_complaint, other_office):
    make_complaint(complainant_phone="+6281234567890")
    assert selectors.open_complaints_of(other_office, phone="+6281234567890") == []


def test_a_later_message_while_waiting_is_the_completion_with_its_files(make_complaint, officer):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
        services.request_completion(complaint, actor=officer, message="Kirim foto.")
    photo = services.Upload("foto.png", "image/png", ContentFile(PNG), len(PNG))
    with time_machine.travel(MONDAY_0900 + timedelta(hours=2), tick=False):
        event = services.append_inbound(
            complaint,
            channel="whatsapp",
            text="Ini fotonya",
            attachments=[photo],
            received_at=MONDAY_0900 + timedelta(hours=1),
        )
    complaint.refresh_from_db()
    assert (event.action, event.is_public, event.note) == ("replied", True, "Ini fotonya")
    assert event.at == MONDAY_0900 + timedelta(hours=1)
    assert (event.from_status, event.to_status) == (Status.WAITING, Status.IN_PROGRESS)
    assert complaint.status == Status.IN_PROGRESS
    assert not complaint.is_paused
    # Paused one office hour: the 3 hours from 09.00 WIB now end at 13.00 of office time,
    # which the 12.00-13.00 break pushes to 14.00 WIB (instead of 12.00).
    assert complaint.due_at == MONDAY_0900 + timedelta(hours=5)
    assert complaint.replied_at == MONDAY_0900 + timedelta(hours=1)
    evidence = complaint.attachments.get()
    assert (evidence.name, evidence.source, evidence.answer) == ("foto.png", "complainant", None)


@pytest.mark.parametrize("status", ["received", "in_progress", "answered", "closed"])
def test_a_later_message_in_any_other_status_is_a_reply_that_changes_nothing_else(
    make_complaint, officer, handler, status
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        if status != "received":
            services.classify(complaint, actor=officer, class_code="normatif")
        if status in ("answered", "closed"):
            services.answer(complaint, actor=handler, text="Sudah.")
        if status == "closed":
            services.rate(complaint, score=5)
        complaint.refresh_from_db()
        due = complaint.due_at
        services.append_inbound(complaint, channel="email", text="Tambahan info", attachments=())
    complaint.refresh_from_db()
    assert (complaint.status, complaint.due_at) == (status, due)
    assert complaint.replied_at == MONDAY_0900
    assert complaint.events.filter(action="replied", note="Tambahan info").count() == 1


def test_an_unreachable_address_is_flagged_once_and_shown_to_staff(client, make_complaint, officer):
    complaint = make_complaint(complainant_email="salah@contoh.id")
    with time_machine.travel(MONDAY_0900, tick=False):
        services.mark_contact_undeliverable(
            complaint, channel="email", address="salah@contoh.id", reason="550 5.1.1 unknown"
        )
        services.mark_contact_undeliverable(
            complaint, channel="email", address="salah@contoh.id", reason="550 5.1.1 still"
        )
    complaint.refresh_from_db()
    assert complaint.undeliverable_contacts == [
        {
            "channel": "email",
            "address": "salah@contoh.id",
            "reason": "550 5.1.1 still",
            "at": "2026-03-02T02:00:00+00:00",
        }
    ]
    events = complaint.events.filter(action=Event.Action.CONTACT_UNDELIVERABLE)
    assert [e.is_public for e in events] == [False, False]
    client.force_login(officer)
    page = client.get(complaint.get_staff_url()).content.decode()
    assert "Alamat pengadu tidak dapat dihubungi (E-mail," in page
    assert "550 5.1.1 still" in page
    assert "salah@contoh.id" not in page


def test_an_answered_complaint_waits_its_working_days_again_after_a_reply(answered):
    # Answered Monday 2 March 09.00 WIB; the reply Friday 6 March; 10 working days from the
    # answer end Monday 16 March; from the reply (18-24 March closed) only Friday 27 March.
    replied = MONDAY_0900 + timedelta(days=4)
    with time_machine.travel(replied, tick=False):
        services.reply(answered, text="Masih ada pertanyaan.")
    answered.refresh_from_db()
    assert services.close_unanswered(answered, now=MONDAY_0900 + timedelta(days=15)) is False
    assert answered.status == Status.ANSWERED
    assert services.close_unanswered(answered, now=MONDAY_0900 + timedelta(days=26)) is True


def test_a_completion_and_belum_puas_are_news_for_the_team_until_it_answers(
    answered, officer, handler
):
    """The dashboard's "new replies" and the list's filter read one mark (`replied_at`): set
    by whatever the complainant sends (reply, completion, "belum puas"), cleared by an answer."""
    later = MONDAY_0900 + timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        services.reopen(answered, reason="Petugas belum datang.")
    answered.refresh_from_db()
    assert (answered.status, answered.replied_at) == (Status.IN_PROGRESS, later)
    with time_machine.travel(later + timedelta(hours=1), tick=False):
        services.request_completion(answered, actor=officer, message="Sebutkan nama petugas.")
        answered.refresh_from_db()
        services.complete(answered, message="Namanya Budi.")
    answered.refresh_from_db()
    assert answered.replied_at == later + timedelta(hours=1)
    rows = selectors.filter_complaints(
        selectors.office_complaints(answered.office), user=handler, now=later, new_replies=True
    )
    assert list(rows) == [answered]
    with time_machine.travel(later + timedelta(hours=2), tick=False):
        services.answer(answered, actor=handler, text="Budi sudah ditegur.")
    answered.refresh_from_db()
    assert answered.replied_at is None
    rows = selectors.filter_complaints(
        selectors.office_complaints(answered.office), user=handler, now=later, new_replies=True
    )
    assert not rows.exists()
