"""Staff pages: intake for the seven channels, verification and classification, the team
queue and the head's list (constant queries, scoped), actions, identity logging."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.complaints import services
from loket.complaints.models import Complaint, PersonalDataAccess, Status
from loket.complaints.tracking import hash_code
from loket.notify.models import OutboxMessage
from loket.offices.models import Channel

from .conftest import MONDAY_0900
from .test_citizen_flow import PDF

pytestmark = pytest.mark.django_db


def staff_url(name, complaint, *args):
    return reverse(f"complaints:{name}", args=[complaint.office.slug, complaint.reference, *args])


def act(client, complaint, action, data):
    return client.post(staff_url("staff_act", complaint, action), data)


# --- Scoping: owner, read-only colleague, outsider -----------------------------------------


def test_another_offices_complaints_answer_404(client, make_complaint, carol, other_office):
    complaint = make_complaint()
    client.force_login(carol)
    for name in ("staff_detail", "staff_identity"):
        assert client.get(staff_url(name, complaint)).status_code == 404
    assert client.get(reverse("complaints:staff_queue", args=["kantor-a"])).status_code == 404
    assert act(client, complaint, "klasifikasi", {"class_code": "ringan"}).status_code == 404
    # Under carol's own office, where she administers but has no complaint role: forbidden.
    url = reverse("complaints:staff_detail", args=["kantor-b", complaint.reference])
    assert client.get(url).status_code == 403


def test_the_head_reads_but_may_not_classify(client, make_complaint, head):
    complaint = make_complaint()
    client.force_login(head)
    assert client.get(staff_url("staff_detail", complaint)).status_code == 200
    assert act(client, complaint, "klasifikasi", {"class_code": "ringan"}).status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


def test_a_receptionist_has_no_complaint_pages(client, make_complaint, bob):
    complaint = make_complaint()
    client.force_login(bob)
    assert client.get(staff_url("staff_detail", complaint)).status_code == 403


# --- Intake -------------------------------------------------------------------------------

CHANNEL_DETAILS = {
    Channel.Kind.FACE_TO_FACE: {},
    Channel.Kind.PHONE: {"phone_number": "0561736541", "call_time": "2026-03-02T08:40"},
    Channel.Kind.FAX: {"phone_number": "0561730062"},
    Channel.Kind.BOX: {"box_opened_on": "2026-03-02"},
    Channel.Kind.WHATSAPP: {"phone_number": "081649112053"},
    Channel.Kind.EMAIL: {"sender_email": "warga@contoh.id"},
    Channel.Kind.LAPOR: {"lapor_id": "LAP-2026-0042"},
}


@pytest.mark.parametrize("channel", list(CHANNEL_DETAILS))
@time_machine.travel(MONDAY_0900, tick=False)
def test_the_officer_enters_a_complaint_from_each_channel(client, office, officer, channel):
    client.force_login(officer)
    data = {
        "channel": channel,
        "received_at": "2026-03-02T08:45",
        "title": "Antrean lama",
        "description": "Dua jam menunggu.",
        "name": "Siti",
        "phone": "08123456789",
        **CHANNEL_DETAILS[channel],
        "service": str(office.services.get().pk),
        "files": [SimpleUploadedFile("surat.pdf", PDF, "application/pdf")],
    }
    response = client.post(reverse("complaints:staff_intake", args=[office.slug]), data)
    complaint = Complaint.objects.get()
    assert response["Location"] == reverse("complaints:staff_intake_done", args=[office.slug])
    # The code for the complainant is shown to the officer once, with the reference.
    receipt = client.get(response["Location"]).content.decode()
    assert complaint.reference == "ADU-2026-000001"
    assert complaint.reference in receipt
    [code] = set(re.findall(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b", receipt))
    assert complaint.tracking_code_hash == hash_code(code)
    again = client.get(response["Location"])
    assert again["Location"] == reverse("complaints:staff_queue", args=[office.slug])
    assert code not in client.get(complaint.get_staff_url()).content.decode()
    assert complaint.channel == channel
    assert complaint.received_at == MONDAY_0900 - timedelta(minutes=15)  # 08:45 WIB
    assert complaint.created_by == officer
    for key in CHANNEL_DETAILS[channel]:
        assert key in complaint.channel_details
    assert complaint.attachments.get().source == "staff"
    assert complaint.service.name == "Pelayanan Konsultasi"
    assert "Pelayanan Konsultasi" in client.get(complaint.get_staff_url()).content.decode()


@time_machine.travel(MONDAY_0900, tick=False)
def test_intake_names_the_missing_channel_details(client, office, officer):
    client.force_login(officer)
    response = client.post(
        reverse("complaints:staff_intake", args=[office.slug]),
        {"channel": "phone", "received_at": "2026-03-02T09:30", "title": "", "description": "x"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    # Each message names its field and the channel (summary and field: twice each).
    assert page.count("Nomor penelepon / pengirim: wajib diisi untuk kanal Telepon.") == 2
    assert page.count("Waktu telepon: wajib diisi untuk kanal Telepon.") == 2
    assert "Waktu diterima tidak boleh di masa depan." in page
    assert not Complaint.objects.exists()


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_phone_intake_marks_required_what_the_channel_requires_and_starts_at_now(
    client, office, officer
):
    client.force_login(officer)
    url = reverse("complaints:staff_intake", args=[office.slug])
    page = client.get(url, {"kanal": "phone"}).content.decode()
    assert '<label for="id_phone_number">Nomor penelepon / pengirim</label>' in page
    assert '<label for="id_call_time">Waktu telepon</label>' in page
    assert "id_box_opened_on" not in page  # another channel's detail
    assert 'value="phone" id="id_channel_3" required checked' in page
    # "Diterima pada" pre-filled with now in the office's zone (09.00 WIB).
    assert 'name="received_at" value="2026-03-02T09:00"' in page
    generic = client.get(url).content.decode()
    assert "Wajib untuk kanal Telepon." in generic
    assert 'name="received_at" value="2026-03-02T09:00"' in generic


# --- Handling ------------------------------------------------------------------------------


@time_machine.travel(MONDAY_0900, tick=False)
def test_officer_classifies_team_answers_with_attachment_through_the_pages(
    client, make_complaint, officer, handler
):
    complaint = make_complaint()
    client.force_login(officer)
    assert act(client, complaint, "klasifikasi", {"class_code": "normatif"}).status_code == 302
    assert act(client, complaint, "tugaskan", {"users": [str(handler.pk)]}).status_code == 302
    client.force_login(handler)
    assert act(client, complaint, "catatan", {"note-message": "Cek CCTV"}).status_code == 302
    bad = act(client, complaint, "jawab", {"text": ""})
    assert bad.status_code == 400
    assert "Wajib diisi." in bad.content.decode()
    answer = {"text": "Sudah ditindak.", "files": [SimpleUploadedFile("a.pdf", PDF)]}
    assert act(client, complaint, "jawab", answer).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    assert complaint.answers.get().attachments.count() == 1
    page = client.get(complaint.get_staff_url()).content.decode()
    assert "Cek CCTV" in page
    assert "Andi" in page


@time_machine.travel(MONDAY_0900, tick=False)
def test_bukan_wewenang_with_forwarding_reaches_the_other_office(
    client, make_complaint, officer, other_office
):
    complaint = make_complaint()
    client.force_login(officer)
    # Issue 11 §5: the destructive actions look like warnings, not the primary green button.
    detail = client.get(complaint.get_staff_url()).content.decode()
    assert 'class="button button-warning">Tandai bukan wewenang</button>' in detail
    assert 'class="button button-warning">Tolak duplikat</button>' in detail
    refused = act(client, complaint, "bukan-wewenang", {"reason": "", "to_office": ""})
    assert "Wajib diisi." in refused.content.decode()
    unconfirmed = {"reason": "Urusan B", "to_office": "kantor-b"}
    refused_once = act(client, complaint, "bukan-wewenang", unconfirmed)
    assert refused_once.status_code == 400
    assert "Konfirmasi: centang untuk melanjutkan." in refused_once.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED
    act(client, complaint, "bukan-wewenang", {**unconfirmed, "confirm": "on"})
    complaint.refresh_from_db()
    received = complaint.forwarded_to
    assert complaint.status == Status.FORWARDED
    assert received.office == other_office
    public = client.get(complaint.get_absolute_url()).content.decode()
    assert received.reference in public
    # The new code reaches the complainant only, in the forwarding message.
    forwarded = OutboxMessage.objects.get(topic="complaint.forwarded")
    [code] = set(re.findall(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b", forwarded.body))
    assert received.tracking_code_hash == hash_code(code)
    assert code not in public
    assert code not in client.get(received.get_staff_url()).content.decode()


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_duplicate_is_rejected_by_the_reference_of_the_original(client, make_complaint, officer):
    original, duplicate = make_complaint(), make_complaint()
    client.force_login(officer)
    # The original's tracking code is its complainant's secret: staff name it by reference.
    bad = act(client, duplicate, "duplikat", {"original": original.tracking_code, "confirm": "on"})
    assert "Tidak ada pengaduan instansi ini dengan nomor itu." in bad.content.decode()
    unconfirmed = act(client, duplicate, "duplikat", {"original": original.reference.lower()})
    assert unconfirmed.status_code == 400
    duplicate.refresh_from_db()
    assert duplicate.status == Status.RECEIVED
    act(client, duplicate, "duplikat", {"original": original.reference.lower(), "confirm": "on"})
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original


# --- Identity -----------------------------------------------------------------------------


def test_viewing_personal_data_is_logged(client, make_complaint, officer, handler, asks_nik):
    complaint = make_complaint(complainant_nik="6171010101010001")
    services.assign(complaint, actor=officer, users=[handler])
    client.force_login(handler)
    detail = client.get(complaint.get_staff_url()).content.decode()
    assert "Budi Warga" not in detail
    assert "6171010101010001" not in detail
    page = client.get(staff_url("staff_identity", complaint)).content.decode()
    assert "Budi Warga" in page
    assert "6171010101010001" in page
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.complaint) == (handler, complaint)


def test_anonymous_identity_is_on_no_staff_page(client, make_complaint, officer, handler, head):
    complaint = make_complaint(
        anonymous=True, complainant_name="Nama Tersembunyi", complainant_email="rahasia@contoh.id"
    )
    services.classify(complaint, actor=officer, class_code="normatif")
    for user in (officer, handler, head):
        client.force_login(user)
        for url in (
            complaint.get_staff_url(),
            staff_url("staff_identity", complaint),
            reverse("complaints:staff_queue", args=[complaint.office.slug]),
            reverse("complaints:staff_all", args=[complaint.office.slug]),
        ):
            page = client.get(url).content.decode()
            assert "Nama Tersembunyi" not in page
            assert "rahasia@contoh.id" not in page
    assert not PersonalDataAccess.objects.exists()


# --- Lists ---------------------------------------------------------------------------------


def _queue(client, office, **params):
    return client.get(reverse("complaints:staff_queue", args=[office.slug]), params)


def test_the_queue_is_sorted_by_due_time_with_marks_and_filters(
    client, make_complaint, officer, handler
):
    with time_machine.travel(MONDAY_0900, tick=False):
        late = make_complaint(title="Lambat sekali")
        services.classify(late, actor=officer, class_code="ringan")
        later = make_complaint(title="Biasa saja", channel="phone")
        services.classify(later, actor=officer, class_code="normatif")
        services.assign(later, actor=officer, users=[handler])
        fresh = make_complaint(title="Belum dibaca")
        done = make_complaint(title="Sudah ditutup")
        services.mark_not_authority(done, actor=officer, reason="x")
    client.force_login(handler)
    with time_machine.travel(MONDAY_0900 + timedelta(hours=4), tick=False):
        page = _queue(client, late.office).content.decode()
        assert page.index("Belum dibaca") < page.index("Lambat sekali") < page.index("Biasa saja")
        assert "Sudah ditutup" not in page
        assert "Terlambat" in page
        assert page.count("Terlambat") == 1
        assert "Biasa saja" not in _queue(client, late.office, overdue="on").content.decode()
        mine = _queue(client, late.office, mine="on").content.decode()
        assert "Biasa saja" in mine
        assert "Lambat sekali" not in mine
        assert "Lambat sekali" not in _queue(client, late.office, channel="phone").content.decode()
        assert (
            "Biasa saja" in _queue(client, late.office, complaint_class="normatif").content.decode()
        )
        found = _queue(client, late.office, q=fresh.reference.lower()).content.decode()
        assert "Belum dibaca" in found
        assert "Biasa saja" not in found
        assert "Lambat sekali" in _queue(client, late.office, q="lambat").content.decode()
        closed = _queue(client, late.office, status="not_authority").content.decode()
        assert "Sudah ditutup" in closed


def test_the_queue_is_due_soon_at_three_quarters_of_the_time(client, make_complaint, officer):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
    client.force_login(officer)
    with time_machine.travel(MONDAY_0900 + timedelta(hours=2, minutes=14), tick=False):
        assert "Segera jatuh tempo" not in _queue(client, complaint.office).content.decode()
    with time_machine.travel(MONDAY_0900 + timedelta(hours=2, minutes=15), tick=False):
        assert "Segera jatuh tempo" in _queue(client, complaint.office).content.decode()


def test_the_head_list_shows_every_complaint_overdue_first(client, make_complaint, officer, head):
    with time_machine.travel(MONDAY_0900, tick=False):
        closed = make_complaint(title="Selesai lama")
        services.mark_not_authority(closed, actor=officer, reason="x")
        normal = make_complaint(title="Masih ada waktu")
        services.classify(normal, actor=officer, class_code="normatif")
        overdue = make_complaint(title="Sudah terlambat")
        services.classify(overdue, actor=officer, class_code="ringan")
    client.force_login(head)
    with time_machine.travel(MONDAY_0900 + timedelta(hours=5), tick=False):
        page = client.get(reverse("complaints:staff_all", args=["kantor-a"])).content.decode()
    assert (
        page.index("Sudah terlambat") < page.index("Masih ada waktu") < page.index("Selesai lama")
    )


@pytest.mark.parametrize("name", ["staff_queue", "staff_all"])
def test_lists_use_a_constant_number_of_queries(
    client, make_complaint, officer, handler, head, name, django_assert_num_queries
):
    client.force_login(head if name == "staff_all" else handler)
    url = reverse(f"complaints:{name}", args=["kantor-a"])
    first = make_complaint()
    services.assign(first, actor=officer, users=[handler])
    client.get(url)  # warm the calendar and standard caches of this process
    # Session, user, office, classes, bounded count, page, assignees, roles, the unread
    # notifications badge, the user's saved filters (and the team for the head, who may
    # assign): none grows with rows.
    expected = {"staff_queue": 10, "staff_all": 11}[name]
    with django_assert_num_queries(expected) as one:
        assert client.get(url).status_code == 200
    for n in range(30):
        complaint = make_complaint(title=f"Pengaduan {n}")
        services.classify(complaint, actor=officer, class_code="normatif")
        services.assign(complaint, actor=officer, users=[handler])
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert "Halaman 1 dari 2" in response.content.decode()
    assert "Halaman 2 dari 2" in client.get(url, {"halaman": 2}).content.decode()


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_callers_number_is_identity_not_a_case_detail(client, office, officer, handler):
    client.force_login(officer)
    data = {
        "channel": "whatsapp",
        "received_at": "2026-03-02T08:45",
        "title": "Pungutan",
        "description": "Diminta membayar.",
        "phone_number": "081299998888",
        "anonymous": "on",
    }
    client.post(reverse("complaints:staff_intake", args=[office.slug]), data)
    complaint = Complaint.objects.get()
    client.force_login(handler)
    for url in (complaint.get_staff_url(), staff_url("staff_identity", complaint)):
        assert "081299998888" not in client.get(url).content.decode()
    named = services.submit(
        office=office,
        channel="phone",
        title="T",
        description="D",
        complainant_name="Ani",
        channel_details={"phone_number": "0561777", "call_time": "2026-03-02T08:40"},
    )
    services.assign(named, actor=officer, users=[handler])
    detail = client.get(named.get_staff_url()).content.decode()
    assert "0561777" not in detail
    assert "2 Maret 2026 08.40 WIB" in detail
    assert "0561777" in client.get(staff_url("staff_identity", named)).content.decode()


@time_machine.travel(MONDAY_0900, tick=False)
def test_identifying_channel_details_of_an_anonymous_complaint_reach_no_handler(
    client, office, officer, handler, head
):
    complaint = services.submit(
        office=office,
        channel="lapor",
        actor=officer,
        title="Pungutan liar",
        description="Diminta membayar.",
        anonymous=True,
        channel_details={
            "phone_number": "081377778888",
            "whatsapp_number": "081355556666",
            "sender_email": "pelapor@contoh.id",
            "lapor_reporter": {"name": "Pelapor LAPOR", "phone": "081344445555"},
            "lapor_id": "LAP-2026-0042",
        },
    )
    secrets_ = ("081377778888", "081355556666", "pelapor@contoh.id", "Pelapor LAPOR", "0813444")
    for user in (officer, handler, head):
        client.force_login(user)
        for url in (
            complaint.get_staff_url(),
            staff_url("staff_identity", complaint),
            reverse("complaints:staff_queue", args=[office.slug]),
            reverse("complaints:staff_all", args=[office.slug]),
        ):
            page = client.get(url).content.decode()
            assert not [s for s in secrets_ if s in page], url
    assert "LAP-2026-0042" in client.get(complaint.get_staff_url()).content.decode()
    assert complaint.personal_details == []
    assert not PersonalDataAccess.objects.exists()


@time_machine.travel(MONDAY_0900, tick=False)
def test_channel_details_are_labelled_fields_in_the_office_time(client, office, officer):
    client.force_login(officer)
    data = {
        "channel": "phone",
        "received_at": "2026-03-02T08:45",
        "title": "Antrean",
        "description": "Lama.",
        "name": "Siti",
        "phone_number": "0812999123",
        "call_time": "2026-02-26T15:00",
    }
    client.post(reverse("complaints:staff_intake", args=[office.slug]), data)
    complaint = Complaint.objects.get()
    detail = client.get(complaint.get_staff_url()).content.decode()
    assert "<dt>Waktu telepon</dt><dd>26 Februari 2026 15.00 WIB</dd>" in detail
    for raw in ("call_time", "phone_number", "2026-02-26T15:00", "0812999123"):
        assert raw not in detail
    identity = client.get(staff_url("staff_identity", complaint)).content.decode()
    # Stored in E.164, shown in the national format (validators.format_phone).
    assert complaint.channel_details["phone_number"] == "+62812999123"
    assert "<dt>Nomor penelepon / pengirim</dt><dd>0812-999-123</dd>" in identity
    assert PersonalDataAccess.objects.count() == 1


@time_machine.travel(MONDAY_0900, tick=False)
def test_completion_request_and_reclassification_through_the_pages(
    client, make_complaint, officer, handler
):
    complaint = make_complaint()
    client.force_login(officer)
    act(client, complaint, "klasifikasi", {"class_code": "ringan"})
    empty = act(client, complaint, "minta-kelengkapan", {"message": ""})
    assert empty.status_code == 400
    assert "Wajib diisi." in empty.content.decode()
    act(client, complaint, "minta-kelengkapan", {"message": "Kirim foto."})
    complaint.refresh_from_db()
    assert complaint.status == Status.WAITING
    assert complaint.is_paused
    client.force_login(handler)
    assert act(client, complaint, "minta-kelengkapan", {"message": "x"}).status_code == 403
    client.force_login(officer)
    act(client, complaint, "reklasifikasi", {"class_code": "normatif", "reason": "Perlu cek"})
    complaint.refresh_from_db()
    assert complaint.class_code == "normatif"
    page = client.get(complaint.get_staff_url()).content.decode()
    assert "Dari Pengaduan ringan menjadi Pengaduan bersifat normatif" in page
    assert "Perlu cek" in page


ENTERED_LATE = datetime(2026, 11, 28, 12, 28, tzinfo=UTC)  # Saturday 28 Nov 2026, 19:28 WIB


@time_machine.travel(ENTERED_LATE, tick=False)
def test_a_complaint_entered_later_shows_its_receipt_time_and_keeps_the_entry_time(
    client, office, officer
):
    client.force_login(officer)
    data = {
        "channel": "phone",
        "received_at": "2026-11-27T08:00",
        "title": "Telepon tidak diangkat",
        "description": "Tiga kali menelepon.",
        "name": "Siti",
        "phone_number": "0812999123",
        "call_time": "2026-11-27T08:00",
    }
    done = client.post(reverse("complaints:staff_intake", args=[office.slug]), data)
    complaint = Complaint.objects.get()
    receipt = client.get(done["Location"]).content.decode()
    [complaint.tracking_code] = re.findall(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b", receipt)
    event = complaint.events.get(action="received")
    assert event.at == datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 08:00 WIB
    assert event.data["recorded_at"] == ENTERED_LATE.isoformat()
    client.logout()
    public = client.get(complaint.get_absolute_url()).content.decode()
    assert "Pengaduan diterima</strong> – <time" in public
    assert "27 Nov 2026 08.00 WIB" in public
    assert "19.28" not in public
    api = client.get(f"/api/v1/complaints/{complaint.tracking_code}/").json()
    assert api["timeline"][0]["at"] == "2026-11-27T08:00:00+07:00"
    client.force_login(officer)
    staff = client.get(complaint.get_staff_url()).content.decode()
    assert "Dicatat oleh petugas pada 28 Nov 2026 19.28 WIB" in staff


def test_the_all_complaints_link_shows_only_for_those_who_may_open_it(
    client, office, officer, handler, head
):
    queue = reverse("complaints:staff_queue", args=[office.slug])
    everything = reverse("complaints:staff_all", args=[office.slug])
    for user, allowed in ((officer, True), (head, True), (handler, False)):
        client.force_login(user)
        page = client.get(queue).content.decode()
        assert (f'href="{everything}"' in page) is allowed, user.username
        assert (client.get(everything).status_code == 200) is allowed, user.username


@time_machine.travel(MONDAY_0900, tick=False)
def test_only_the_complaint_team_can_be_assigned(
    client, make_complaint, officer, handler, handler2
):
    complaint = make_complaint()
    services.classify(complaint, actor=officer, class_code="normatif")
    client.force_login(officer)
    page = client.get(complaint.get_staff_url()).content.decode()
    offered = set(re.findall(r'name="users" value="(\d+)"', page))
    assert offered == {str(handler.pk), str(handler2.pk)}
    refused = act(client, complaint, "tugaskan", {"users": [str(officer.pk)]})
    assert refused.status_code == 400
    assert not complaint.assignments.exists()


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_team_member_cannot_take_a_complaint_and_so_its_complainants_identity(
    client, make_complaint, officer, handler, handler2, head
):
    """Found by a tester: a member of the team ticked their own name under "Tugaskan kepada
    tim" on a complaint nobody had given them, and the complainant's identity (403 before)
    opened. Only the Pejabat and the head assign; an assignee may bring a colleague in."""
    complaint = make_complaint()
    client.force_login(handler)
    page = client.get(complaint.get_staff_url()).content.decode()
    assert 'name="users"' not in page  # no assignment form for them
    refused = act(client, complaint, "tugaskan", {"users": [str(handler.pk)]})
    assert refused.status_code == 400
    assert "Hanya Pejabat Pengelola Pengaduan atau pimpinan" in refused.content.decode()
    assert not complaint.assignments.exists()
    assert not services.may_view_identity(complaint, handler)
    with pytest.raises(services.ComplaintError) as exc:
        services.assign(complaint, actor=handler, users=[handler])
    assert exc.value.code == "not_assigner"

    services.assign(complaint, actor=head, users=[handler])  # the head assigns
    page = client.get(complaint.get_staff_url()).content.decode()
    assert 'name="users"' in page  # the assignee brings a colleague in
    assert act(client, complaint, "tugaskan", {"users": [str(handler2.pk)]}).status_code == 302
    assert set(complaint.assignments.values_list("user", flat=True)) == {handler.pk, handler2.pk}
    client.force_login(head)
    assert 'name="users"' in client.get(complaint.get_staff_url()).content.decode()


def test_the_queue_shows_and_filters_what_nobody_is_assigned_to(
    client, make_complaint, officer, handler
):
    with time_machine.travel(MONDAY_0900, tick=False):
        nobody = make_complaint(title="Tanpa petugas")
        services.classify(nobody, actor=officer, class_code="normatif")
        taken = make_complaint(title="Sudah ada petugas")
        services.classify(taken, actor=officer, class_code="normatif")
        services.assign(taken, actor=officer, users=[handler])
    client.force_login(handler)
    page = _queue(client, nobody.office).content.decode()
    assert page.count("Belum ditugaskan") == 1
    only = _queue(client, nobody.office, unassigned="on").content.decode()
    assert "Tanpa petugas" in only
    assert "Sudah ada petugas" not in only
    detail = client.get(nobody.get_staff_url()).content.decode()
    assert "Belum ditugaskan" in detail


def test_the_staff_office_page_links_each_role_to_the_complaint_pages_it_may_open(
    client, office, officer, handler, head
):
    from loket.offices.models import Role
    from loket.offices.tests.factories import MembershipFactory, UserFactory

    url = reverse("offices:staff_office", args=[office.slug])
    queue = reverse("complaints:staff_queue", args=[office.slug])
    intake = reverse("complaints:staff_intake", args=[office.slug])
    every = reverse("complaints:staff_all", args=[office.slug])
    expected = {
        officer: (True, True, True),
        handler: (True, False, False),
        head: (True, False, True),
    }
    for user, links in expected.items():
        client.force_login(user)
        html = client.get(url).content.decode()
        assert tuple(f'href="{link}"' in html for link in (queue, intake, every)) == links
    receptionist = UserFactory(username="informasi-a")
    MembershipFactory(user=receptionist, office=office, role=Role.RECEPTIONIST)
    client.force_login(receptionist)
    assert f'href="{queue}"' not in client.get(url).content.decode()
