"""Paper entry and import, the poster QR code (without token, with abuse limits), the kiosk,
the posters and the respondent API."""

import io
from datetime import date, timedelta

import time_machine
from openpyxl import Workbook

from loket.surveys import ikm, public_views, selectors, services
from loket.surveys.models import HeldResponse, Response, Source

from .conftest import FRIDAY_1000, answers, form_data

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
        sent = client.post(url, form_data(FULL))
        assert sent.status_code == 302
        cookie = sent.cookies[public_views.POSTER_COOKIE]
        assert (cookie["httponly"], cookie["path"]) == (True, "/survei/")
        again = client.get(url)
        assert "sudah mengisi survei hari ini" in again.content.decode()
        assert client.post(url, form_data(FULL)).status_code == 200  # the same page, no row
        # The office's other poster (the whole office) is another survey for this browser.
        assert client.post(f"/survei/{office_a.slug}/", form_data(FULL)).status_code == 302
    with time_machine.travel(FRIDAY_1000 + timedelta(days=1), tick=True):
        assert client.post(url, form_data(FULL)).status_code == 302  # the next day
    assert Response.objects.filter(source=Source.POSTER).count() == 3
    # A cookie written by hand is no cookie at all: it cannot claim or block anything.
    client.cookies[public_views.POSTER_COOKIE] = "1:-:2026-05-15"
    assert "sudah mengisi" not in client.get(url).content.decode()


def browsers(client, url, count, *, addresses=None, **extra):
    """`count` answers from `count` browsers (no cookie kept), each from `addresses[i]` or
    from one address; returns their status codes."""
    codes = []
    for i in range(count):
        client.cookies.clear()
        address = addresses[i] if addresses else "203.0.113.7"
        codes.append(client.post(url, form_data(FULL, **extra), REMOTE_ADDR=address).status_code)
    return codes


def test_a_waiting_room_on_one_address_is_kept_past_the_soft_limit(
    client, office_a, service, quarter, monkeypatch
):
    """Office Wi-Fi: every phone in the waiting room has the same public address. Past the
    soft limit per address the answers are held for review, none is lost or refused."""
    monkeypatch.setattr(public_views, "POSTER_SOFT_PER_ADDRESS", "3/h")
    url = f"/survei/{office_a.slug}/{service.slug}/"
    with time_machine.travel(FRIDAY_1000, tick=True):
        assert browsers(client, url, 5) == [302] * 5
    assert Response.objects.filter(source=Source.POSTER).count() == 3
    held = list(HeldResponse.objects.all())
    assert [(h.reason, h.service, h.date) for h in held] == [
        (HeldResponse.Reason.ADDRESS, service, date(2026, 5, 15))
    ] * 2
    assert held[0].sheet["scores"] == FULL
    assert selectors.summary(quarter).indexes["all"].n == 3  # held: not counted
    # Another address is not held.
    with time_machine.travel(FRIDAY_1000, tick=True):
        assert browsers(client, url, 1, addresses=["198.51.100.9"]) == [302]
    assert Response.objects.count() == 4


def test_answers_for_one_service_from_many_addresses_are_held_past_its_hourly_limit(
    client, office_a, service, monkeypatch
):
    monkeypatch.setattr(public_views, "POSTER_SOFT_PER_SCOPE", "2/h")
    url = f"/survei/{office_a.slug}/{service.slug}/"
    addresses = [f"198.51.100.{i}" for i in range(1, 5)]
    with time_machine.travel(FRIDAY_1000, tick=True):
        assert browsers(client, url, 4, addresses=addresses) == [302] * 4
        # The office's whole-office poster is counted on its own.
        assert browsers(client, f"/survei/{office_a.slug}/", 1, addresses=["192.0.2.1"]) == [302]
    assert Response.objects.count() == 3
    assert set(HeldResponse.objects.values_list("reason", flat=True)) == {"scope"}
    assert HeldResponse.objects.count() == 2


def test_a_flood_from_one_address_is_refused_past_the_ceiling(client, office_a, monkeypatch):
    monkeypatch.setattr(public_views, "POSTER_RATE", "4/h")
    url = f"/survei/{office_a.slug}/"
    assert browsers(client, url, 5) == [302] * 4 + [429]
    assert Response.objects.count() + HeldResponse.objects.count() == 4


def test_staff_accept_or_reject_held_answers(client, office_a, service, head, bob, carol, quarter):
    with time_machine.travel(FRIDAY_1000, tick=False):
        services.submit_without_token(office_a, service, answers(4))
        first = services.submit_without_token(office_a, service, answers(1), held="address")
        second = services.submit_without_token(office_a, service, answers(2), held="scope")
    assert selectors.summary(quarter).indexes["all"].n == 1  # kept in the cache
    page = f"/staf/{office_a.slug}/survei/tinjau/"
    client.force_login(carol)
    assert client.get(page).status_code == 404  # another office
    assert client.post(page, {"held": first.pk, "decision": "accept"}).status_code == 404
    client.force_login(bob)
    assert client.get(page).status_code == 403  # the front desk does not review
    client.force_login(head)
    html = client.get(page).content.decode()
    assert "2 jawaban menunggu" in html
    assert "Banyak jawaban dari satu alamat internet" in html
    client.post(page, {"held": first.pk, "decision": "accept"})
    client.post(page, {"held": second.pk, "decision": "reject"})
    assert not HeldResponse.objects.exists()
    accepted = Response.objects.order_by("-id").first()
    assert (accepted.source, accepted.date, accepted.u1) == (Source.POSTER, date(2026, 5, 15), 1)
    # The open period counts the accepted answer at once, though its sums were cached.
    assert selectors.summary(quarter).indexes["all"].n == 2
    assert selectors.summary(quarter).indexes["without_token"].n == 2
    # A held answer dated in a closed period cannot be accepted (that result never changes).
    with time_machine.travel(FRIDAY_1000, tick=False):
        late = services.submit_without_token(office_a, service, answers(3), held="address")
    services.close_period(quarter, actor=head)
    refused = client.post(page, {"held": late.pk, "decision": "accept"}, follow=True)
    assert "sudah ditutup" in refused.content.decode()
    assert HeldResponse.objects.filter(pk=late.pk).exists()
    client.post(page, {"held": late.pk, "decision": "reject"})
    assert not HeldResponse.objects.exists()


def enrol_kiosk(client, office, name="Tablet ruang tunggu"):
    """Make `client` an enrolled kiosk of `office`, as the office admin does: the visits
    app's one-time enrolment link, confirmed on the tablet, leaves the device cookie."""
    from loket.visits import services as visits

    device, token = visits.add_kiosk(office, name=name, actor=None)
    assert client.post(f"/instansi/{office.slug}/kiosk/daftarkan/{token}/").status_code == 302
    return device


def kiosk_path(office, service=None):
    base = f"/instansi/{office.slug}/kiosk/survei/"
    return f"{base}layanan/{service.slug}/" if service else base


def test_the_kiosk_runs_on_an_enrolled_kiosk_and_records_the_device(client, office_a, bob, service):
    device = enrol_kiosk(client, office_a)
    client.force_login(bob)
    started = client.post(f"/staf/{office_a.slug}/survei/kios/", {"service": service.slug})
    assert started["Location"] == kiosk_path(office_a, service)
    assert client.get(f"/staf/{office_a.slug}/survei/kertas/").status_code == 302  # logged out
    for score in (4, 2):
        sent = client.post(
            kiosk_path(office_a, service), form_data(dict.fromkeys(ikm.CODES, score))
        )
        assert sent["Location"] == f"{kiosk_path(office_a, service)}terima-kasih/"
        thanks = client.get(sent["Location"]).content.decode()
        assert f'href="{kiosk_path(office_a, service)}"' in thanks
        fresh = client.get(kiosk_path(office_a, service)).content.decode()
        assert "checked" not in fresh
    # The whole office's kiosk: the respondent picks the service.
    client.post(kiosk_path(office_a), form_data(FULL, service=service.pk))
    rows = Response.objects.order_by("id")
    assert [r.source for r in rows] == [Source.KIOSK] * 3
    assert {r.kiosk_device_id for r in rows} == {device.pk}
    assert {r.service for r in rows} == {service}


def test_the_kiosk_finds_its_device_under_the_production_cookie_name(
    client, office_a, service, settings
):
    """In production the device cookie is `__Secure-loket_kiosk` (issue 12): the survey
    kiosk read the development name and so refused every real kiosk."""
    settings.LOKET_KIOSK_COOKIE_NAME = "__Secure-loket_kiosk"
    device = enrol_kiosk(client, office_a)
    assert "__Secure-loket_kiosk" in client.cookies
    assert client.get(kiosk_path(office_a, service)).status_code == 200
    client.post(kiosk_path(office_a, service), form_data(dict.fromkeys(ikm.CODES, 4)))
    assert Response.objects.get().kiosk_device_id == device.pk


def test_after_an_answer_in_english_the_next_respondent_starts_in_indonesian(
    client, office_a, service, settings
):
    """Kiosk mode (issue 14): the language returns to Indonesian after each respondent, as
    on the reception kiosk; before, the tablet kept the last respondent's English."""
    enrol_kiosk(client, office_a)
    client.post("/bahasa/", {"language": "en", "next": "/"})
    sent = client.post(kiosk_path(office_a, service), form_data(dict.fromkeys(ikm.CODES, 4)))
    thanks = client.get(sent["Location"])
    assert '<html lang="en">' in thanks.content.decode()
    assert thanks.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # deleted
    assert '<html lang="id">' in client.get(kiosk_path(office_a, service)).content.decode()


def test_the_kiosk_is_closed_to_a_browser_that_is_not_an_enrolled_kiosk(
    client, office_a, office_b, service, settings
):
    from loket.visits.public_views.kiosk_pages import KIOSK_COOKIE

    # A browser nobody enrolled: told where to answer instead, and nothing is stored.
    page = client.get(kiosk_path(office_a, service))
    assert page.status_code == 403
    assert f'href="/survei/{office_a.slug}/"' in page.content.decode()
    assert client.post(kiosk_path(office_a), form_data(FULL)).status_code == 403
    assert client.get(f"{kiosk_path(office_a)}terima-kasih/").status_code == 403
    # A kiosk of another office is not this office's kiosk.
    enrol_kiosk(client, office_b)
    assert client.post(kiosk_path(office_a), form_data(FULL)).status_code == 403
    # A made-up cookie is not a kiosk.
    client.cookies[KIOSK_COOKIE] = "1:forged"
    assert client.post(kiosk_path(office_a), form_data(FULL)).status_code == 403
    assert not Response.objects.exists()
    # ... while the enrolled one answers.
    enrol_kiosk(client, office_a)
    assert client.post(kiosk_path(office_a), form_data(FULL, service=service.pk)).status_code == 302
    assert Response.objects.count() == 1


def test_revoking_the_kiosk_stops_its_questionnaire(client, office_a, alice, service):
    from loket.visits import services as visits

    device = enrol_kiosk(client, office_a)
    assert client.post(kiosk_path(office_a, service), form_data(FULL)).status_code == 302
    visits.revoke_kiosk(device, actor=alice)
    assert client.get(kiosk_path(office_a, service)).status_code == 403
    assert client.post(kiosk_path(office_a, service), form_data(FULL)).status_code == 403
    assert Response.objects.count() == 1


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


def test_the_kiosk_resets_after_inactivity_even_without_javascript(client, office_a, service):
    """kiosk.js empties the form after two minutes without a touch (tested in a real browser,
    test_browser.py); without JavaScript a <noscript> refresh reloads the empty form after
    three minutes, and the thanks page returns to the form after ten seconds. Outside kiosk
    mode neither page refreshes itself."""
    enrol_kiosk(client, office_a)
    path = kiosk_path(office_a, service)
    form = client.get(path).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="180"></noscript>' in form
    assert 'src="/static/surveys/kiosk.js"' in form
    client.post(path, form_data(FULL))
    thanks = client.get(f"{path}terima-kasih/").content.decode()
    assert f'<meta http-equiv="refresh" content="10;url={path}">' in thanks
    assert "data-kiosk-restart" in thanks
    # The refresh is a GET: the form comes back empty, nothing half-typed is kept.
    assert "checked" not in client.get(path).content.decode()
    public = client.get(f"/survei/{office_a.slug}/").content.decode()
    assert 'http-equiv="refresh"' not in public
    assert "kiosk.js" not in public


def test_the_held_answers_page_runs_the_same_queries_for_one_or_many(
    client, office_a, service, head
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = f"/staf/{office_a.slug}/survei/tinjau/"
    client.force_login(head)

    def queries_for(count):
        for _ in range(count):
            services.submit_without_token(office_a, service, answers(3), held="scope")
        client.get(page)  # the session and the user are warm
        with CaptureQueriesContext(connection) as seen:
            assert client.get(page).status_code == 200
        return len(seen)

    assert queries_for(1) == queries_for(5)
    assert HeldResponse.objects.count() == 6
