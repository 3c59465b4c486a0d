"""Paper entry and import, the poster QR code (without token, with abuse limits), the kiosk,
the posters and the respondent API."""

import io

import time_machine
from openpyxl import Workbook

from loket.surveys import ikm, services
from loket.surveys.models import Response, Source

from .conftest import FRIDAY_1000, form_data

FULL = dict.fromkeys(ikm.CODES, 4)


def test_a_paper_sheet_is_typed_as_nine_digits_in_questionnaire_order(
    client, office_a, bob, service
):
    client.force_login(bob)
    with time_machine.travel(FRIDAY_1000, tick=False):
        sent = client.post(
            f"/staf/{office_a.slug}/survei/kertas/",
            {
                "date": "2026-05-14",
                "service": service.pk,
                "sheet": "1234-3412",
                "sex": "L",
                "age": "34",
                "education": "S1",
                "occupation": "PNS",
            },
        )
    assert sent.status_code == 302
    row = Response.objects.get()
    # Question 8 asks facilities (U9), question 9 complaint handling (U8).
    assert row.answers() == {
        "U1": 1,
        "U2": 2,
        "U3": 3,
        "U4": 4,
        "U5": None,
        "U6": 3,
        "U7": 4,
        "U9": 1,
        "U8": 2,
    }
    assert (row.source, row.age_band, row.sex) == (Source.PAPER_ENTRY, "30-39", "L")


def test_a_paper_sheet_inside_a_closed_period_is_refused(client, office_a, head, quarter):
    services.close_period(quarter, actor=head)
    client.force_login(head)
    with time_machine.travel(FRIDAY_1000, tick=False):
        page = client.post(
            f"/staf/{office_a.slug}/survei/kertas/", {"date": "2026-05-14", "sheet": "444444444"}
        )
    assert "sudah ditutup" in page.content.decode()
    assert not Response.objects.exists()


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "kertas.xlsx"
    return buffer


def test_an_import_with_one_bad_row_lists_every_error_and_imports_nothing(client, office_a, head):
    client.force_login(head)
    data = (
        b"tanggal,jenis_kelamin,umur,U1,U2,U3,U4,U5,U6,U7,U8,U9,saran\n"
        b"2026-05-04,P,25,4,4,4,4,4,4,4,4,4,\n"
        b"04/05/2026,X,25,4,4,4,7,4,4,4,4,4,\n"
        b"kemarin,L,30,4,4,4,4,4,4,4,4,4,\n"
    )
    upload = io.BytesIO(data)
    upload.name = "kertas.csv"
    with time_machine.travel(FRIDAY_1000, tick=False):
        page = client.post(f"/staf/{office_a.slug}/survei/impor/", {"file": upload})
    html = page.content.decode()
    assert "Baris 3, kolom jenis_kelamin" in html
    assert "Baris 3, kolom U4" in html
    assert "Baris 4, kolom tanggal" in html
    assert not Response.objects.exists()


def test_a_clean_xlsx_import_stores_every_row(client, office_a, head, service):
    client.force_login(head)
    upload = _xlsx(
        [
            ["tanggal", "layanan", *ikm.QUESTION_ORDER, "saran"],
            ["2026-05-04", service.slug, 4, 3, 4, 4, 4, 4, 4, 2, 1, "Tambah kursi"],
            ["2026-05-05", "", 3, 3, 3, 3, None, 3, 3, 3, 3, None],
        ]
    )
    with time_machine.travel(FRIDAY_1000, tick=False):
        page = client.post(f"/staf/{office_a.slug}/survei/impor/", {"file": upload})
    assert page.status_code == 302
    first, second = Response.objects.order_by("date")
    assert (first.u9, first.u8, first.service) == (2, 1, service)
    assert first.suggestion == "Tambah kursi"
    assert first.source == Source.PAPER_IMPORT
    assert second.u5 is None


def test_the_poster_link_takes_one_answer_per_browser_per_day(client, office_a, service):
    url = f"/survei/{office_a.slug}/{service.slug}/"
    assert client.get(url).status_code == 200
    with time_machine.travel(FRIDAY_1000, tick=True):
        assert client.post(url, form_data(FULL)).status_code == 302
        again = client.get(url)
    assert "sudah mengisi survei hari ini" in again.content.decode()
    row = Response.objects.get()
    assert (row.source, row.service) == (Source.POSTER, service)


def test_the_poster_link_is_rate_limited_per_address(client, office_a, settings):
    from loket.surveys import public_views

    for _ in range(int(public_views.POSTER_RATE.split("/")[0])):
        client.cookies.clear()
        client.post(f"/survei/{office_a.slug}/", form_data(FULL))
    client.cookies.clear()
    assert client.post(f"/survei/{office_a.slug}/", form_data(FULL)).status_code == 429


def test_the_kiosk_logs_staff_out_and_resets_after_each_answer(client, office_a, bob, service):
    client.force_login(bob)
    started = client.post(f"/staf/{office_a.slug}/survei/kios/", {"service": service.slug})
    assert started["Location"] == "/survei/kios/"
    assert client.get(f"/staf/{office_a.slug}/survei/kertas/").status_code == 302  # logged out
    for score in (4, 2):
        assert (
            client.post("/survei/kios/", form_data(dict.fromkeys(ikm.CODES, score)))["Location"]
            == "/survei/kios/terima-kasih/"
        )
        thanks = client.get("/survei/kios/terima-kasih/").content.decode()
        assert 'href="/survei/kios/"' in thanks
        fresh = client.get("/survei/kios/").content.decode()
        assert "checked" not in fresh
    assert list(Response.objects.values_list("source", flat=True)) == [Source.KIOSK] * 2


def test_the_kiosk_is_closed_to_a_browser_staff_did_not_open_it_on(client, db):
    assert client.get("/survei/kios/").status_code == 403


def test_posters_carry_a_qr_code_of_the_short_link(client, office_a, bob, service):
    client.force_login(bob)
    page = client.get(f"/staf/{office_a.slug}/survei/poster/{service.slug}/?ukuran=a5")
    html = page.content.decode()
    assert "<svg" in html
    assert f"/survei/{office_a.slug}/{service.slug}/" in html
    assert "size: A5" in html


def test_the_respondent_api_reads_a_link_and_answers_once(client, office_a, service):
    token = services.issue_token_for_visit(5, office_a, service).rstrip("/").rsplit("/", 1)[1]
    info = client.get(f"/api/v1/surveys/tokens/{token}?language=en").json()
    assert info["status"] == "open"
    assert [q["code"] for q in info["questions"]] == list(ikm.QUESTION_ORDER)
    assert info["questions"][7]["answers"]["4"] == "Very good"
    body = {"answers": FULL}
    first = client.post(
        f"/api/v1/surveys/tokens/{token}/response", body, content_type="application/json"
    )
    second = client.post(
        f"/api/v1/surveys/tokens/{token}/response", body, content_type="application/json"
    )
    assert (first.status_code, second.status_code) == (201, 409)
    assert second.json()["code"] == "token_used"
    bad = client.post("/api/v1/surveys/tokens/nope/response", body, content_type="application/json")
    assert bad.status_code == 404
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/offices/{office}/surveys/" in schema["paths"]
    assert "/api/v1/surveys/tokens/{token}/response" in schema["paths"]


def test_the_questionnaire_reads_in_english(client, office_a, service, settings):
    path = services.issue_token_for_visit(5, office_a, service)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(path)
    html = page.content.decode()
    assert "Customer satisfaction survey" in html
    assert "Very polite and friendly" in html


def test_the_kiosk_resets_after_inactivity_even_without_javascript(client, office_a, bob, service):
    """kiosk.js empties the form after two minutes without a touch (tested in a real browser,
    test_browser.py); without JavaScript a <noscript> refresh reloads the empty form after
    three minutes, and the thanks page returns to the form after ten seconds. Outside kiosk
    mode neither page refreshes itself."""
    client.force_login(bob)
    client.post(f"/staf/{office_a.slug}/survei/kios/", {"service": service.slug})
    form = client.get("/survei/kios/").content.decode()
    assert '<noscript><meta http-equiv="refresh" content="180"></noscript>' in form
    assert 'src="/static/surveys/kiosk.js"' in form
    client.post("/survei/kios/", form_data(FULL))
    thanks = client.get("/survei/kios/terima-kasih/").content.decode()
    assert '<meta http-equiv="refresh" content="10;url=/survei/kios/">' in thanks
    assert "data-kiosk-restart" in thanks
    # The refresh is a GET: the form comes back empty, nothing half-typed is kept.
    assert "checked" not in client.get("/survei/kios/").content.decode()
    public = client.get(f"/survei/{office_a.slug}/").content.decode()
    assert 'http-equiv="refresh"' not in public
    assert "kiosk.js" not in public
