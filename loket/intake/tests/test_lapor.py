"""SP4N-LAPOR!: an export imported once however often it is uploaded, anonim and rahasia
carried over, bad rows listed, the column mapping set once with a preview, and the export
of our follow-ups per LAPOR! id."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.complaints.models import Complaint
from loket.intake import services
from loket.intake.lapor import reader
from loket.intake.lapor.gateway import FileGateway, gateway
from loket.intake.models import InboundMessage, LaporMapping
from loket.intake.services import lapor

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

EXPORT = (FIXTURES / "lapor" / "ekspor-lapor.csv").read_bytes()


def _columns():
    table = reader.read(EXPORT, "ekspor-lapor.csv")
    return reader.guess_mapping(table.headers)


def test_the_mapping_is_guessed_from_the_export_s_headers():
    assert _columns() == {
        "lapor_id": "ID Laporan",
        "title": "Judul",
        "description": "Isi Laporan",
        "submitted_at": "Tanggal Laporan",
        "reporter_name": "Nama Pelapor",
        "reporter_phone": "No HP",
        "reporter_email": "Email",
        "anonymous": "Anonim",
        "confidential": "Rahasia",
        "status": "Status",
        "category": "Kategori",
        "location": "Lokasi",
    }


def test_an_export_imports_its_good_rows_and_lists_the_bad_ones(office_a):
    result = lapor.import_reports(office_a, EXPORT, "ekspor-lapor.csv", _columns())
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert [number for number, _problem in result.bad_rows] == [5, 6, 7]
    assert "Isi laporan kosong" in result.bad_rows[0][1]
    assert "kemarin sore" in result.bad_rows[1][1]
    assert "Nomor pelacakan" in result.bad_rows[2][1]
    services.process_due()
    complaints = {c.channel_details["lapor_id"]: c for c in Complaint.objects.all()}
    assert set(complaints) == {"5183201", "5183388", "5183412"}
    first = complaints["5183201"]
    assert first.channel == "lapor"
    assert (first.complainant_name, first.complainant_email) == (
        "Yohanes Lumban",
        "yohanes.l@contoh.id",
    )
    assert first.title == "Pungutan di loket perizinan"
    assert first.received_at.isoformat() == "2026-02-23T02:41:00+00:00"  # 09:41 WIB
    anonymous = complaints["5183388"]
    assert anonymous.anonymous
    assert not anonymous.confidential
    assert anonymous.complainant_name == ""
    assert anonymous.complainant_phone == ""
    secret = complaints["5183412"]
    assert secret.anonymous
    assert secret.confidential


def test_importing_the_same_export_again_changes_nothing(office_a):
    lapor.import_reports(office_a, EXPORT, "ekspor-lapor.csv", _columns())
    services.process_due()
    again = lapor.import_reports(office_a, EXPORT, "ekspor-lapor.csv", _columns())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    services.process_due()
    assert Complaint.objects.count() == 3
    assert InboundMessage.objects.count() == 3


def test_a_changed_report_updates_and_notes_the_complaint_never_duplicates(office_a):
    lapor.import_reports(office_a, EXPORT, "ekspor-lapor.csv", _columns())
    services.process_due()
    changed = EXPORT.replace(
        b"5183201;Pungutan di loket perizinan", b"5183201;Pungutan di loket perizinan (lanjutan)"
    ).replace(
        b"Diteruskan ke instansi;Pelayanan Publik;Pontianak",
        b"Selesai;Pelayanan Publik;Pontianak",
        1,
    )
    result = lapor.import_reports(office_a, changed, "ekspor-lapor.csv", _columns())
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    message = InboundMessage.objects.get(provider_id="5183201")
    assert message.subject == "Pungutan di loket perizinan (lanjutan)"
    assert message.events.filter(action="updated").count() == 1
    complaint = message.complaint
    assert complaint.events.filter(action="note", note__contains="status: Selesai").exists()
    assert Complaint.objects.count() == 3


def test_an_xlsx_export_imports_like_the_csv(office_a):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(EXPORT.decode()), delimiter=";"):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    result = lapor.import_reports(office_a, buffer.getvalue(), "ekspor.xlsx", _columns())
    assert (result.created, len(result.bad_rows)) == (3, 3)


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(office_a):
    with pytest.raises(reader.ReadError):
        lapor.import_reports(office_a, b"\x00\x01binary", "ekspor.csv", _columns())
    with pytest.raises(reader.ReadError):
        lapor.import_reports(office_a, b"PK\x03\x04broken", "ekspor.xlsx", _columns())


def test_the_follow_up_export_lists_each_lapor_id_with_our_status(office_a):
    lapor.import_reports(office_a, EXPORT, "ekspor-lapor.csv", _columns())
    services.process_due()
    rows = list(csv.reader(io.StringIO(lapor.export_followups(office_a).decode("utf-8-sig"))))
    assert rows[0] == ["lapor_id", "status", "diterima", "tindak_lanjut_terakhir", "tindak_lanjut"]
    assert [r[0] for r in rows[1:]] == ["5183201", "5183388", "5183412"]
    assert all(r[1] == "Diterima" for r in rows[1:])
    assert "Pengaduan diterima" in rows[1][4]


def test_the_page_previews_then_imports_with_the_mapping_set_once(client, officer, office_a):
    client.force_login(officer)
    url = reverse("intake:lapor_import", args=[office_a.slug])
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("ekspor-lapor.csv", EXPORT, content_type="text/csv")
    preview = client.post(url, {"tindakan": "pratinjau", "file": upload})
    assert preview.status_code == 200
    assert "5183201" in preview.content.decode()
    form = preview.context["form"]
    data = {"tindakan": "impor", **form.initial}
    done = client.post(url, data)
    assert done.status_code == 200
    result = done.context["result"]
    assert (result.created, len(result.bad_rows)) == (3, 3)
    assert LaporMapping.objects.get(office=office_a).columns["lapor_id"] == "ID Laporan"
    # The next upload starts from the saved mapping.
    upload = SimpleUploadedFile("ekspor-lapor.csv", EXPORT, content_type="text/csv")
    again = client.post(url, {"tindakan": "pratinjau", "file": upload})
    assert again.context["form"].initial["lapor_id"] == "ID Laporan"


def test_a_mapping_without_the_lapor_id_is_refused(client, officer, office_a):
    client.force_login(officer)
    url = reverse("intake:lapor_import", args=[office_a.slug])
    upload = SimpleUploadedFile("ekspor-lapor.csv", EXPORT, content_type="text/csv")
    client.post(url, {"tindakan": "pratinjau", "file": upload})
    response = client.post(url, {"tindakan": "impor", "description": "Isi Laporan"})
    assert response.status_code == 400
    assert InboundMessage.objects.count() == 0


def test_another_office_cannot_import_or_export(client, outsider, office_a):
    client.force_login(outsider)
    assert client.get(reverse("intake:lapor_import", args=[office_a.slug])).status_code == 404
    assert client.get(reverse("intake:lapor_export", args=[office_a.slug])).status_code == 404


def test_the_default_gateway_is_the_file_round_trip(office_a):
    live = gateway()
    assert isinstance(live, FileGateway)
    assert list(live.fetch_reports(office_a, None)) == []
    with pytest.raises(NotImplementedError):
        live.send_followup(office_a, lapor_id="5183201", status="Selesai", text="Sudah")


def test_rows_from_a_gateway_import_with_the_same_dedupe(office_a):
    rows = [(1, {"lapor_id": "900", "description": "Isi dari API"}, {"id": "900"})]
    assert lapor.import_rows(office_a, rows).created == 1
    assert lapor.import_rows(office_a, rows).unchanged == 1
