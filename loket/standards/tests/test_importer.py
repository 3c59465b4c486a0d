"""The SIPPN text importer: the seed field by field, another office's text in the same
layout, bad inputs, and importing twice."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from loket.offices.tests.factories import OfficeFactory
from loket.standards import services
from loket.standards.importer import ImportFailed, import_standard, parse
from loket.standards.models import Service, Standard, StandardEvent

SEED = settings.BASE_DIR / "demo" / "biro-perekonomian-kalbar.sippn.txt"
OTHER = (
    settings.BASE_DIR
    / "loket"
    / "standards"
    / "tests"
    / "data"
    / "dinas-contoh-perizinan.sippn.txt"
)


def test_the_seed_is_read_field_by_field():
    parsed = parse(SEED.read_bytes())
    assert parsed.header == {
        "office_name": "Biro Perekonomian",
        "parent_name": "Pemerintah Provinsi Kalimantan Barat",
        "address": "Jl. Jenderal Ahmad Yani, Bangka Belitung Laut, Kec. Pontianak Tenggara, "
        "Kota Pontianak, Kalimantan Barat",
        "postal_code": "78124",
        "phone": "0561736541",
        "email": "biroekonomi@kalbarprov.g.id",
    }
    assert parsed.service_name == "Pelayanan Konsultasi"
    assert parsed.decree_number == ""
    f = parsed.fields
    assert f["requirements"] == [
        "Surat Tugas",
        "Dokumen / Berkas Pendukung",
        "Tanda Pengenal / Identitas",
    ]
    assert f["procedure"] == [
        {"label": "a", "text": "Tamu/Pengguna Layanan menuju ke Petugas Informasi;"},
        {"label": "b", "text": "Menyampaikan keperluan, mengisi buku tamu;"},
        {"label": "c", "text": "Menerima Informasi dari Petugas;"},
        {
            "label": "d",
            "text": "Menerima layanan konsultasi dari Bagian Bina Mental Spritual, Bagian "
            "Pelayanan Dasar dan Bagian Pelayanan Non Dasar.",
        },
    ]
    assert f["completion_time_text"] == "15 Menit"
    assert f["administration_time_text"] == "15 Menit"
    assert f["consultation_time_text"] == "Sesuai Materi Konsultasi"
    assert (f["fee_text"], f["fee_amount"], f["fee_legal_basis"]) == (
        "Tidak dipungut biaya",
        0,
        "",
    )
    assert f["products"] == ["pelayanan konsultasi"]
    assert f["complaint_intro"] == "Pengaduan dapat dilakukan melalui :"
    assert f["complaint_channels"] == [
        "Tatap Muka langsung kepada Pejabat Pengelola Pengaduan;",
        "Tertulis disampaikan ke Kotak Pengaduan;",
        "WA : 081649112053",
        "Telepon : (0561) 736541 ext. 213",
        "Faximile : (0561) 730062",
        "Email : perekonomian@kalbarprov.go.id",
        "Online melalui website SP4N-LAPOR! (www.lapor.go.id)",
    ]
    assert f["complaint_flow"] == [
        "Pengguna Layanan Menyampaikan aduan secara lisan/telepon/tertulis",
        "Pejabat Pengelola Pengaduan Menerima Aduan",
        "Tim Pengelola Pengaduan",
        "Pengguna Layanan Menerima Jawaban Pengaduan",
    ]
    assert [(c["code"], c["name"], c["amount"], c["unit"]) for c in f["complaint_classes"]] == [
        ("ringan", "Pengaduan ringan", 3, "hours"),
        ("normatif", "Pengaduan bersifat normatif", 5, "working_days"),
        ("tidak_berkadar_pengawasan", "Pengaduan tidak berkadar pengawasan", 14, "working_days"),
        (
            "berkadar_pengawasan",
            "Pengaduan berkadar pengawasan dan memerlukan pemeriksaan",
            60,
            "working_days",
        ),
    ]
    assert f["complaint_classes"][3]["text"] == (
        "Pengaduan berkadar pengawasan dan memerlukan pemeriksaan, selambat-lambatnya 60 hari "
        "kerja."
    )
    # nothing lost, the odd header e-mail flagged, the layout's quirks noted
    assert parsed.unplaced == []
    assert len(parsed.warnings) == 1
    assert "biroekonomi@kalbarprov.g.id" in parsed.warnings[0]
    assert ".go.id" in parsed.warnings[0]
    notes = " ".join(parsed.notes)
    assert "78124 78124" in notes
    assert "berulang" in notes  # the page header repeated before Produk Pelayanan
    assert "diulang sebagai satu baris" in notes  # the run-on flow line


def test_another_office_text_with_other_counts_a_fee_and_days():
    parsed = parse(OTHER.read_bytes())
    f = parsed.fields
    assert parsed.service_name == "Izin Usaha Perdagangan"
    assert parsed.decree_number == "503/12/DPMPTSP/2025"
    assert parsed.header["postal_code"] == "78116"
    assert parsed.header["phone"] == "0561123456"
    assert len(f["requirements"]) == 5
    # a wrapped item is joined, not split
    assert f["requirements"][2] == (
        "Akta pendirian perusahaan dan perubahannya yang telah disahkan"
    )
    assert [s["label"] for s in f["procedure"]] == ["1", "2", "3"]
    assert f["completion_time_text"] == "3 Hari Kerja"
    assert f["administration_time_text"] == "1 Hari"
    assert f["consultation_time_text"] == ""
    assert f["fee_text"] == "Rp 50.000,- per izin"
    assert f["fee_amount"] == 50_000
    assert f["fee_legal_basis"] == ("Peraturan Daerah Nomor 1 Tahun 2020 tentang Retribusi")
    assert f["products"] == ["Surat Izin Usaha Perdagangan", "Tanda terima berkas"]
    assert len(f["complaint_channels"]) == 2 and len(f["complaint_flow"]) == 2
    assert [(c["code"], c["amount"], c["unit"]) for c in f["complaint_classes"]] == [
        ("ringan", 2, "working_days"),
        ("normatif", 10, "working_days"),
    ]
    assert f["legal_basis"] == "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"
    assert f["staff_count"] == "4 orang"
    assert parsed.unplaced == ["Catatan : tidak termasuk hari libur"]
    warnings = " ".join(parsed.warnings)
    assert "pengaduan.dpm@gmail.com" in warnings  # not a government domain
    assert "paling lama 10 hari" in warnings  # plain "hari" read as working days: confirm


@pytest.mark.django_db
def test_importing_writes_a_draft_with_its_report_and_times_in_days(alice):
    office = OfficeFactory(slug="dpm", name="Dinas Penanaman Modal Contoh")
    outcome = import_standard(OTHER.read_bytes(), office=office, actor=alice)
    standard = outcome.standard
    assert outcome.status == "created" and standard.is_draft
    assert standard.decree_number == "503/12/DPMPTSP/2025"
    assert (standard.completion_time_amount, standard.completion_time_unit) == (
        3,
        "working_days",
    )
    assert standard.administration_time.days == 1
    assert standard.import_unplaced == ["Catatan : tidak termasuk hari libur"]
    assert StandardEvent.objects.filter(standard=standard, action="imported", actor=alice)


@pytest.mark.django_db
def test_importing_the_same_file_twice_duplicates_nothing():
    office = OfficeFactory(slug="biro", name="Biro Perekonomian")
    first = import_standard(SEED.read_bytes(), office_slug="biro")
    second = import_standard(SEED.read_bytes(), office_slug="biro")
    assert (first.status, second.status) == ("created", "unchanged")
    assert Service.objects.count() == 1 and Standard.objects.count() == 1
    services.publish(
        first.standard, actor=None, decree_number="", effective_date=None, warnings_confirmed=True
    )
    assert import_standard(SEED.read_bytes(), office=office).status == "unchanged"
    assert Standard.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_text_after_publishing_becomes_the_next_draft():
    office = OfficeFactory(slug="biro", name="Biro Perekonomian")
    first = import_standard(SEED.read_bytes(), office=office).standard
    services.publish(
        first, actor=None, decree_number="", effective_date=None, warnings_confirmed=True
    )
    changed = SEED.read_text().replace("3. Tanda Pengenal / Identitas", "3. KTP")
    outcome = import_standard(changed, office=office)
    assert outcome.status == "created" and outcome.standard.version == 2
    assert outcome.standard.requirements[-1] == "KTP"
    assert services.requirements(first.service)[-1] == "Tanda Pengenal / Identitas"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n \t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"Nama,Alamat\nBudi,Pontianak\n", "not a service standard"),
        (
            b"Persyaratan\n1. KTP\nNo. SK : 1\n",
            "No office header",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(data, message):
    with pytest.raises(ImportFailed, match=message):
        parse(data)


@pytest.mark.django_db
def test_the_command_reports_and_leaves_no_partial_draft_on_bad_input(tmp_path):
    OfficeFactory(slug="biro", name="Biro Perekonomian")
    good = io.StringIO()
    call_command("import_standard", str(SEED), stdout=good)
    assert "created: Biro Perekonomian / Pelayanan Konsultasi, version 1" in good.getvalue()
    assert "to confirm:" in good.getvalue() and "kalbarprov.g.id" in good.getvalue()

    Standard.objects.all().delete()
    Service.objects.all().delete()
    bad = tmp_path / "kosong.txt"
    bad.write_bytes(b"")
    with pytest.raises(CommandError, match="empty"):
        call_command("import_standard", str(bad), "--office", "biro")
    with pytest.raises(CommandError, match="office"):
        call_command("import_standard", str(SEED), "--office", "tidak-ada")
    assert not Service.objects.exists() and not Standard.objects.exists()


@pytest.mark.django_db
def test_an_error_half_way_rolls_back_the_new_service(monkeypatch):
    OfficeFactory(slug="biro", name="Biro Perekonomian")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "record_import", broken)
    with pytest.raises(RuntimeError):
        import_standard(SEED.read_bytes(), office_slug="biro")
    assert not Service.objects.exists()
