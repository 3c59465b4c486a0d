"""What the seed publishes, written out by hand (not by the parser under test), and helpers to
find it in a page, a PDF or a text in the seed's order."""

import io
import re
from html import unescape

import pypdf
from django.conf import settings

SEED = settings.BASE_DIR / "demo" / "biro-perekonomian-kalbar.sippn.txt"

SEED_REQUIREMENTS = ["Surat Tugas", "Dokumen / Berkas Pendukung", "Tanda Pengenal / Identitas"]
SEED_PROCEDURE = [
    ("a", "Tamu/Pengguna Layanan menuju ke Petugas Informasi;"),
    ("b", "Menyampaikan keperluan, mengisi buku tamu;"),
    ("c", "Menerima Informasi dari Petugas;"),
    (
        "d",
        "Menerima layanan konsultasi dari Bagian Bina Mental Spritual, Bagian Pelayanan Dasar "
        "dan Bagian Pelayanan Non Dasar.",
    ),
]
SEED_CHANNELS = [
    "Tatap Muka langsung kepada Pejabat Pengelola Pengaduan;",
    "Tertulis disampaikan ke Kotak Pengaduan;",
    "WA : 081649112053",
    "Telepon : (0561) 736541 ext. 213",
    "Faximile : (0561) 730062",
    "Email : perekonomian@kalbarprov.go.id",
    "Online melalui website SP4N-LAPOR! (www.lapor.go.id)",
]
SEED_FLOW = [
    "Pengguna Layanan Menyampaikan aduan secara lisan/telepon/tertulis",
    "Pejabat Pengelola Pengaduan Menerima Aduan",
    "Tim Pengelola Pengaduan",
    "Pengguna Layanan Menerima Jawaban Pengaduan",
]
# (code, text as published, amount, unit): the durations are data, never code.
SEED_CLASSES = [
    ("ringan", "Pengaduan ringan, selambat-lambatnya 3 Jam;", 3, "hours"),
    (
        "normatif",
        "Pengaduan bersifat normatif, selambat-lambatnya 5 hari kerja;",
        5,
        "working_days",
    ),
    (
        "tidak_berkadar_pengawasan",
        "Pengaduan tidak berkadar pengawasan, selambat-lambatnya 14 hari kerja;",
        14,
        "working_days",
    ),
    (
        "berkadar_pengawasan",
        "Pengaduan berkadar pengawasan dan memerlukan pemeriksaan, selambat-lambatnya 60 hari "
        "kerja.",
        60,
        "working_days",
    ),
]

# Every item of the standard, with the seed's own markers, in the seed's order.
SEED_ITEMS = [
    "Pelayanan Konsultasi",
    "No. SK :",
    "Persyaratan",
    *[f"{n}. {text}" for n, text in enumerate(SEED_REQUIREMENTS, 1)],
    "Sistem, Mekanisme dan Prosedur",
    *[f"{label}. {text}" for label, text in SEED_PROCEDURE],
    "Waktu Penyelesaian",
    "15 Menit",
    "Administrasi : 15 Menit",
    "Konsultasi : Sesuai Materi Konsultasi",
    "Biaya / Tarif",
    "Tidak dipungut biaya",
    "Produk Pelayanan",
    "1. pelayanan konsultasi",
    "Pengaduan Layanan",
    "Pengaduan dapat dilakukan melalui :",
    *[f"{n}) {text}" for n, text in enumerate(SEED_CHANNELS, 1)],
    "Alur Penanganan Pengaduan",
    *[f"{n}. {text}" for n, text in enumerate(SEED_FLOW, 1)],
    "Jangka Waktu Penyelesaian Pengaduan",
    *[f"{n}) {text}" for n, (_code, text, _a, _u) in enumerate(SEED_CLASSES, 1)],
]


def flat(text: str) -> str:
    """Whitespace collapsed and "label : value" written as "label value", so a definition
    list on a page, a PDF line and the seed's text compare equal."""
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s*:\s*", " ", text).strip()


def assert_in_order(text: str, items: list[str]) -> None:
    """Every item appears in `text`, each after the one before it."""
    haystack, position = flat(text), 0
    for item in items:
        needle = flat(item)
        found = haystack.find(needle, position)
        assert found >= 0, f"missing or out of order: {item!r}"
        position = found + len(needle)


def page_text(html: str) -> str:
    """The visible text of a page's <main>."""
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def page_items(decree: str = "belum ditetapkan") -> list[str]:
    """The seed's items as a page or PDF shows them: the empty No. SK reads "belum
    ditetapkan" (or the number once set)."""
    return [f"No. SK {decree}" if item == "No. SK :" else item for item in SEED_ITEMS]


def edit_form_data(draft) -> dict:
    """What the staff edit page posts back unchanged, built from the page's own initial rows."""
    from loket.standards import forms

    data = {
        f: getattr(draft, f) if getattr(draft, f) is not None else "" for f in forms.TEXT_FIELDS
    }
    for prefix, _heading, formset_class, field in forms.LISTS:
        rows = forms.initial_rows(field, getattr(draft, field))
        total = len(rows) + formset_class.extra
        data[f"{prefix}-TOTAL_FORMS"] = total
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


def parse_one(data):
    """The first (or only) service of a SIPPN text, as the reader made it."""
    from loket.standards.sippn import parse

    return parse(data).standards[0]


def import_one(data, **kwargs):
    """Import a one-service SIPPN text; its outcome."""
    from loket.standards import services

    (outcome,) = services.import_standards(data, **kwargs)
    return outcome


def texts(notes) -> list[str]:
    """Importer notes as the page shows them (in the active language)."""
    return [str(note) for note in notes]
