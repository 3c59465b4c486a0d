"""The SIPPN text importer: the seed field by field, another office's text in the same
layout, bad inputs, and importing twice."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from loket.offices.tests.factories import OfficeFactory
from loket.standards import selectors, services
from loket.standards.errors import ImportFailed
from loket.standards.models import Service, Standard, StandardEvent
from loket.standards.services import importing
from loket.standards.sippn import render

from .helpers import import_one, parse_one, texts

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
    parsed = parse_one(SEED.read_bytes())
    assert parsed.header.as_dict() == {
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
    assert "biroekonomi@kalbarprov.g.id" in texts(parsed.warnings)[0]
    assert ".go.id" in texts(parsed.warnings)[0]
    notes = " ".join(texts(parsed.notes))
    assert "78124 78124" in notes
    assert "berulang" in notes  # the page header repeated before Produk Pelayanan
    assert "diulang sebagai satu baris" in notes  # the run-on flow line


def test_another_office_text_with_other_counts_a_fee_and_days():
    parsed = parse_one(OTHER.read_bytes())
    f = parsed.fields
    assert parsed.service_name == "Izin Usaha Perdagangan"
    assert parsed.decree_number == "503/12/DPMPTSP/2025"
    assert parsed.header.as_dict()["postal_code"] == "78116"
    assert parsed.header.as_dict()["phone"] == "0561123456"
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
    assert len(f["complaint_channels"]) == 2
    assert len(f["complaint_flow"]) == 2
    assert [(c["code"], c["amount"], c["unit"]) for c in f["complaint_classes"]] == [
        ("ringan", 2, "working_days"),
        ("normatif", 10, "working_days"),
    ]
    assert f["legal_basis"] == "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"
    assert f["staff_count"] == "4 orang"
    assert parsed.unplaced == ["Catatan : tidak termasuk hari libur"]
    warnings = " ".join(texts(parsed.warnings))
    assert "pengaduan.dpm@gmail.com" in warnings  # not a government domain
    assert "paling lama 10 hari" in warnings  # plain "hari" read as working days: confirm


@pytest.mark.django_db
def test_importing_writes_a_draft_with_its_report_and_times_in_days(alice):
    office = OfficeFactory(slug="dpm", name="Dinas Penanaman Modal Contoh")
    outcome = import_one(OTHER.read_bytes(), office=office, actor=alice)
    standard = outcome.standard
    assert outcome.status == "created"
    assert standard.is_draft
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
    first = import_one(SEED.read_bytes(), office_slug="biro")
    second = import_one(SEED.read_bytes(), office_slug="biro")
    assert (first.status, second.status) == ("created", "unchanged")
    assert Service.objects.count() == 1
    assert Standard.objects.count() == 1
    services.publish(
        first.standard, actor=None, decree_number="", effective_date=None, warnings_confirmed=True
    )
    assert import_one(SEED.read_bytes(), office=office).status == "unchanged"
    assert Standard.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_text_after_publishing_becomes_the_next_draft():
    office = OfficeFactory(slug="biro", name="Biro Perekonomian")
    first = import_one(SEED.read_bytes(), office=office).standard
    services.publish(
        first, actor=None, decree_number="", effective_date=None, warnings_confirmed=True
    )
    changed = SEED.read_text().replace("3. Tanda Pengenal / Identitas", "3. KTP")
    outcome = import_one(changed, office=office)
    assert outcome.status == "created"
    assert outcome.standard.version == 2
    assert outcome.standard.requirements[-1] == "KTP"
    assert selectors.requirements(first.service)[-1] == "Tanda Pengenal / Identitas"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "import_empty"),
        (b"  \n\n \t\n", "import_empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "import_binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "import_binary"),
        (b"Nama,Alamat\nBudi,Pontianak\n", "import_not_sippn"),
        (
            b"Persyaratan\n1. KTP\nNo. SK : 1\n",
            "import_no_header",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(data, code):
    with pytest.raises(ImportFailed) as refused:
        parse_one(data)
    assert refused.value.code == code


@pytest.mark.django_db
def test_the_command_reports_and_leaves_no_partial_draft_on_bad_input(tmp_path):
    OfficeFactory(slug="biro", name="Biro Perekonomian")
    good = io.StringIO()
    call_command("import_standard", str(SEED), stdout=good)
    assert "created: Biro Perekonomian / Pelayanan Konsultasi, version 1" in good.getvalue()
    assert "to confirm:" in good.getvalue()
    assert "kalbarprov.g.id" in good.getvalue()

    Standard.objects.all().delete()
    Service.objects.all().delete()
    bad = tmp_path / "kosong.txt"
    bad.write_bytes(b"")
    with pytest.raises(CommandError, match="kosong"):
        call_command("import_standard", str(bad), "--office", "biro")
    with pytest.raises(CommandError, match="tidak-ada"):
        call_command("import_standard", str(SEED), "--office", "tidak-ada")
    assert not Service.objects.exists()
    assert not Standard.objects.exists()


@pytest.mark.django_db
def test_an_error_half_way_rolls_back_the_new_service(monkeypatch):
    OfficeFactory(slug="biro", name="Biro Perekonomian")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "apply_changes", broken)
    with pytest.raises(RuntimeError):
        import_one(SEED.read_bytes(), office_slug="biro")
    assert not Service.objects.exists()


ARCHIVE = OTHER.with_name("upt-arsip-contoh.sippn.txt")


def test_a_third_text_with_pages_a_doubled_postal_code_wrapped_items_and_hours():
    parsed = parse_one(ARCHIVE.read_bytes())
    assert parsed.header.as_dict() == {
        "office_name": "UPT Arsip Statis Contoh",
        "parent_name": "Pemerintah Provinsi Kalimantan Barat",
        "address": "Jl. Sutan Syahrir No. 5, Kel. Sungai Bangkong, Kec. Pontianak Kota, "
        "Kota Pontianak, Kalimantan Barat",
        "postal_code": "78121",
        "phone": "0561765432",
        "email": "arsip@kalbarprov.go.id",
    }
    # a service name wrapped over two lines
    assert parsed.service_name == "Layanan Penelusuran dan Salinan Arsip Statis"
    assert parsed.decree_number == "045.2/07/UPT-ARSIP/2024"
    f = parsed.fields
    assert f["requirements"] == [  # "- 1)" bullets
        "Kartu identitas (KTP / Kartu Pelajar / Paspor);",
        "Formulir permintaan salinan arsip;",
    ]
    assert [s["label"] for s in f["procedure"]] == ["a", "b", "c", "d", "e"]
    assert f["procedure"][0]["text"] == (
        "Pemohon mengisi formulir permintaan dan menyerahkannya kepada petugas layanan;"
    )
    assert f["procedure"][1]["text"] == (
        "Petugas menelusuri arsip pada daftar arsip statis dan sarana bantu penemuan kembali;"
    )
    assert (f["completion_time_text"], f["administration_time_text"]) == ("2 Jam", "10 Menit")
    assert f["consultation_time_text"] == ""
    assert (f["fee_text"], f["fee_amount"]) == ("Rp. 2.500,- per lembar salinan", 2_500)
    assert f["fee_legal_basis"] == "Peraturan Gubernur Nomor 12 Tahun 2023"
    assert f["products"] == ["Salinan arsip statis yang dilegalisasi"]
    assert len(f["complaint_channels"]) == 3
    assert len(f["complaint_flow"]) == 3
    # a class wrapped over two lines is read whole
    assert [(c["code"], c["amount"], c["unit"]) for c in f["complaint_classes"]] == [
        ("ringan", 1, "working_days"),
        ("berkadar_pengawasan", 30, "working_days"),
    ]
    # a line under "Pengaduan Layanan" that belongs to no list is reported, not dropped
    assert parsed.unplaced == ["Layanan pengaduan buka pada jam kerja."]
    assert parsed.warnings == []  # every address is .go.id: nothing to confirm
    notes = " ".join(texts(parsed.notes))
    assert "78121 78121" in notes
    assert "(2 kali)" in notes
    assert "satu baris" in notes


@pytest.mark.django_db
def test_the_third_text_imports_with_times_in_hours_and_its_fee(alice):
    office = OfficeFactory(slug="arsip", name="UPT Arsip Statis Contoh")
    standard = import_one(ARCHIVE.read_bytes(), office=office, actor=alice).standard
    assert standard.service.slug == "layanan-penelusuran-dan-salinan-arsip-statis"
    assert (standard.completion_time_amount, standard.completion_time_unit) == (2, "hours")
    assert standard.administration_time.total_seconds() == 600
    assert standard.fee_amount == 2_500
    assert standard.import_unplaced == ["Layanan pengaduan buka pada jam kerja."]


FLOW_RUN_ON = (
    "Pengguna Layanan Menyampaikan aduan Pejabat Pengelola pengaduan menerima aduan Tim "
    "Pengelola pengaduan Pengguna Layanan Menerima Jawaban Pengaduan secara "
    "lisan/telepon/tertulis"
)


@pytest.mark.parametrize(
    "move",
    [
        # without its bullet, after the last deadline class (it reads as a wrapped line)
        lambda text: text.replace(f"- {FLOW_RUN_ON}", FLOW_RUN_ON),
        # without its bullet, right after the last flow step
        lambda text: text.replace(f"\n- {FLOW_RUN_ON}", "").replace(
            "4. Pengguna Layanan Menerima Jawaban Pengaduan\n",
            f"4. Pengguna Layanan Menerima Jawaban Pengaduan\n{FLOW_RUN_ON}\n",
        ),
        # Windows line endings and no-break spaces, as copied from a web page
        lambda text: text.replace("\n", "\r\n").replace("15 Menit", "15\u00a0Menit"),
    ],
    ids=["after-classes", "after-flow", "crlf"],
)
def test_variants_of_the_seed_read_the_same(move):
    original = parse_one(SEED.read_bytes())
    variant = move(SEED.read_text())
    assert variant != SEED.read_text()
    parsed = parse_one(variant.encode())
    assert parsed.fields == original.fields
    assert parsed.unplaced == []
    assert "satu baris" in " ".join(texts(parsed.notes))


def test_a_windows_1252_file_is_read():
    text = OTHER.read_text().replace("Rp 50.000,- per izin", "Rp 50.000,- per izin \u2013 tunai")
    parsed = parse_one(text.encode("cp1252"))
    assert parsed.fields["fee_text"] == "Rp 50.000,- per izin \u2013 tunai"
    assert parsed.fields["fee_amount"] == 50_000


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (SEED.read_text().encode("utf-16"), "import_binary"),  # UTF-16 has NUL bytes
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "import_binary"),  # a .docx
        (
            b"<!DOCTYPE html><html><body><h1>Pelayanan Konsultasi</h1></body></html>",
            "import_not_sippn",
        ),
        (b'{"nama": "Pelayanan Konsultasi", "persyaratan": []}', "import_not_sippn"),
        (
            # the sections, but no office header before the service name
            b"Pelayanan Konsultasi\nNo. SK :\nPersyaratan\n1. Surat Tugas\n",
            "import_no_header",
        ),
        (b"x" * (600 * 1024), "import_too_large"),
    ],
    ids=["utf16", "docx", "html", "json", "no-header", "too-big"],
)
def test_other_layouts_are_refused_with_a_clear_error(data, code):
    with pytest.raises(ImportFailed) as refused:
        parse_one(data)
    assert refused.value.code == code


@pytest.mark.django_db
def test_a_bad_file_leaves_an_existing_draft_untouched_and_a_changed_text_updates_it():
    office = OfficeFactory(slug="biro", name="Biro Perekonomian")
    draft = import_one(SEED.read_bytes(), office=office).standard
    events = StandardEvent.objects.count()
    with pytest.raises(ImportFailed):
        import_one(b"\x00\x01binary", office=office)
    with pytest.raises(ImportFailed):
        import_one(SEED.read_text().replace("No. SK :", ""), office=office)
    draft.refresh_from_db()
    assert draft.requirements[-1] == "Tanda Pengenal / Identitas"
    assert StandardEvent.objects.count() == events

    changed = SEED.read_text().replace("1. pelayanan konsultasi", "1. Berita acara konsultasi")
    outcome = import_one(changed, office=office)
    assert (outcome.status, outcome.standard.pk) == ("updated", draft.pk)
    assert outcome.standard.products == ["Berita acara konsultasi"]
    assert Standard.objects.count() == 1
    assert Service.objects.count() == 1


@pytest.mark.django_db
def test_header_contacts_that_differ_from_the_office_are_flagged_not_changed():
    office = OfficeFactory(
        slug="dpm",
        name="Dinas Penanaman Modal Contoh",
        parent_name="Pemerintah Provinsi Kalimantan Barat",
        address="Jl. Merdeka No. 10, Kel. Sungai Bangkong, Kota Pontianak, Kalimantan Barat",
        postal_code="78116",
        phone="(0561) 765000",
        email="dpmptsp@kalbarprov.go.id",
    )
    standard = import_one(OTHER.read_bytes(), office=office).standard
    flagged = [w for w in map(render, standard.import_warnings) if "data instansi" in w]
    assert flagged == [
        "Periksa telepon: teks menulis '0561123456', data instansi '(0561) 765000'. "
        "Data instansi tidak diubah."
    ]
    office.refresh_from_db()
    assert office.phone == "(0561) 765000"
    assert standard.source_header["phone"] == "0561123456"


def test_a_second_header_e_mail_is_reported_and_a_page_header_that_differs_is_still_skipped():
    text = SEED.read_text().replace(
        "biroekonomi@kalbarprov.g.id\n\nPemerintah Provinsi Kalimantan Barat / Biro Perekonomian",
        "biroekonomi@kalbarprov.g.id\nsekretariat@kalbarprov.go.id\n\n"
        "Pemerintah Provinsi Kalimantan Barat / Biro Perekonomian",
        1,
    )
    parsed = parse_one(text)
    assert parsed.header.as_dict()["email"] == "biroekonomi@kalbarprov.g.id"
    assert parsed.unplaced == ["sekretariat@kalbarprov.go.id"]
    # the second page repeats the header with one e-mail only: still a page header
    assert parsed.fields == parse_one(SEED.read_bytes()).fields
    assert "(1 kali)" in " ".join(texts(parsed.notes))
