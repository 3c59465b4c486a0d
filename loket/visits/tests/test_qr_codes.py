"""Issue #11: the visitor's page showed a Micro QR code that ordinary phone cameras cannot
read. The visitor's booking code, the kiosk ticket's link and the slip's survey code are regular
QR codes now, and a decoder reads them back from the pages themselves."""

import io

import pytest
from django.conf import settings
from PIL import Image

from loket.visits import services
from loket.visits.models import Visit
from loket.visits.public_views import qr_code

from .conftest import TUESDAY_0900
from .qr import decode, page_qr_codes

pytestmark = pytest.mark.django_db


def test_a_short_booking_code_is_a_regular_qr_code_not_a_micro_qr_code():
    code = qr_code("7KQ2M9XP4TBD")
    assert not code.is_micro
    assert code.designator.startswith("1-")  # version 1, not "M4"
    png = io.BytesIO()
    code.save(png, kind="png", scale=8, border=4)
    png.seek(0)
    assert decode(Image.open(png)) == [("7KQ2M9XP4TBD", "QRCode")]


def test_the_visitors_page_shows_a_qr_code_a_phone_reads(client, make_booking):
    visit = make_booking()
    page = client.get(f"/kunjungan/{visit.token}/").content.decode()
    assert page_qr_codes(page) == [(visit.booking_code, "QRCode")]


@pytest.mark.usefixtures("enrolled")
def test_the_kiosk_ticket_and_slip_show_a_qr_code_of_the_visitors_link(
    client, service_a, time_machine
):
    time_machine.move_to(TUESDAY_0900, tick=False)
    response = client.post(
        "/instansi/kantor-a/kiosk/buku-tamu/",
        {
            "service": service_a.pk,
            "name": "Budi Santoso",
            "phone": "0812 1111 2222",
            "institution": "Bappeda",
            "position": "Staf",
            "purpose": "Konsultasi",
        },
    )
    visit = Visit.objects.get()
    link = f"{settings.SITE_URL}/kunjungan/{visit.token}/"
    ticket = client.get(response["Location"]).content.decode()
    assert page_qr_codes(ticket) == [(link, "QRCode")]
    slip = client.get(response["Location"] + "slip/").content.decode()
    survey = f"{settings.SITE_URL}/kunjungan/survei/{services.survey_ticket(visit)}/"
    assert page_qr_codes(slip) == [(link, "QRCode"), (survey, "QRCode")]
