"""The monthly PDF report for the head to sign: the letterhead, the same figures as the CSV
export, the period in the reader's language, an empty period, and who may download it."""

import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine
from pypdf import PdfReader

from .conftest import NOVEMBER, NOW
from .test_exports import sections

pytestmark = pytest.mark.django_db

URL = "/staf/kantor-a/laporan/unduh"
PDF_URL = f"{URL}.pdf{NOVEMBER}"
META = {"Instansi", "Periode", "Dari tanggal", "Sampai tanggal", "Zona waktu"}


def text_of(content: bytes) -> str:
    """The PDF's text with every run of white space made one space (cells and wrapped
    lines come out on lines of their own)."""
    pages = PdfReader(io.BytesIO(content)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def indonesian(value: str, unit: str) -> str:
    """A CSV cell as the Indonesian page prints it: shares in per cent, decimals with a
    comma, "–" for no value (written here, not with the app's filters), rounded half up to
    one decimal: 2/3 is "66,7%"."""
    if value == "":
        return "–"
    if unit == "0–1":
        return one_decimal(float(value) * 100) + "%"
    if "." in value:
        value = one_decimal(float(value))
    return f"{value} {unit}".strip()


def one_decimal(number: float) -> str:
    rounded = Decimal(repr(number)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded:.1f}".replace(".", ",")


@time_machine.travel(NOW, tick=False)
def test_the_pdf_holds_the_same_figures_as_the_csv(client, hana, november, desk, survey):
    client.force_login(hana)
    response = client.get(PDF_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="laporan-kantor-a-20261101-20261130.pdf"' in response["Content-Disposition"]
    text = text_of(response.content)
    found = sections(client.get(f"{URL}.csv{NOVEMBER}").content.decode())

    summary = [row for row in found["Ringkasan"][1:] if row[0] not in META]
    assert len(summary) == 33
    for name, value, unit in summary:
        assert f"{name} {indonesian(value, unit)}" in text, name
    assert "Pengaduan diterima 13" in text
    assert "Persentase tepat waktu 75,0%" in text
    assert "Waktu penanganan kalender, persentil 90 124,8 jam" in text

    # Per class, per channel (after the code) and per month (after the month): the share
    # column, then the counts, in the CSV's order.
    for table, share in (
        ("Pengaduan per klasifikasi", 5),
        ("Pengaduan per kanal", 5),
        ("Tepat waktu per bulan", 2),
    ):
        for row in found[table][1:]:
            cells = [indonesian(c, "0–1" if i == share else "") for i, c in enumerate(row[1:])]
            assert " ".join(cells) in text, (table, row)
    assert "Pengaduan ringan 4 2 2 2 100,0% 0 0" in text
    assert "Pengaduan bersifat normatif 4 2 2 1 50,0% 1 1" in text
    assert "November 2026 4 3 75,0%" in text
    # The survey: the period's respondents, IKM and grade.
    assert "1 Nov 2026 30 Nov 2026 Seluruh layanan Ditutup 2 87,5 B" in text
    assert "Siti Aminah" not in text


@time_machine.travel(NOW, tick=False)
def test_it_has_the_letterhead_title_page_numbers_and_a_signature_block(
    client, hana, office_a, november
):
    office_a.parent_name = "Pemerintah Provinsi Kalimantan Barat"
    office_a.address = "Jl. Sutan Syahrir No. 1, Pontianak"
    office_a.phone = "(0561) 736541"
    office_a.email = "ortala@kalbarprov.go.id"
    office_a.save()
    client.force_login(hana)
    text = text_of(client.get(PDF_URL).content)
    assert text.startswith(
        "Pemerintah Provinsi Kalimantan Barat Kantor A Jl. Sutan Syahrir No. 1, Pontianak "
        "Telepon (0561) 736541 · E-mail ortala@kalbarprov.go.id "
        "Laporan Pengelolaan Pengaduan dan Pelayanan Periode November 2026 "
        "1 November 2026 – 30 November 2026 (WIB)"  # not "(Asia/Pontianak)"
    )
    pages = len(PdfReader(io.BytesIO(client.get(PDF_URL).content)).pages)
    assert f"Halaman 1 dari {pages}" in text
    assert f"Halaman {pages} dari {pages}" in text
    assert "Dibuat 1 Desember 2026 10.00 WIB dari Loket." in text
    assert "……………………, 1 Desember 2026 Kepala Kantor A" in text  # no city given: to fill in
    assert "NIP." in text
    office_a.city = "Pontianak"  # set on the office's profile page
    office_a.save()
    assert "Pontianak, 1 Desember 2026 Kepala Kantor A" in text_of(client.get(PDF_URL).content)


@time_machine.travel(NOW, tick=False)
def test_the_period_and_the_figures_follow_the_reader_s_language(client, hana, november):
    client.force_login(hana)
    client.cookies["django_language"] = "en"
    quarter = text_of(client.get(f"{URL}.pdf?periode=triwulan-ini").content)
    assert "Period Quarter IV 2026 1 October 2026 – 31 December 2026" in quarter
    text = text_of(client.get(PDF_URL).content)
    assert "Complaint and Service Management Report Period November 2026" in text
    assert "Page 1 of" in text
    assert "Share on time 75.0%" in text
    assert "Head of Kantor A" in text


@time_machine.travel(NOW, tick=False)
def test_a_quarter_is_named_as_in_the_government_calendar(client, hana, service):
    client.force_login(hana)
    text = text_of(client.get(f"{URL}.pdf?periode=triwulan-ini").content)
    assert "Periode Triwulan IV 2026 1 Oktober 2026 – 31 Desember 2026" in text
    assert (
        'filename="laporan-kantor-a-20261001-20261231.pdf"'
        in client.get(f"{URL}.pdf?periode=triwulan-ini")["Content-Disposition"]
    )


@time_machine.travel(NOW, tick=False)
def test_a_period_without_data_renders(client, hana, service, settings):
    # A year is prepared in the background by default (test_export_jobs builds the same
    # file there); here it is built in the request.
    settings.LOKET_EXPORT_INLINE_DAYS = 366
    client.force_login(hana)
    response = client.get(f"{URL}.pdf?periode=tahun-lalu")
    assert response.status_code == 200
    text = text_of(response.content)
    assert "Periode 2025" in text
    assert "Pengaduan diterima 0" in text
    assert "Persentase tepat waktu –" in text
    assert "Tidak ada kunjungan pada periode ini." in text
    assert "Tidak ada periode survei pada rentang ini." in text


@time_machine.travel(NOW, tick=False)
def test_the_filters_are_printed_under_the_title(client, hana, november):
    client.force_login(hana)
    text = text_of(client.get(f"{PDF_URL}&kanal=phone").content)
    assert "Disaring: Kanal pengaduan: Telepon" in text
    assert "Pengaduan diterima 1 " in text


def test_only_the_report_s_readers_download_it(client, hana, alice, bob, carol):
    client.force_login(carol)
    assert client.get(PDF_URL).status_code == 404
    client.force_login(bob)
    assert client.get(PDF_URL).status_code == 403
    client.force_login(alice)
    assert client.get(PDF_URL).status_code == 200
    client.force_login(hana)
    assert client.get(PDF_URL).status_code == 200
    client.logout()
    assert client.get(PDF_URL).status_code == 302


def test_the_report_page_links_the_pdf_with_its_query(client, hana):
    client.force_login(hana)
    page = client.get(f"/staf/kantor-a/laporan/{NOVEMBER}").content.decode()
    assert f'href="{URL}.pdf{NOVEMBER}"' in page


def test_shares_and_decimals_are_rounded_half_up_not_cut():
    from fractions import Fraction

    from django.utils import translation

    from loket.reports.templatetags.reports import decimal1, percent

    with translation.override("id"):
        assert percent(Fraction(2, 3)) == "66,7%"
        assert percent(Fraction(1, 3)) == "33,3%"
        assert decimal1(4.25) == "4,3"
    with translation.override("en"):
        assert percent(Fraction(2, 3)) == "66.7%"
