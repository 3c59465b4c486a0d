"""What the public tracking page and the public API disclose: a rahasia complaint shows
statuses and dates only, and the complainant's evidence is never served publicly, only to
the office's staff."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.complaints import services
from loket.complaints.files import check_upload

from .conftest import MONDAY_0900
from .test_citizen_flow import PDF

pytestmark = pytest.mark.django_db


def evidence(name="ktp.pdf"):
    return check_upload(SimpleUploadedFile(name, PDF, "application/pdf"))


def public_link(complaint, attachment):
    return reverse("complaints:public_attachment", args=[complaint.tracking_code, attachment.pk])


def staff_link(complaint, attachment):
    return reverse(
        "complaints:staff_attachment",
        args=[complaint.office.slug, complaint.reference, attachment.pk],
    )


def _a_rahasia_complaint_with_texts(make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint(confidential=True, attachments=[evidence()])
        services.classify(complaint, actor=officer, class_code="normatif")
        services.request_completion(complaint, actor=officer, message="Sebutkan nama petugas X")
        services.complete(complaint, message="Namanya Pak Yanto di loket 3")
        services.answer(
            complaint,
            actor=handler,
            text="Pak Yanto sudah ditegur.",
            attachments=[evidence("a.pdf")],
        )
    with time_machine.travel(MONDAY_0900 + timedelta(hours=1), tick=False):
        services.reply(complaint, text="Tolong juga cek Bu Rina")
    return complaint


def test_a_rahasia_timeline_shows_statuses_and_dates_only(client, make_complaint, officer, handler):
    complaint = _a_rahasia_complaint_with_texts(make_complaint, officer, handler)
    texts = ("Sebutkan nama petugas X", "Pak Yanto di loket 3", "Bu Rina", "normatif")
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert not [t for t in texts if t in page]
    assert "Diminta melengkapi" in page
    assert "Tanggapan pengadu" in page
    assert '<meta name="robots" content="noindex">' in page
    # The holder of the code still reads the office's answer.
    assert "Pak Yanto sudah ditegur." in page
    body = client.get(f"/api/v1/complaints/{complaint.tracking_code}/").content.decode()
    assert not [t for t in ("Sebutkan nama", "loket 3", "Bu Rina") if t in body]
    assert "Pak Yanto sudah ditegur." in body
    assert "lampiran" not in body
    # Staff still see everything.
    client.force_login(handler)
    staff = client.get(complaint.get_staff_url()).content.decode()
    assert "Sebutkan nama petugas X" in staff
    assert "Bu Rina" in staff


def test_a_rahasia_request_for_completion_points_to_the_message_sent(
    client, make_complaint, officer
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint(confidential=True)
        services.request_completion(complaint, actor=officer, message="Sebutkan loketnya")
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "Sebutkan loketnya" not in page
    assert "kami kirim ke e-mail atau WhatsApp Anda" in page


def test_a_rahasia_complaint_serves_no_file_publicly(client, make_complaint, officer, handler):
    complaint = _a_rahasia_complaint_with_texts(make_complaint, officer, handler)
    for item in complaint.attachments.all():
        assert client.get(public_link(complaint, item)).status_code == 404


def test_evidence_is_served_only_to_the_offices_staff(
    client, make_complaint, officer, handler, head, bob, carol, other_office
):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint(attachments=[evidence()])
        services.classify(complaint, actor=officer, class_code="normatif")
        response = services.answer(
            complaint, actor=handler, text="Selesai.", attachments=[evidence("jawaban.pdf")]
        )
    own = complaint.attachments.get(answer__isnull=True)
    answer_file = response.attachments.get()
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert public_link(complaint, own) not in page
    assert "ktp.pdf" not in page
    assert public_link(complaint, answer_file) in page
    assert client.get(public_link(complaint, own)).status_code == 404
    assert client.get(public_link(complaint, answer_file)).status_code == 200
    assert client.get(staff_link(complaint, own)).status_code == 302  # to the login page
    for user in (officer, handler, head):
        client.force_login(user)
        assert client.get(staff_link(complaint, own)).status_code == 200
    client.force_login(bob)  # the office's receptionist: a colleague without the role
    assert client.get(staff_link(complaint, own)).status_code == 403
    client.force_login(carol)  # staff of another office: the office is not theirs to see
    assert client.get(staff_link(complaint, own)).status_code == 404


def test_a_duplicates_public_page_never_shows_the_originals_code(client, make_complaint, officer):
    """The original's tracking code is its complainant's only credential."""
    original = make_complaint(title="Antrean terlalu lama")
    repeat = make_complaint(title="Antrean lama sekali", complainant_name="Orang Lain")
    services.reject_duplicate(repeat, actor=officer, original=original)

    public = client.get(repeat.get_absolute_url()).content.decode()
    assert original.tracking_code not in public
    assert "Sama dengan pengaduan lain" in public
    client.force_login(officer)
    staff = client.get(repeat.get_staff_url()).content.decode()
    # Staff name the original by its reference; its code is nobody's but its complainant's.
    assert original.reference in staff
    assert original.tracking_code not in staff


def test_a_forwarded_rahasia_complaint_does_not_name_the_receiving_office(
    client, make_complaint, officer, other_office
):
    complaint = make_complaint(confidential=True)
    services.forward(complaint, actor=officer, to_office=other_office, reason="Bukan wewenang")
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "diteruskan kepada instansi yang berwenang" in page
    assert other_office.name not in page
