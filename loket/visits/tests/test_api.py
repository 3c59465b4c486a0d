"""POST /api/v1/visits/ and GET /api/v1/visits/{booking_code}/."""

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from loket.visits import services
from loket.visits.models import Visit

from . import files
from .conftest import PONTIANAK, ROUTED_UNCHECKED, TUESDAY_0900

pytestmark = pytest.mark.django_db

BOOKING = {
    "office": "kantor-a",
    "service": "pelayanan-konsultasi",
    "name": "Siti Aminah",
    "phone": "0812 3456 7890",
    "institution": "Dinas Koperasi",
    "position": "Analis",
    "purpose": "Konsultasi UMKM",
    "preferred_date": "2026-12-01",
    "preferred_time": "10:00",
}


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK), tick=False)


def test_post_books_a_visit_with_documents_and_answers_201(client, service_a, division_x):
    response = client.post(
        "/api/v1/visits/",
        {**BOOKING, "division": "bagian-satu", "surat_tugas": files.pdf()},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    visit = Visit.objects.get()
    assert body == {
        "booking_code": visit.booking_code,
        "status": "booked",
        "url": f"http://127.0.0.1:8000/kunjungan/{visit.token}/",
    }
    assert visit.source == "api"
    assert visit.division == division_x
    assert visit.attachments.get().kind == "surat_tugas"


def test_post_validates_like_the_web_form(client, service_a):
    response = client.post("/api/v1/visits/", {**BOOKING, "preferred_date": "2026-12-05"})
    assert response.status_code == 422
    assert "bukan hari kerja" in response.json()["errors"]["preferred_date"][0]
    response = client.post("/api/v1/visits/", {**BOOKING, "surat_tugas": files.fake_pdf()})
    assert response.status_code == 422
    assert "surat_tugas" in response.json()["errors"]
    response = client.post("/api/v1/visits/", {**BOOKING, "service": "tidak-ada"})
    assert response.status_code == 422
    response = client.post("/api/v1/visits/", {**BOOKING, "office": "tidak-ada"})
    assert response.status_code == 404
    assert not Visit.objects.exists()


def test_get_tells_status_queue_and_division_and_nothing_personal(
    client, make_booking, rina, division_x, time_machine
):
    visit = make_booking()
    body = client.get(f"/api/v1/visits/{visit.booking_code}/").json()
    assert body["status"] == "booked"
    assert body["queue_number"] is None
    assert body["division"] is None
    time_machine.move_to(TUESDAY_0900, tick=False)
    services.check_in(visit)
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    body = client.get(f"/api/v1/visits/{visit.booking_code.lower()}/").json()
    assert body["status"] == "routed"
    assert body["queue_number"] == "K-001"
    assert body["division"] == "Bagian Satu"
    text = str(body)
    for personal in (visit.name, visit.phone, visit.institution, visit.token):
        assert personal not in text


def test_get_an_unknown_code_is_404(client, service_a):
    assert client.get("/api/v1/visits/ABCD-EFGH-JKMN/").status_code == 404


def test_public_endpoints_are_rate_limited(client, service_a):
    statuses = [client.get("/api/v1/visits/ABCD-EFGH-JKMN/").status_code for _ in range(61)]
    assert statuses[:60] == [404] * 60
    assert statuses[60] == 429


def test_the_openapi_document_describes_both_operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/visits/"]
    get = schema["paths"]["/api/v1/visits/{booking_code}/"]["get"]
    assert set(get["responses"]) >= {"200", "429"}
    from openapi_spec_validator import validate

    validate(schema)


def test_a_refusal_of_the_service_names_its_code_and_field(client, service_a, monkeypatch):
    # The form accepts the time; the service refuses it (a day that became a holiday between
    # the form's check and the booking): the body points at the field with the code.
    from django.utils.translation import gettext_lazy

    from loket.visits.services import VisitTimeRefused

    def refuse(*args, **kwargs):
        raise VisitTimeRefused(
            gettext_lazy("Tanggal kunjungan sudah lewat."),
            code="date_past",
            field="preferred_date",
        )

    monkeypatch.setattr(services, "book", refuse)
    response = client.post("/api/v1/visits/", {**BOOKING, "language": "en"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The date of the visit has passed.",
        "errors": {"preferred_date": ["The date of the visit has passed."]},
        "code": "date_past",
    }


def test_bookings_count_only_when_saved_and_share_the_web_forms_limit_per_office(
    client, service_a, monkeypatch
):
    """Issue 12, finding 3: every request counted before validation, so a client's mistakes
    (or junk) used up the bookings of every office. Now the API and the form share one
    bucket per client and office, and only saved bookings count."""
    from loket.visits.limits import BOOKINGS

    monkeypatch.setattr(BOOKINGS, "rate", "2/h")
    for _ in range(5):
        invalid = client.post("/api/v1/visits/", {**BOOKING, "preferred_date": "2026-12-05"})
        assert invalid.status_code == 422
    times = ("10:00", "10:30", "11:00")
    statuses = [
        client.post("/api/v1/visits/", {**BOOKING, "preferred_time": t}).status_code for t in times
    ]
    assert statuses == [201, 201, 429]
    assert Visit.objects.count() == 2
    # The booking form's "Kirim" of the same client and office is past the limit too.
    details = {k: v for k, v in BOOKING.items() if k != "office"}
    details["service"] = service_a.pk
    details["preferred_time"] = "11:00"
    book = reverse("visits:book", args=["kantor-a"])
    assert client.post(book, details).status_code == 302
    assert client.post(reverse("visits:book_check", args=["kantor-a"])).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/api/v1/visits/", {**BOOKING, "preferred_time": "11:00"}).status_code == 201
