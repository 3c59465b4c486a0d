"""Issue #11 §1: standards as other offices publish them on SIPPN (copied into fixtures/),
read whole-file with their right values, and the kinds of layout behind them (numbered
headings at any level, several services per file, numbers in words, deadline verbs, plain
"hari", fee tiers, one-line flows, unknown headings)."""

import pytest
from django.conf import settings
from django.utils import translation

from loket.offices.tests.factories import OfficeFactory
from loket.standards.models import Service, Standard
from loket.standards.services import import_standards
from loket.standards.sippn import parse
from loket.standards.values import parse_deadline_class, parse_duration, words_to_number

from .helpers import SEED, parse_one, texts

FIXTURES = settings.BASE_DIR / "loket" / "standards" / "tests" / "fixtures"
PARIA = FIXTURES / "paria-skck.sippn.txt"
DEMO_NUMBERED = FIXTURES / "demo-numbered-heading.txt"
DUKCAPIL = FIXTURES / "dukcapil-kk-ktp.sippn.txt"


def _classes(fields):
    return [(c["code"], c["amount"], c["unit"]) for c in fields["complaint_classes"]]


def test_paria_numbered_complaint_subheadings_lettered_items_and_a_one_line_product():
    parsed = parse_one(PARIA.read_bytes())
    f = parsed.fields
    assert len(f["complaint_channels"]) == 3
    assert len(f["complaint_flow"]) == 4
    assert [(c["amount"], c["unit"]) for c in f["complaint_classes"]] == [
        (2, "working_days"),
        (5, "working_days"),
        (14, "working_days"),
        (60, "working_days"),
    ]
    assert f["products"] == ["Surat Pengantar SKCK"]
    assert f["complaint_classes"][1]["code"] == "normatif"  # written "normative"
    assert parsed.unplaced == []
    assert parsed.placed_percent == 100


def test_the_demo_with_a_numbered_classes_heading_gives_exactly_the_demos_four_classes():
    variant = parse_one(DEMO_NUMBERED.read_bytes()).fields
    demo = parse_one(SEED.read_bytes()).fields
    assert (
        _classes(variant)
        == _classes(demo)
        == [
            ("ringan", 3, "hours"),
            ("normatif", 5, "working_days"),
            ("tidak_berkadar_pengawasan", 14, "working_days"),
            ("berkadar_pengawasan", 60, "working_days"),
        ]
    )
    assert variant["complaint_flow"] == demo["complaint_flow"]
    assert len(variant["complaint_flow"]) == 4
    assert variant == demo


def test_dukcapil_two_services_in_one_text_are_two_drafts_never_merged():
    kk, ktp = parse(DUKCAPIL.read_bytes()).standards
    assert kk.service_name == "Pembuatan Kartu Keluarga (KK)"
    assert kk.decree_number == "470/001/2024"
    assert len(kk.fields["requirements"]) == 3
    assert len(kk.fields["procedure"]) == 3
    assert kk.fields["completion_time_text"] == "5 (lima) hari kerja"
    assert parse_duration(kk.fields["completion_time_text"]) == (5, "working_days")
    assert kk.fields["fee_amount"] is None  # two tiers, no single amount
    assert [(t["name"], t["amount"]) for t in kk.fields["fee_tiers"]] == [
        ("Umum", 0),
        ("Terlambat", 10_000),
    ]
    assert [(c["amount"], c["unit"]) for c in kk.fields["complaint_classes"]] == [
        (3, "working_days"),
        (5, "working_days"),
    ]
    assert ktp.service_name == "Pencetakan Kartu Tanda Penduduk elektronik (KTP-el)"
    assert ktp.decree_number == "470/002/2024"
    assert len(ktp.fields["requirements"]) == 3
    assert len(ktp.fields["procedure"]) == 2
    assert parse_duration(ktp.fields["completion_time_text"]) == (5, "working_days")
    assert ktp.fields["fee_amount"] == 0
    assert ktp.fields["fee_tiers"] == []
    # the KK's requirements are not the KTP's
    assert "Fotokopi Kartu Keluarga" not in kk.fields["requirements"]
    assert "Melampirkan KK yang lama" not in ktp.fields["requirements"]
    # the header before the KTP-el starts a service: it is no page break of the KK
    assert "page_header_repeated" not in [n.code for n in kk.notes]
    # a standard without deadline classes is flagged
    assert "no_complaint_classes" in [w.code for w in ktp.warnings]


@pytest.mark.django_db
def test_importing_dukcapil_writes_two_drafts_with_their_values_and_again_changes_nothing():
    office = OfficeFactory(slug="dukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")
    first = import_standards(DUKCAPIL.read_bytes(), office=office)
    assert [o.status for o in first] == ["created", "created"]
    kk = Standard.objects.get(service__slug="pembuatan-kartu-keluarga-kk")
    ktp = Standard.objects.get(service__slug__startswith="pencetakan-kartu-tanda-penduduk")
    assert (kk.completion_time_amount, kk.completion_time_unit) == (5, "working_days")
    assert kk.fee_amount is None
    assert len(kk.fee_tiers) == 2
    assert (ktp.fee_amount, ktp.completion_time_amount) == (0, 5)
    assert kk.import_report["chars_unplaced"] == 0
    again = import_standards(DUKCAPIL.read_bytes(), office=office)
    assert [o.status for o in again] == ["unchanged", "unchanged"]
    assert Service.objects.count() == 2
    assert Standard.objects.count() == 2


def test_the_demo_seed_still_reads_exactly_as_before():
    parsed = parse_one(SEED.read_bytes())
    assert parsed.unplaced == []
    assert [w.code for w in parsed.warnings] == ["header_email_g_id"]
    assert parsed.fields["fee_tiers"] == []
    assert (parsed.fields["fee_text"], parsed.fields["fee_amount"]) == ("Tidak dipungut biaya", 0)
    # the hash of a one-service text is the hash of the whole text, as before: reloading an
    # existing demo database finds its version unchanged
    assert parsed.sha256 == parse(SEED.read_bytes()).sha256


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("Pengaduan ringan, selambat-lambatnya 3 Jam;", 3, "hours"),
        ("Pengaduan ringan, paling lama 5 (lima) hari kerja", 5, "working_days"),
        ("Pengaduan ringan paling lambat lima hari kerja", 5, "working_days"),
        ("Pengaduan ringan maksimal 2 (dua) hari kerja", 2, "working_days"),
        ("Pengaduan ringan selama 1 x 24 jam", 24, "hours"),
        ("Pengaduan normatif dalam waktu empat belas hari kerja", 14, "working_days"),
        ("Pengaduan berkadar pengawasan: enam puluh hari kerja", 60, "working_days"),
    ],
)
def test_deadline_verbs_and_numbers_in_words_are_read(text, amount, unit):
    parsed = parse_deadline_class(text)
    assert (parsed["amount"], parsed["unit"], parsed["calendar_days"]) == (amount, unit, False)


def test_plain_hari_is_read_as_days_and_flagged_to_confirm_working_days():
    parsed = parse_deadline_class("Pengaduan ringan, paling lama 10 hari;")
    assert (parsed["amount"], parsed["unit"], parsed["calendar_days"]) == (
        10,
        "working_days",
        True,
    )


def test_an_import_with_plain_hari_warns_the_admin_to_confirm_working_days():
    # The whole file, not only the line reader: the warning reaches the import's report.
    text = _variant("selambat-lambatnya 14 hari kerja;", "selambat-lambatnya 14 hari;")
    parsed = parse_one(text)
    assert [c["amount"] for c in parsed.fields["complaint_classes"]] == [3, 5, 14, 60]
    plain = [w for w in parsed.warnings if w.code == "class_plain_days"]
    assert len(plain) == 1
    assert plain[0].params["amount"] == 14
    assert "class_plain_days" not in [w.code for w in parse_one(SEED.read_bytes()).warnings]


@pytest.mark.parametrize(
    ("words", "number"),
    [("lima", 5), ("sebelas", 11), ("dua belas", 12), ("enam puluh", 60), ("tiga puluh satu", 31)],
)
def test_numbers_in_words(words, number):
    assert words_to_number(words) == number


def _variant(old: str, new: str) -> str:
    text = SEED.read_text()
    assert old in text
    return text.replace(old, new)


def test_a_flow_on_one_line_joined_by_arrows_is_split_into_steps():
    flow = (
        "1. Pengguna Layanan Menyampaikan aduan secara lisan/telepon/tertulis\n"
        "2. Pejabat Pengelola Pengaduan Menerima Aduan\n"
        "3. Tim Pengelola Pengaduan\n"
        "4. Pengguna Layanan Menerima Jawaban Pengaduan\n"
    )
    one_line = "Pengguna menyampaikan aduan -> Pejabat menerima aduan -> Tim menangani → Jawaban\n"
    parsed = parse_one(_variant(flow, one_line))
    assert parsed.fields["complaint_flow"] == [
        "Pengguna menyampaikan aduan",
        "Pejabat menerima aduan",
        "Tim menangani",
        "Jawaban",
    ]
    assert "one_line_split" in [n.code for n in parsed.notes]


SEED_PROCEDURE_LINES = (
    "- a. Tamu/Pengguna Layanan menuju ke Petugas Informasi;\n"
    "- b. Menyampaikan keperluan, mengisi buku tamu;\n"
    "- c. Menerima Informasi dari Petugas;\n"
    "- d. Menerima layanan konsultasi dari Bagian Bina Mental Spritual, Bagian Pelayanan "
    "Dasar dan Bagian Pelayanan Non Dasar.\n"
)


def test_a_procedure_on_one_line_joined_by_dashes_is_split_into_steps():
    one_line = "Pemohon datang - Petugas memeriksa - Lurah menandatangani\n"
    parsed = parse_one(_variant(SEED_PROCEDURE_LINES, one_line))
    assert [s["text"] for s in parsed.fields["procedure"]] == [
        "Pemohon datang",
        "Petugas memeriksa",
        "Lurah menandatangani",
    ]


def test_an_unknown_heading_is_reported_and_what_follows_it_is_not_placed():
    text = DEMO_NUMBERED.read_text().replace(
        "3. Jangka Waktu Penyelesaian Pengaduan :", "3. Mekanisme Pengaduan Lainnya :"
    )
    parsed = parse_one(text)
    assert parsed.fields["complaint_classes"] == []  # never placed in the flow
    assert len(parsed.fields["complaint_flow"]) == 4
    assert "unknown_heading" in [w.code for w in parsed.warnings]
    assert "no_complaint_classes" in [w.code for w in parsed.warnings]
    assert "3. Mekanisme Pengaduan Lainnya :" in parsed.unplaced
    assert "- 1) Pengaduan ringan, selambat-lambatnya 3 Jam;" in parsed.unplaced
    assert parsed.placed_percent < 100


def test_a_new_numbered_heading_at_another_level_needs_no_new_code():
    text = (
        SEED.read_text()
        .replace("Produk Pelayanan\n", "5. Produk Pelayanan :\n")
        .replace("Alur Penanganan Pengaduan :", "b) Alur Pengaduan")
        .replace("Persyaratan\n", "I. Persyaratan\n", 1)
    )
    assert parse_one(text).fields == parse_one(SEED.read_bytes()).fields


def test_the_notes_are_translated_when_shown():
    parsed = parse_one(SEED.read_bytes())
    with translation.override("id"):
        assert "bukan domain pemerintah" in texts(parsed.warnings)[0]
    with translation.override("en"):
        assert "not a government .go.id domain" in texts(parsed.warnings)[0]
        assert "78124" in " ".join(texts(parsed.notes))
