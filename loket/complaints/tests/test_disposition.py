"""Issue 14, answering well: the printable disposition sheet (lembar disposisi) of a
complaint, as HTML with an A4 print stylesheet and as PDF; staff only, the complainant's
name only for those who may open the identity."""

import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from loket.complaints import services
from loket.complaints.models import PersonalDataAccess

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint(channel_details={})
        services.classify(complaint, actor=officer, class_code="normatif")
        services.assign(complaint, actor=officer, users=[handler])
    return complaint


def url(complaint, name="staff_disposition", office="kantor-a"):
    return reverse(f"complaints:{name}", args=[office, complaint.reference])


def test_the_sheet_shows_the_routing_data_and_blanks_for_the_head(client, assigned, handler):
    client.force_login(handler)
    response = client.get(url(assigned))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Lembar disposisi pengaduan",
        assigned.reference,
        "2 Maret 2026 09.00 WIB",  # received
        "9 Maret 2026 16.00 WIB",  # due, in the office's zone
        "Pengaduan bersifat normatif",
        "Petugas tidak ada di meja informasi",
        "Formulir web",
        "Andi",  # the assignee
        "Instruksi / disposisi kepala",
        "Tanggal dan paraf",
        "Kepala Kantor A",
        "complaints/disposition.css",
    ):
        assert text in page, text
    assert "Budi Warga" in page  # the assigned handler may open the identity
    access = PersonalDataAccess.objects.get(complaint=assigned, user=handler)
    assert access.purpose == "Lembar disposisi dicetak"
    detail = client.get(assigned.get_staff_url()).content.decode()
    assert url(assigned) in detail


def test_the_sheet_leaves_the_name_out_for_a_colleague_without_need_to_know(
    client, assigned, handler2
):
    client.force_login(handler2)
    page = client.get(url(assigned)).content.decode()
    assert "Budi" not in page
    assert "Tidak dicetak (hanya bagi petugas yang berwenang)" in page
    assert not PersonalDataAccess.objects.exists()


def test_the_sheet_is_in_the_offices_zone(client, make_complaint, officer, office):
    office.timezone = "Asia/Makassar"
    office.save()
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
    client.force_login(officer)
    page = client.get(url(complaint)).content.decode()
    assert "2 Maret 2026 10.00 WITA" in page
    assert "Belum diklasifikasi" in page


def test_the_pdf_is_one_a4_page_with_the_reference(client, assigned, head):
    client.force_login(head)
    response = client.get(url(assigned, "staff_disposition_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = reader.pages[0].extract_text()
    assert assigned.reference in text
    assert "WIB" in text
    assert "Budi Warga" in text  # the head may open the identity


def test_an_anonymous_complaint_prints_anonim(client, make_complaint, officer):
    complaint = make_complaint(anonymous=True)
    client.force_login(officer)
    page = client.get(url(complaint)).content.decode()
    assert "Anonim" in page
    assert "Budi" not in page


@pytest.mark.parametrize("name", ["staff_disposition", "staff_disposition_pdf"])
def test_the_sheet_is_403_for_a_colleague_and_404_for_another_office(
    client, assigned, bob, alice, carol, other_office, name
):
    for colleague in (bob, alice):  # the receptionist, the office admin: no complaint role
        client.force_login(colleague)
        assert client.get(url(assigned, name)).status_code == 403
    client.force_login(carol)
    assert client.get(url(assigned, name)).status_code == 404
    assert client.get(url(assigned, name, office="kantor-b")).status_code == 403
    assert not PersonalDataAccess.objects.exists()
