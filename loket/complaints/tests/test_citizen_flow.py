"""The citizen web flow without JavaScript: start page, the four steps kept in the session,
check answers, confirmation with the code, acknowledgement e-mail; tracking by code."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from loket.complaints import files, services
from loket.complaints.models import Complaint, Status
from loket.tests.samples import PDF, PNG

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


def url(name, office, *args):
    return reverse(f"complaints:{name}", args=[office.slug, *args])


def fill_what(client, office, **overrides):
    data = {
        "title": "Petugas tidak ada",
        "description": "Saya menunggu satu jam di meja informasi.",
        "incident_date": "2026-02-27",
        "incident_place": "Lobi kantor",
        "service": "",
        **overrides,
    }
    return client.post(url("step_what", office), data)


def test_the_start_page_states_the_office_deadlines_from_its_standard(client, office):
    page = client.get(url("start", office)).content.decode()
    assert "Pengaduan ringan" in page
    assert "3 jam" in page
    assert "60 hari kerja" in page
    assert files.limits_hint() in page
    assert url("step_what", office) in page


def test_a_new_office_without_other_channels_shows_no_empty_heading(client, office_b):
    """Found by a tester: a new office's page said "Cara lain menyampaikan pengaduan" with
    nothing under it."""
    from loket.offices.models import Channel

    Channel.objects.filter(office=office_b).delete()
    page = client.get(url("start", office_b)).content.decode()
    assert "Cara lain menyampaikan pengaduan" not in page
    assert url("step_what", office_b) in page


def test_the_office_page_links_to_the_complaint_form(client, office):
    page = client.get(office.get_absolute_url()).content.decode()
    assert url("start", office) in page


def test_missing_answers_are_named_next_to_the_field_and_in_the_summary(client, office):
    response = fill_what(client, office, title="", incident_date="2099-01-01")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ada masalah" in page
    assert page.count("Wajib diisi.") == 2  # in the summary and next to the field
    assert "Tanggal kejadian tidak boleh di masa depan." in page
    assert "Galat:" in page  # the title tells screen-reader users too


def test_fake_or_oversize_files_are_refused_by_content(client, office, settings):
    fill_what(client, office)
    fake = SimpleUploadedFile("surat.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    page = client.post(url("step_evidence", office), {"files": [fake]}).content.decode()
    assert "Berkas surat.pdf bukan PDF, JPEG atau PNG." in page
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * files.MAX_BYTES, "application/pdf")
    page = client.post(url("step_evidence", office), {"files": [big]}).content.decode()
    assert "Berkas besar.pdf lebih besar dari" in page
    many = [SimpleUploadedFile(f"f{i}.png", PNG, "image/png") for i in range(files.MAX_FILES + 1)]
    page = client.post(url("step_evidence", office), {"files": many}).content.decode()
    assert "Paling banyak 5 berkas" in page
    assert client.session["complaint_draft"]["files"] == []


def test_identified_complainants_must_say_how_to_reach_them(client, office, asks_nik):
    fill_what(client, office)
    page = client.post(url("step_who", office), {"identity": "identified"}).content.decode()
    assert "Tulis nama Anda, atau pilih anonim." in page
    assert "Tulis e-mail atau nomor telepon agar kami dapat menjawab." in page
    page = client.post(
        url("step_who", office), {"identity": "identified", "name": "A", "nik": "123"}
    ).content.decode()
    assert "NIK terdiri atas 16 angka." in page


def test_who_you_are_marks_optional_only_what_is_optional(client, office, asks_nik):
    fill_what(client, office)
    page = " ".join(client.get(url("step_who", office)).content.decode().split())
    for label in ("Nama lengkap", "Nomor telepon atau WhatsApp", "Alamat e-mail"):
        assert f"{label}</label>" in page, label  # no "(opsional)" after the label
    assert "NIK (opsional)</label>" in page
    assert "Wajib, kecuali Anda memilih anonim." in page
    assert "salah satu wajib kecuali Anda memilih anonim" in page
    refused = client.post(url("step_who", office), {"identity": "identified"}).content.decode()
    assert "Nama lengkap (opsional)" not in refused
    anonymous = client.post(url("step_who", office), {"identity": "anonymous"})
    assert anonymous["Location"] == url("check", office)
    named = client.post(
        url("step_who", office), {"identity": "identified", "name": "A", "email": "a@contoh.id"}
    )
    assert named["Location"] == url("check", office)


def test_steps_cannot_be_skipped(client, office):
    assert client.get(url("check", office))["Location"] == url("step_what", office)


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_whole_flow_saves_once_and_mails_the_code(
    client, office, smtp_server, django_capture_on_commit_callbacks
):
    assert fill_what(client, office)["Location"] == url("step_evidence", office)
    photo = SimpleUploadedFile("foto.png", PNG, "image/png")
    response = client.post(url("step_evidence", office), {"files": [photo], "action": "upload"})
    assert response["Location"] == url("step_evidence", office)
    assert "foto.png" in client.get(url("step_evidence", office)).content.decode()
    assert client.post(url("step_evidence", office), {"action": "continue"})["Location"] == url(
        "step_who", office
    )
    who = {"identity": "identified", "name": "Budi", "email": "budi@contoh.id", "phone": ""}
    assert client.post(url("step_who", office), who)["Location"] == url("check", office)
    page = client.get(url("check", office)).content.decode()
    assert "Petugas tidak ada" in page
    assert "27 Februari 2026, Lobi kantor" in page  # not "2026-02-27"
    assert "foto.png" in page
    assert "budi@contoh.id" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("check", office))
    assert response["Location"] == url("confirmation", office)
    complaint = Complaint.objects.get()
    assert complaint.channel == "web"
    assert complaint.attachments.get().name == "foto.png"
    assert complaint.incident_place == "Lobi kantor"
    page = client.get(url("confirmation", office)).content.decode()
    assert complaint.tracking_code in page
    [mail] = smtp_server.wait_for(1)
    assert complaint.tracking_code in mail["Subject"]
    assert mail["To"] == "budi@contoh.id"
    # A second submit of the same draft lands on the same confirmation: nothing twice.
    assert client.post(url("check", office))["Location"] == url("confirmation", office)
    assert Complaint.objects.count() == 1


@time_machine.travel(MONDAY_0900, tick=False)
def test_an_anonymous_complaint_keeps_no_name(client, office):
    fill_what(client, office)
    client.post(url("step_evidence", office), {"action": "continue"})
    client.post(
        url("step_who", office),
        {
            "identity": "anonymous",
            "name": "Rahasia Sekali",
            "email": "x@contoh.id",
            "confidential": "on",
        },
    )
    client.post(url("check", office))
    complaint = Complaint.objects.get()
    assert complaint.anonymous
    assert complaint.confidential
    assert complaint.complainant_name == ""
    assert complaint.complainant_email == "x@contoh.id"  # for the code and the answer only


# --- Tracking ---------------------------------------------------------------------------


def test_the_code_can_be_typed_loosely_and_unknown_codes_are_explained(client, make_complaint):
    complaint = make_complaint()
    loose = complaint.tracking_code.lower().replace("-", " ")
    response = client.get(reverse("complaints:track_lookup"), {"code": loose})
    assert response["Location"] == complaint.get_absolute_url()
    page = client.get(reverse("complaints:track_lookup"), {"code": "2222-2222-2222"}).content
    assert "Tidak ada pengaduan dengan kode ini" in page.decode()
    assert client.get("/pengaduan/2222-2222-2222/").status_code == 404


def test_the_tracking_page_shows_status_deadline_in_office_zone_and_public_timeline_only(
    client, make_complaint, officer, handler
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
        services.add_note(complaint, actor=handler, text="Catatan rahasia tim")
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "Ditindaklanjuti" in page
    assert "2 Maret 2026 12.00 WIB" in page
    assert "Diverifikasi dan diklasifikasi" in page
    assert "Catatan rahasia tim" not in page
    assert "Budi Warga" not in page
    assert "budi@contoh.id" not in page
    assert "pejabat" not in page.lower().split("riwayat")[-1]  # no staff names in public


def test_a_confidential_complaint_shows_nothing_of_its_content(client, make_complaint):
    complaint = make_complaint(confidential=True, title="Pungutan liar di loket")
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "Pungutan liar" not in page
    assert "Pengaduan rahasia" in page


def test_the_complainant_completes_replies_reopens_and_rates(
    client, make_complaint, officer, handler
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.request_completion(complaint, actor=officer, message="Kirim foto loket.")
    with time_machine.travel(MONDAY_0900 + timedelta(hours=2), tick=False):
        page = client.get(complaint.get_absolute_url()).content.decode()
        assert "Kirim foto loket." in page
        assert "Lengkapi pengaduan Anda" in page
        bad = client.post(reverse("complaints:complete", args=[complaint.tracking_code]), {})
        assert bad.status_code == 400
        assert "Wajib diisi." in bad.content.decode()
        photo = SimpleUploadedFile("loket.png", PNG, "image/png")
        client.post(
            reverse("complaints:complete", args=[complaint.tracking_code]),
            {"message": "Foto terlampir.", "files": [photo]},
        )
        complaint.refresh_from_db()
        assert complaint.status == Status.RECEIVED
        services.classify(complaint, actor=officer, class_code="ringan")
        services.answer(complaint, actor=handler, text="Petugas sudah ditegur.")
        page = client.get(complaint.get_absolute_url()).content.decode()
        assert "Petugas sudah ditegur." in page
        assert "Beri nilai jawaban" in page
        client.post(
            reverse("complaints:reopen", args=[complaint.tracking_code]),
            {"reason": "Masih kosong."},
        )
        complaint.refresh_from_db()
        assert complaint.status == Status.IN_PROGRESS
        services.answer(complaint, actor=handler, text="Jadwal piket dibuat.")
        client.post(
            reverse("complaints:rate", args=[complaint.tracking_code]),
            {"score": "5", "comment": "Terima kasih"},
        )
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.ratings.get().score == 5
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "Beri nilai jawaban" not in page
    assert "Nilai 5 dari 5" in page


def test_the_answer_attachments_are_downloadable_with_the_code(
    client, make_complaint, officer, handler
):
    from django.core.files.base import ContentFile

    complaint = make_complaint()
    services.classify(complaint, actor=officer, class_code="ringan")
    upload = services.Upload("surat.pdf", "application/pdf", ContentFile(PDF), len(PDF))
    response = services.answer(complaint, actor=handler, text="Lihat surat.", attachments=[upload])
    attachment = response.attachments.get()
    link = reverse("complaints:public_attachment", args=[complaint.tracking_code, attachment.pk])
    assert link in client.get(complaint.get_absolute_url()).content.decode()
    assert b"".join(client.get(link).streaming_content) == PDF
    other = make_complaint()
    wrong = reverse("complaints:public_attachment", args=[other.tracking_code, attachment.pk])
    assert client.get(wrong).status_code == 404


def test_the_pages_are_in_english_when_chosen(client, office, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url("start", office)).content.decode()
    assert "Complain about our service" in page
    assert "5 working days" in page
    page = fill_what(client, office, title="").content.decode()
    assert "Required." in page


def test_a_reply_to_the_answer_is_a_reply_marked_new_for_the_team(
    client, make_complaint, officer, handler
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
        services.answer(complaint, actor=handler, text="Sudah.")
    with time_machine.travel(MONDAY_0900 + timedelta(days=1), tick=False):
        link = reverse("complaints:reply", args=[complaint.tracking_code])
        assert "Wajib diisi." in client.post(link, {"text": " "}).content.decode()
        client.post(link, {"text": "Kapan petugas datang?"})
    complaint.refresh_from_db()
    # Issue 11 §5: a reply does not reopen; the team sees a new reply and may answer again.
    assert complaint.status == Status.ANSWERED
    assert complaint.replied_at == MONDAY_0900 + timedelta(days=1)
    assert complaint.due_at == MONDAY_0900 + timedelta(hours=3)
    assert "Kapan petugas datang?" in client.get(complaint.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("08111", "Nomor telepon terlalu pendek: setelah 0 atau +62 nomor ponsel punya 9 sampai"),
        ("0812345678901234", "Nomor telepon terlalu panjang"),
        ("0812 34ab 7890", "Tulis nomor telepon dengan angka"),
        ("812345678", "Awali nomor telepon dengan 0 atau +62"),
        ("0561 736541", None),
        ("0812-3456-7890", None),
        ("+62 812 3456 7890", None),
    ],
)
def test_a_phone_number_is_refused_with_the_reason_that_applies(client, office, number, message):
    fill_what(client, office)
    data = {"identity": "identified", "name": "A", "phone": number}
    response = client.post(url("step_who", office), data)
    if message is None:
        assert response.status_code == 302
        return
    page = response.content.decode()
    assert message in page
    if "angka" not in message:
        assert "Tulis nomor telepon dengan angka" not in page
    assert "diawali 0 atau +62, misalnya 081234567890" in page  # the hint says the rule


def test_a_tracking_url_typed_loosely_redirects_to_the_canonical_one(client, make_complaint):
    complaint = make_complaint()
    code = complaint.tracking_code
    for loose in (code.replace("-", ""), code.lower(), code.replace("-", "").lower()):
        response = client.get(f"/pengaduan/{loose}/")
        assert response.status_code == 301, loose
        assert response["Location"] == complaint.get_absolute_url()
    assert client.get(complaint.get_absolute_url()).status_code == 200
    assert client.get("/pengaduan/22222222222/").status_code == 404  # 11 characters
    assert client.get("/pengaduan/0OIL22222222/").status_code == 404  # not in the alphabet
    api = client.get(f"/api/v1/complaints/{code.replace('-', '').lower()}/")
    assert api.status_code == 200
    assert api.json()["tracking_code"] == code


def send(client, office, **headers):
    """One complaint through every step of the web form: the answer to "Kirim"."""
    fill_what(client, office, **headers)
    client.post(url("step_evidence", office), {"action": "continue"}, **headers)
    who = {"identity": "identified", "name": "Budi", "email": "budi@contoh.id", "phone": ""}
    client.post(url("step_who", office), who, **headers)
    return client.post(url("check", office), **headers)


@time_machine.travel(MONDAY_0900, tick=False)
def test_sending_complaints_is_rate_limited_with_an_explanation(client, office):
    """Each send writes a complaint and mails the address typed: a person sends a few an
    hour; a script gets 429 with a page that says what to do, and its draft is kept."""
    for _ in range(10):
        assert send(client, office)["Location"] == url("confirmation", office)
    blocked = send(client, office)
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "60"
    assert "Terlalu banyak permintaan" in blocked.content.decode()
    assert Complaint.objects.count() == 10
    assert "Petugas tidak ada" in client.get(url("check", office)).content.decode()  # kept


@time_machine.travel(MONDAY_0900, tick=False)
def test_junk_posts_lock_neither_this_office_nor_another(client, office, office_b):
    """Issue 12, finding 3: forty posts to one office's "Kirim" without a complaint behind
    them locked the complaint form of every office for an hour. Only complaints actually
    saved count, each office its own bucket, and a client's limit is its own."""
    for _ in range(40):
        assert client.post(url("check", office)).status_code == 302  # no draft: step one
    assert send(client, office)["Location"] == url("confirmation", office)
    for _ in range(9):
        send(client, office)
    assert send(client, office).status_code == 429
    assert send(client, office_b)["Location"] == url("confirmation", office_b)
    other = send(Client(), office, REMOTE_ADDR="10.0.0.9")
    assert other["Location"] == url("confirmation", office)
    assert Complaint.objects.filter(office=office).count() == 11


def test_uploads_of_a_complaint_never_sent_are_deleted_once_the_session_is_over(
    client, office, settings
):
    from datetime import datetime

    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from loket.complaints.jobs import purge_drafts

    fill_what(client, office)
    photo = SimpleUploadedFile("foto.png", PNG, "image/png")
    client.post(url("step_evidence", office), {"files": [photo], "action": "upload"})
    (folder,), _ = default_storage.listdir("complaints/draft")
    (name,) = default_storage.listdir(f"complaints/draft/{folder}")[1]
    stored = f"complaints/draft/{folder}/{name}"
    assert name.endswith(".png")
    assert "foto" not in name
    assert default_storage.exists(stored)
    uploaded = default_storage.get_modified_time(stored)

    within = uploaded + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert purge_drafts(now=within) == 0  # the citizen may still send it
    assert default_storage.exists(stored)

    over = uploaded + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    assert purge_drafts(now=over, dry_run=True) == 1  # counted, not deleted
    assert default_storage.exists(stored)
    assert purge_drafts(now=over) == 1
    assert not default_storage.exists(stored)
    assert purge_drafts(now=datetime.now(tz=uploaded.tzinfo) + timedelta(days=1)) == 0
    call_command("purge_complaint_drafts", verbosity=0)  # idempotent, nothing left


def test_the_tracking_page_is_rendered_once_per_change_and_stays_personal(
    client, make_complaint, officer, django_assert_num_queries
):
    """Issue 18: the tracking page is kept per complaint state (its row, its office, its
    newest event, the hour), so a repeat visit runs two queries and no rendering; any change
    (here a classification) shows at once; the response stays no-store."""
    from django.test import Client

    from loket.complaints import services

    complaint = make_complaint()
    path = reverse("complaints:track", args=[complaint.tracking_code])
    first = client.get(path)
    assert "no-store" in first["Cache-Control"]
    with django_assert_num_queries(2):  # the complaint with its office, its newest event
        again = Client().get(path)
    assert "no-store" in again["Cache-Control"]
    assert "ETag" not in again
    token = 'name="csrfmiddlewaretoken" value="'
    assert (
        again.content.decode().split(token)[1][:20] != first.content.decode().split(token)[1][:20]
    )
    services.classify(complaint, actor=officer, class_code="normatif")
    page = Client().get(path).content.decode()
    assert "Normatif" in page or "normatif" in page
    assert page != again.content.decode()
    # A query string is never kept (a flood of made-up ones would fill the cache).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Client().get(path + "?x=1")
    with CaptureQueriesContext(connection) as rendered:
        Client().get(path + "?x=1")
    assert len(rendered) > 2


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_pdf_with_a_stray_prefix_and_a_name_without_letters_goes_through_the_web_form(
    client, office
):
    # Issue 11 §3: a phone's share sheet sends "¡¡¡¡¡¡¡¡.¡¡¡" with bytes before "%PDF-";
    # "Kirim" used to refuse it. It is kept, stored from its header on, shown as berkas.pdf.
    fill_what(client, office)
    odd = SimpleUploadedFile("¡¡¡¡¡¡¡¡.¡¡¡", b"\r\n--boundary\r\n" + PDF, "application/pdf")
    response = client.post(url("step_evidence", office), {"files": [odd], "action": "upload"})
    assert response["Location"] == url("step_evidence", office)
    client.post(url("step_evidence", office), {"action": "continue"})
    who = {"identity": "identified", "name": "Budi", "email": "budi@contoh.id", "phone": ""}
    client.post(url("step_who", office), who)
    assert "berkas.pdf" in client.get(url("check", office)).content.decode()
    assert client.post(url("check", office))["Location"] == url("confirmation", office)
    attachment = Complaint.objects.get().attachments.get()
    assert attachment.name == "berkas.pdf"
    assert attachment.file.open("rb").read(5) == b"%PDF-"
