"""Every refusal of the complaint services, one test each: its message (matched), its code and
field (what the API and the pages map), and nothing written. Refusals across offices are
here too: another office's service, original or team member is refused like a missing one."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from loket.complaints import services
from loket.complaints.models import Answer, Complaint, Event, Status
from loket.complaints.services import InvalidInput, NotAllowed
from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory
from loket.standards.tests.factories import ServiceFactory

from .conftest import MONDAY_0900

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen")]


@pytest.fixture
def _frozen():
    with time_machine.travel(MONDAY_0900, tick=False):
        yield


@pytest.fixture
def complaint(make_complaint):
    return make_complaint()


@pytest.fixture
def classified(complaint, officer):
    return services.classify(complaint, actor=officer, class_code="normatif")


def _answered(complaint: Complaint) -> Complaint:
    Complaint.objects.filter(pk=complaint.pk).update(status=Status.ANSWERED)
    complaint.refresh_from_db()
    return complaint


def _unchanged(complaint: Complaint, events: int) -> None:
    assert complaint.events.count() == events


# --- Receipt ------------------------------------------------------------------------------


def test_submit_refuses_an_unknown_channel(make_complaint):
    with pytest.raises(InvalidInput, match="Kanal tidak dikenal") as refused:
        make_complaint(channel="merpati")
    assert (refused.value.code, refused.value.field) == ("unknown_channel", "channel")
    assert not Complaint.objects.exists()


def test_submit_refuses_a_blank_title(make_complaint):
    with pytest.raises(InvalidInput, match="Judul pengaduan wajib diisi") as refused:
        make_complaint(title="   ")
    assert (refused.value.code, refused.value.field) == ("title_required", "title")


def test_submit_refuses_a_blank_description(make_complaint):
    with pytest.raises(InvalidInput, match="Uraian pengaduan wajib diisi") as refused:
        make_complaint(description="")
    assert (refused.value.code, refused.value.field) == ("description_required", "description")


def test_submit_refuses_a_service_of_another_office(make_complaint, other_office):
    theirs = ServiceFactory(office=other_office, slug="izin-b", name="Izin B")
    with pytest.raises(InvalidInput, match="Layanan ini milik instansi lain") as refused:
        make_complaint(service=theirs)
    assert (refused.value.code, refused.value.field) == ("service_of_other_office", "service")
    assert not Complaint.objects.exists()


def test_submit_refuses_a_receipt_in_the_future(make_complaint):
    with pytest.raises(InvalidInput, match="Waktu diterima tidak boleh di masa depan") as refused:
        make_complaint(received_at=MONDAY_0900 + timedelta(minutes=1))
    assert (refused.value.code, refused.value.field) == ("received_in_future", "received_at")


def test_submit_refuses_an_incident_after_the_offices_today(make_complaint):
    with pytest.raises(InvalidInput, match="Tanggal kejadian tidak boleh di masa depan") as refused:
        make_complaint(incident_date=date(2026, 3, 3))
    assert (refused.value.code, refused.value.field) == ("incident_date_in_future", "incident_date")


# --- Transitions and verification -------------------------------------------------------


def test_a_transition_the_table_does_not_allow_names_the_status(complaint, handler):
    events = complaint.events.count()
    with pytest.raises(
        NotAllowed, match="Tindakan ini tidak dapat dilakukan pada pengaduan berstatus Diterima"
    ) as refused:
        services.answer(complaint, actor=handler, text="Sudah.")
    assert refused.value.code == "transition_not_allowed"
    _unchanged(complaint, events)


def test_the_status_in_a_refusal_is_translated_when_shown(complaint, handler):
    with pytest.raises(NotAllowed) as refused:
        services.answer(complaint, actor=handler, text="Sudah.")
    with translation.override("en"):
        assert str(refused.value) == "This cannot be done to a complaint with status Received."


def test_classify_refuses_a_class_the_office_does_not_publish(complaint, officer):
    with pytest.raises(InvalidInput, match="Klasifikasi tidak dikenal untuk instansi ini") as r:
        services.classify(complaint, actor=officer, class_code="sedang")
    assert (r.value.code, r.value.field) == ("unknown_class", "class_code")
    assert Complaint.objects.get(pk=complaint.pk).status == Status.RECEIVED


def test_reclassify_refuses_the_same_class(classified, officer):
    events = classified.events.count()
    with pytest.raises(InvalidInput, match="Klasifikasi baru sama dengan yang lama") as refused:
        services.reclassify(classified, actor=officer, class_code="normatif", reason="Sama.")
    assert (refused.value.code, refused.value.field) == ("same_class", "class_code")
    _unchanged(classified, events)


def test_request_completion_refuses_an_empty_message(complaint, officer):
    with pytest.raises(InvalidInput, match="Tuliskan apa yang perlu dilengkapi") as refused:
        services.request_completion(complaint, actor=officer, message=" ")
    assert (refused.value.code, refused.value.field) == ("message_required", "message")
    assert not complaint.pauses.exists()


def test_complete_refuses_an_empty_completion(complaint, officer):
    services.request_completion(complaint, actor=officer, message="Kirim foto.")
    with pytest.raises(InvalidInput, match="Tuliskan kelengkapan pengaduan Anda") as refused:
        services.complete(complaint, message="")
    assert refused.value.field == "message"
    assert Complaint.objects.get(pk=complaint.pk).status == Status.WAITING


def test_not_authority_refuses_an_empty_reason(complaint, officer):
    with pytest.raises(InvalidInput, match="Alasan wajib diisi") as refused:
        services.mark_not_authority(complaint, actor=officer, reason="")
    assert (refused.value.code, refused.value.field) == ("reason_required", "reason")


def test_forward_refuses_an_empty_reason(complaint, officer, other_office):
    with pytest.raises(InvalidInput, match="Alasan wajib diisi") as refused:
        services.forward(complaint, actor=officer, to_office=other_office, reason="")
    assert refused.value.field == "reason"
    assert not Complaint.objects.filter(office=other_office).exists()


def test_forward_refuses_the_complaints_own_office(complaint, officer):
    with pytest.raises(InvalidInput, match="Pilih instansi lain") as refused:
        services.forward(complaint, actor=officer, to_office=complaint.office, reason="Salah.")
    assert (refused.value.code, refused.value.field) == ("same_office", "to_office")
    assert Complaint.objects.count() == 1


def test_a_duplicate_of_itself_is_refused(complaint, officer):
    with pytest.raises(InvalidInput, match="Pengaduan asli harus pengaduan lain") as refused:
        services.reject_duplicate(complaint, actor=officer, original=complaint)
    assert (refused.value.code, refused.value.field) == ("original_invalid", "original")


def test_a_duplicate_of_another_offices_complaint_is_refused(complaint, officer, other_office):
    theirs = services.submit(
        office=other_office, channel="web", title="Di B", description="Kejadian di kantor B."
    )
    with pytest.raises(InvalidInput, match="di instansi yang sama") as refused:
        services.reject_duplicate(complaint, actor=officer, original=theirs)
    assert refused.value.code == "original_invalid"
    assert Complaint.objects.get(pk=complaint.pk).duplicate_of is None


def test_the_original_may_not_be_a_duplicate_itself(make_complaint, officer):
    first, second, third = make_complaint(), make_complaint(), make_complaint()
    services.reject_duplicate(second, actor=officer, original=first)
    with pytest.raises(InvalidInput, match="Pengaduan asli itu sendiri duplikat") as refused:
        services.reject_duplicate(third, actor=officer, original=second)
    assert refused.value.code == "original_is_duplicate"


# --- The team ------------------------------------------------------------------------------


def test_assign_refuses_nobody(complaint, officer):
    with pytest.raises(InvalidInput, match="Pilih setidaknya satu anggota tim") as refused:
        services.assign(complaint, actor=officer, users=[])
    assert (refused.value.code, refused.value.field) == ("users_required", "users")


def test_assign_refuses_someone_outside_the_team(complaint, officer):
    with pytest.raises(InvalidInput, match="Hanya anggota Tim Pengelola Pengaduan") as refused:
        services.assign(complaint, actor=officer, users=[officer])
    assert refused.value.code == "not_team_member"
    assert not complaint.assignments.exists()


def test_assign_refuses_a_team_member_of_another_office(complaint, officer, other_office):
    theirs = UserFactory(username="tim-b")
    MembershipFactory(user=theirs, office=other_office, role=Role.COMPLAINT_HANDLER)
    with pytest.raises(InvalidInput, match="Hanya anggota Tim Pengelola Pengaduan"):
        services.assign(complaint, actor=officer, users=[theirs])
    assert not complaint.assignments.exists()


def test_a_note_may_not_be_empty(complaint, handler):
    events = complaint.events.count()
    with pytest.raises(InvalidInput, match="Catatan tidak boleh kosong") as refused:
        services.add_note(complaint, actor=handler, text="")
    assert refused.value.code == "text_required"
    _unchanged(complaint, events)


def test_an_answer_may_not_be_empty(classified, handler):
    with pytest.raises(InvalidInput, match="Jawaban tidak boleh kosong") as refused:
        services.answer(classified, actor=handler, text="  ")
    assert (refused.value.code, refused.value.field) == ("text_required", "text")
    assert not Answer.objects.exists()


# --- After the answer ---------------------------------------------------------------------


def test_a_reply_may_not_be_empty(classified, handler):
    services.answer(classified, actor=handler, text="Sudah ditegur.")
    with pytest.raises(InvalidInput, match="Tanggapan tidak boleh kosong") as refused:
        services.reply(classified, text="")
    assert refused.value.field == "text"
    assert Complaint.objects.get(pk=classified.pk).status == Status.ANSWERED


def test_reopening_needs_a_reason(classified, handler):
    services.answer(classified, actor=handler, text="Sudah ditegur.")
    with pytest.raises(InvalidInput, match="Jelaskan mengapa Anda belum puas") as refused:
        services.reopen(classified, reason="")
    assert (refused.value.code, refused.value.field) == ("reason_required", "reason")


def test_a_score_outside_1_to_5_is_refused(classified, handler):
    services.answer(classified, actor=handler, text="Sudah ditegur.")
    with pytest.raises(InvalidInput, match="Nilai harus antara 1 dan 5") as refused:
        services.rate(classified, score=6)
    assert (refused.value.code, refused.value.field) == ("score_out_of_range", "score")


def test_there_is_nothing_to_rate_before_an_answer(complaint):
    answered = _answered(complaint)
    with pytest.raises(NotAllowed, match="Belum ada jawaban untuk dinilai") as refused:
        services.rate(answered, score=4)
    assert refused.value.code == "nothing_to_rate"


def test_an_answer_is_rated_once(classified, handler):
    services.answer(classified, actor=handler, text="Sudah ditegur.")
    services.rate(classified, score=4)
    with pytest.raises(NotAllowed, match="Jawaban ini sudah dinilai") as refused:
        services.rate(classified, score=1)
    assert refused.value.code == "already_rated"
    assert classified.ratings.get().score == 4


def test_an_anonymous_identity_is_never_given(make_complaint, officer):
    anonymous = make_complaint(anonymous=True)
    with pytest.raises(NotAllowed, match="Pengadu memilih anonim") as refused:
        services.view_personal_data(anonymous, user=officer)
    assert refused.value.code == "identity_withheld"
    assert not anonymous.personal_data_accesses.exists()


def test_every_service_takes_the_clock_it_is_given(make_complaint, officer, handler):
    """`now` is the moment of the change, whatever the wall clock says."""
    at = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 10:00 WIB, an hour after the frozen clock
    complaint = make_complaint(now=at)
    services.classify(complaint, actor=officer, class_code="ringan", now=at)
    given = services.answer(complaint, actor=handler, text="Sudah.", now=at)
    assert complaint.received_at == at
    assert given.created_at == at
    assert set(complaint.events.values_list("at", flat=True)) == {at}
    assert complaint.events.filter(action=Event.Action.ANSWERED).get().at == at
