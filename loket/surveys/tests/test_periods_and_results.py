"""The head's work: open a period, watch the sample, close, write the plan, publish; the
staff pages, the processing table, the exports, the public page, the JSON, the CSV and the
API all show the same IKM as an independent computation from the raw answers."""

import csv
import io
import json
import random
from datetime import date
from fractions import Fraction

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from loket.surveys import ikm, services
from loket.surveys.models import Response, SurveyPeriod

from .conftest import FRIDAY_1000, answers


def fill(office, service, count, seed=3):
    """`count` random sheets through the ways in; returns the raw scores stored."""
    rng = random.Random(seed)
    sheets = []
    with time_machine.travel(FRIDAY_1000, tick=False):
        for i in range(count):
            scores = {code: rng.randint(1, 4) for code in ikm.CODES}
            if i % 7 == 3:
                scores["U5"] = None
                services.enter_paper(office, service, date(2026, 5, 2), answers(scores), actor=None)
            elif i % 5 == 0:
                services.submit_without_token(office, service, answers(scores))
            else:
                services.submit_kiosk(
                    office, service, answers(scores, suggestion=f"saran {i}"), device_id=1
                )
            sheets.append(scores)
    return sheets


def independent(sheets):
    """Straight from the rules, without the app's code: NRR per element over its answers,
    IKM = sum(NRR / 9), converted = IKM x 25."""
    total = Fraction(0)
    for code in ikm.CODES:
        given = [s[code] for s in sheets if s[code] is not None]
        total += Fraction(sum(given), len(given)) / 9
    return total * 25


def test_a_period_must_not_overlap_another_of_the_same_scope(office_a, head, quarter):
    with pytest.raises(services.SurveyError) as refused:
        services.open_period(
            office_a, kind="month", start=date(2026, 5, 1), end=date(2026, 5, 31), actor=head
        )
    assert refused.value.code == "period_overlap"


def test_period_bounds_follow_the_calendar():
    assert services.bounds("quarter", 2026, 2) == (date(2026, 4, 1), date(2026, 6, 30))
    assert services.bounds("semester", 2026, 2) == (date(2026, 7, 1), date(2026, 12, 31))
    assert services.bounds("month", 2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))
    assert services.bounds("year", 2026) == (date(2026, 1, 1), date(2026, 12, 31))


def test_the_head_runs_a_period_from_opening_to_publication(client, office_a, service, head):
    client.force_login(head)
    opened = client.post(
        f"/staf/{office_a.slug}/survei/",
        {"kind": "quarter", "year": "2026", "number": "2", "population": "100"},
    )
    assert opened.status_code == 302
    period = SurveyPeriod.objects.get()
    assert (period.start, period.end) == (date(2026, 4, 1), date(2026, 6, 30))
    sheets = fill(office_a, service, 40)
    page = client.get(f"/staf/{office_a.slug}/survei/periode/{period.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "40 jawaban dari sampel minimum 80" in html
    assert "<svg" in html
    expected = ikm.round_half_up(independent(sheets))
    assert str(expected) in html

    base = f"/staf/{office_a.slug}/survei/periode/{period.pk}/"
    refused = client.post(f"{base}umumkan/")
    assert "Tutup periode" in str(next(iter(refused.wsgi_request._messages)))
    assert client.post(f"{base}tutup/").status_code == 302
    with time_machine.travel(FRIDAY_1000, tick=False):
        services.submit_kiosk(
            office_a, service, answers(1), device_id=1
        )  # after closing: not counted
    plan = client.post(
        f"{base}rencana/",
        {
            "rencana-TOTAL_FORMS": "2",
            "rencana-INITIAL_FORMS": "0",
            "rencana-MIN_NUM_FORMS": "0",
            "rencana-MAX_NUM_FORMS": "20",
            "rencana-0-element": "U8",
            "rencana-0-activity": "Aktifkan kanal WhatsApp",
            "rencana-0-when": "Juli 2026",
            "rencana-0-responsible": "Kepala Bagian Umum",
            "rencana-1-element": "U1",
            "rencana-1-activity": "",
            "rencana-1-when": "",
            "rencana-1-responsible": "",
            "conclusion": "Mutu pelayanan baik.",
        },
    )
    assert plan.status_code == 302
    assert client.post(f"{base}umumkan/").status_code == 302
    period.refresh_from_db()
    assert period.status == SurveyPeriod.Status.PUBLISHED

    shown = str(expected)
    exact = float(independent(sheets))
    public = client.get(f"/instansi/{office_a.slug}/survei/").content.decode()
    assert shown.replace(".", ",") in public  # a decimal comma, as Indonesians write it
    assert "1 April 2026 – 30 Juni 2026" in public
    assert "Aktifkan kanal WhatsApp" in public
    data = json.loads(client.get(f"/instansi/{office_a.slug}/survei.json").content)
    assert data["periods"][0]["converted"] == exact
    assert data["periods"][0]["converted_display"] == shown
    assert data["periods"][0]["respondents"] == 40
    raw = client.get(f"/instansi/{office_a.slug}/survei.csv").content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mulai periode", "Akhir periode", "Layanan", "Jumlah responden"]
    assert rows[1][rows[0].index("Nilai konversi (dibulatkan)")] == shown
    assert rows[1][:2] == ["2026-04-01", "2026-06-30"]
    api = client.get(f"/api/v1/offices/{office_a.slug}/surveys/").json()
    assert api["periods"][0]["converted"] == exact
    assert list(api["periods"][0]["nrr"]) == list(ikm.QUESTION_ORDER)

    book = load_workbook(io.BytesIO(client.get(f"{base}skm.xlsx").content), read_only=True)
    summary = {r[0]: r[1] for r in book["Ringkasan"].iter_rows(values_only=True) if r}
    assert summary["Nilai konversi"] == shown
    table = list(book["Pengolahan data"].iter_rows(values_only=True))
    assert len([r for r in table if isinstance(r[0], int)]) == 40
    pdf = client.get(f"{base}laporan.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert shown in text
    assert "PermenPANRB" in text
    assert "Aktifkan kanal WhatsApp" in text


def test_the_processing_table_pages_and_keeps_the_totals(client, office_a, service, head, quarter):
    sheets = fill(office_a, service, 60)
    client.force_login(head)
    base = f"/staf/{office_a.slug}/survei/periode/{quarter.pk}/pengolahan/"
    first = client.get(base).content.decode()
    second = client.get(f"{base}?halaman=2").content.decode()
    assert "Halaman 1 dari 2" in first
    assert "Halaman 2 dari 2" in second
    u4_sum = str(sum(s["U4"] for s in sheets))
    assert f"<td>{u4_sum}</td>" in first
    assert f"<td>{u4_sum}</td>" in second


def test_the_period_page_takes_a_constant_number_of_queries(
    client, office_a, service, head, quarter, django_assert_max_num_queries
):
    fill(office_a, service, 30)
    client.force_login(head)
    with django_assert_max_num_queries(30):
        page = client.get(f"/staf/{office_a.slug}/survei/periode/{quarter.pk}/")
    assert page.status_code == 200


def test_an_outsider_gets_404_and_a_receptionist_cannot_run_periods(
    client, office_a, carol, bob, quarter
):
    for user, status in ((carol, 404), (bob, 403)):
        client.force_login(user)
        assert client.get(f"/staf/{office_a.slug}/survei/").status_code == status
        assert (
            client.get(f"/staf/{office_a.slug}/survei/periode/{quarter.pk}/").status_code == status
        )
    client.force_login(bob)  # the front desk types in paper sheets
    assert client.get(f"/staf/{office_a.slug}/survei/kertas/").status_code == 200
    client.force_login(carol)
    assert client.get(f"/staf/{office_a.slug}/survei/kertas/").status_code == 404


def test_buckets_keep_answers_without_token_apart(office_a, service, quarter):
    with time_machine.travel(FRIDAY_1000, tick=False):
        services.submit_kiosk(office_a, service, answers(4), device_id=1)
        services.submit_without_token(office_a, service, answers(1))
    from loket.surveys import selectors

    buckets = selectors.results(quarter).buckets
    assert buckets["with_token"].converted == 100
    assert buckets["without_token"].converted == 25
    assert buckets["all"].converted == Fraction(125, 2)
    assert Response.objects.count() == 2


def test_suggestions_are_shown_only_after_moderation(client, office_a, service, head, quarter):
    with time_machine.travel(FRIDAY_1000, tick=False):
        kept = services.submit_kiosk(
            office_a, service, answers(4, suggestion="Ruang tunggu sejuk"), device_id=1
        )
        services.submit_kiosk(
            office_a, service, answers(4, suggestion="Pak Budi galak"), device_id=1
        )
    client.force_login(head)
    period_page = f"/staf/{office_a.slug}/survei/periode/{quarter.pk}/"
    assert "Ruang tunggu sejuk" not in client.get(period_page).content.decode()
    client.post(
        f"/staf/{office_a.slug}/survei/saran/", {"response": kept.pk, "decision": "approve"}
    )
    html = client.get(period_page).content.decode()
    assert "Ruang tunggu sejuk" in html
    assert "Pak Budi" not in html


def test_an_open_periods_results_read_only_the_newer_rows_and_never_miss_a_late_one(
    office_a, service, quarter, django_assert_num_queries
):
    from datetime import timedelta

    from loket.surveys import selectors

    def check(now, queries):
        with django_assert_num_queries(queries):
            kept = selectors.summary(quarter, now=now)
        full = selectors._summary(selectors.period_responses(quarter))
        assert kept == full
        return kept

    start = FRIDAY_1000
    fill(office_a, service, 12)
    # One id of these is held by a transaction still in flight at the first render.
    in_flight = Response.objects.order_by("id")[5]
    held_id = in_flight.id
    in_flight.delete()
    assert check(start, 1).indexes["all"].n == 11  # the first render reads every row
    fill(office_a, service, 3, seed=4)
    assert check(start + selectors.SETTLE / 2, 1).indexes["all"].n == 14
    in_flight.id = held_id
    in_flight.save(force_insert=True)  # it commits now, with its smaller id
    # A while on: the first render's rows join the kept part after a count (a row is
    # missing from them, so that range is read again), then the newer rows are read.
    later = start + selectors.SETTLE + timedelta(seconds=1)
    assert check(later, 3).indexes["all"].n == 15
    fill(office_a, service, 2, seed=5)
    assert check(later + selectors.SETTLE / 2, 1).indexes["all"].n == 17
    # Once settled with nothing late, the fold costs a count and no second read.
    assert check(later + selectors.SETTLE * 2, 2).indexes["all"].n == 17
