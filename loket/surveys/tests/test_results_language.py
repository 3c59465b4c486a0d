"""The results in the reader's language: the profile tables headed "Jenis kelamin" / "Sex"
(not the field names) on the period page and in the XLSX; the public page with dates and
numbers as the language writes them (15 Mei 2026 and 91,48 in Indonesian; decimal point in
English), in English too."""

import io

import time_machine
from django.conf import settings
from openpyxl import load_workbook

from loket.surveys import ikm, services

from .conftest import FRIDAY_1000, answers


def _fill(office, service):
    """Three sheets: IKM (4 + 3 + 3)/3 on every element = 10/3, converted 83.33 (B)."""
    with time_machine.travel(FRIDAY_1000, tick=False):
        services.submit_kiosk(office, service, answers(4, sex="P", age_band="30-39"), device_id=1)
        services.submit_kiosk(office, service, answers(3, sex="L"), device_id=1)
        services.submit_kiosk(office, service, answers(3), device_id=1)


def _publish(period, head):
    services.close_period(period, actor=head)
    services.save_plan(
        period,
        [services.PlanRow("U8", "Aktifkan kanal WhatsApp", "Juli 2026", "Humas")],
        actor=head,
    )
    services.publish_period(period, actor=head, now=FRIDAY_1000)


def test_the_profile_tables_are_headed_by_their_labels(client, office_a, service, head, quarter):
    _fill(office_a, service)
    client.force_login(head)
    url = f"/staf/{office_a.slug}/survei/periode/{quarter.pk}/"
    html = client.get(url).content.decode()
    for caption in ("Jenis kelamin", "Usia", "Pendidikan", "Pekerjaan"):
        assert f"<caption>{caption}</caption>" in html
    assert "<caption>sex</caption>" not in html
    assert "<caption>age_band</caption>" not in html
    assert '<th scope="row">Perempuan</th><td>1</td>' in html
    # NRR, weighted NRR and IKM with a decimal comma, like the converted score (83,33).
    assert "<td>1</td><td>3,333</td><td>0,370</td>" in html
    assert '<p class="big-number">83,33 (B, Baik)</p>' in html
    processing = client.get(f"{url}pengolahan/").content.decode()
    assert "3,3333 · konversi 83,33" in processing
    book = load_workbook(io.BytesIO(client.get(f"{url}skm.xlsx").content), read_only=True)
    headings = [r[0] for r in book["Profil responden"].iter_rows(values_only=True) if r[0]]
    assert headings == ["Jenis kelamin", "Usia", "Pendidikan", "Pekerjaan"]

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()  # the summary now comes from the cache
    for caption in ("Sex", "Age", "Education", "Occupation"):
        assert f"<caption>{caption}</caption>" in html
    assert '<th scope="row">Female</th><td>1</td>' in html
    assert "<td>1</td><td>3.333</td><td>0.370</td>" in html
    assert '<th scope="row">30-39 years</th><td>1</td>' in html
    book = load_workbook(io.BytesIO(client.get(f"{url}skm.xlsx").content), read_only=True)
    sheet = book.worksheets[-1]
    headings = [r[0] for r in sheet.iter_rows(values_only=True) if r[0]]
    assert headings == ["Sex", "Age", "Education", "Occupation"]


def test_the_public_page_writes_dates_and_numbers_as_indonesians_do(
    client, office_a, service, head, quarter
):
    _fill(office_a, service)
    _publish(quarter, head)
    sheets = [dict.fromkeys(ikm.CODES, v) for v in (4, 3, 3)]
    converted = ikm.round_half_up(ikm.compute(sheets).converted)
    assert str(converted) == "83.33"
    html = client.get(f"/instansi/{office_a.slug}/survei/").content.decode()
    assert "1 April 2026 – 30 Juni 2026" in html
    assert "2026-04-01" not in html
    assert "83,33" in html
    assert "83.33" not in html
    assert '<th scope="row">U1 Persyaratan</th><td>3,333</td>' in html
    assert "(B, Baik)" in html


def test_the_public_page_in_english(client, office_a, service, head, quarter):
    _fill(office_a, service)
    _publish(quarter, head)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/instansi/{office_a.slug}/survei/")
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Customer satisfaction survey results</h1>" in html
    assert "1 April 2026 – 30 June 2026" in html
    assert "83.33" in html
    assert "83,33" not in html
    assert '<th scope="row">U1 Requirements</th><td>3.333</td>' in html
    assert "(B, Good)" in html
    assert "3 respondents" in html
    assert "Follow-up plan" in html
    assert "Aktifkan kanal WhatsApp" in html
