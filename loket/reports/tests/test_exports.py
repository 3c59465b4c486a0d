"""CSV and XLSX exports: the page's figures, numbers as numbers, no formula from office data."""

import csv
import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from .conftest import NOVEMBER, NOW, complaint, utc

pytestmark = pytest.mark.django_db

CSV_URL = f"/staf/kantor-a/laporan/unduh.csv{NOVEMBER}"
XLSX_URL = f"/staf/kantor-a/laporan/unduh.xlsx{NOVEMBER}"


def sections(text: str) -> dict[str, list[list[str]]]:
    """Table name -> header and rows of the CSV export."""
    found: dict[str, list[list[str]]] = {}
    current = None
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        if not row:
            current = None
        elif current is None:
            current = found.setdefault(row[0], [])
        else:
            current.append(row)
    return found


@time_machine.travel(NOW, tick=False)
def test_the_csv_holds_the_same_figures_as_the_page(client, hana, november, desk, survey):
    client.force_login(hana)
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="laporan-kantor-a-20261101-20261130.csv"' in response["Content-Disposition"]
    text = response.content.decode()
    found = sections(text)
    summary = {row[0]: row[1] for row in found["Ringkasan"][1:]}
    assert summary["Periode"] == "November 2026"
    assert summary["Dari tanggal"] == "2026-11-01"
    # The zone as people name it, with the machine's name (found by a tester: only the latter).
    assert summary["Zona waktu"] == "WIB (Asia/Pontianak)"
    assert summary["Pengaduan diterima"] == "13"
    assert summary["Persentase tepat waktu"] == "0.75"
    assert summary["Waktu penanganan kalender, median"] == "10.0"
    assert summary["Waktu penanganan kalender, persentil 90"] == "124.8"
    assert summary["Rata-rata penilaian pengadu (1–5)"] == "4.5"
    assert summary["Waktu administrasi, median"] == "15.0"
    by_class = {row[0]: row for row in found["Pengaduan per klasifikasi"][1:]}
    assert by_class["normatif"][2:] == ["4", "2", "2", "1", "0.5", "1", "1"]
    assert found["Tepat waktu per bulan"][1:] == [["2026-11-01", "4", "3", "0.75"]]
    assert found["Survei kepuasan"][1][4:] == ["2", "87.5", "B"]
    assert "Siti Aminah" not in text
    assert november["A"].tracking_code not in text


@time_machine.travel(NOW, tick=False)
def test_a_class_name_cannot_become_a_formula(client, hana, service, office_a):
    complaint(office_a, received_at=utc(2, 2), class_code="x", class_name='=HYPERLINK("http://x")')
    client.force_login(hana)
    text = client.get(CSV_URL).content.decode()
    assert "'=HYPERLINK" in text
    book = load_workbook(io.BytesIO(client.get(XLSX_URL).content))
    labels = [row[1] for row in book["Pengaduan per klasifikasi"].iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://x")' in labels


@time_machine.travel(NOW, tick=False)
def test_the_xlsx_has_a_sheet_per_section_with_real_numbers_and_dates(
    client, hana, november, desk, survey
):
    client.force_login(hana)
    response = client.get(XLSX_URL)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Ringkasan",
        "Pengaduan per klasifikasi",
        "Pengaduan per kanal",
        "Pengaduan per minggu",
        "Tepat waktu per bulan",
        "Konsultasi per bagian",
        "Survei kepuasan",
    ]
    summary = {row[0].value: row[1] for row in book["Ringkasan"].iter_rows(min_row=2)}
    assert summary["Pengaduan diterima"].value == 13
    assert summary["Persentase tepat waktu"].value == 0.75
    assert summary["Persentase tepat waktu"].number_format == "0.0%"
    assert summary["Dari tanggal"].is_date  # a date cell, not text
    assert summary["Dari tanggal"].value.date() == date(2026, 11, 1)
    weeks = list(book["Pengaduan per minggu"].iter_rows(min_row=2, values_only=True))
    # Every ISO week from Monday 26 October (1 November is a Sunday) to Monday 30 November.
    assert [row[0].date() for row in weeks] == [
        date(2026, 10, 26),
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]
    assert weeks[3][-1] == 0
    assert sum(row[-1] for row in weeks) == 13


def test_exports_are_scoped_like_the_page(client, bob, carol):
    client.force_login(carol)
    assert client.get(CSV_URL).status_code == 404
    assert client.get(XLSX_URL).status_code == 404
    client.force_login(bob)
    assert client.get(CSV_URL).status_code == 403
    assert client.get(XLSX_URL).status_code == 403
