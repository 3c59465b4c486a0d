"""Finding 6 (issue 12): the visitor's pages and the Surat Tugas download carry
`Cache-Control: no-store` (loket.middleware.PrivateResponseMiddleware), the booking API too."""

from datetime import time

import pytest

from loket.visits import services
from loket.visits.forms import check_upload

from . import files
from .conftest import TUESDAY, TUESDAY_0900, entry

pytestmark = pytest.mark.django_db


def assert_no_store(response):
    assert "no-store" in response.get("Cache-Control", ""), response.status_code


def test_the_visitors_pages_and_the_booking_api_are_never_stored(client, make_booking):
    visit = make_booking()
    for url in (
        f"/kunjungan/{visit.token}/",
        f"/kunjungan/{visit.token}/kalender.ics",
        f"/api/v1/visits/{visit.booking_code}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_store(response)


def test_the_surat_tugas_download_is_never_stored(client, rina, service_a):
    visit = services.book(
        service_a.office,
        entry(service_a, preferred_date=TUESDAY, preferred_time=time(10)),
        [check_upload(files.pdf(), "surat_tugas")],
        now=TUESDAY_0900.replace(hour=8),
    )
    item = visit.attachments.get()
    client.force_login(rina)
    response = client.get(f"/staf/kantor-a/tamu/{visit.pk}/berkas/{item.pk}/")
    assert response.status_code == 200
    assert_no_store(response)
    assert response["X-Content-Type-Options"] == "nosniff"
