"""Booking codes (the site's codes, loket/codes.py; tested in loket/tests/test_codes.py) are
found however a visitor types them, including those issued with the old alphabet."""

from datetime import datetime

import pytest

from loket.visits import services

from .conftest import PONTIANAK, TUESDAY_0900

AMBIGUOUS = set("0O1ILU")


@pytest.mark.django_db
def test_a_code_issued_with_the_old_alphabet_is_still_found_with_o_for_zero(make_booking):
    visit = make_booking()
    visit.booking_code = "BFV8-FB0F-M1VA"  # as issued before the alphabet changed
    visit.save(update_fields=["booking_code"])
    assert services.visit_by_code("bfv8 fbof mlva") == visit
    assert services.visit_by_code("BFV8FBOFMIVA") == visit


@pytest.mark.django_db
@pytest.mark.usefixtures("enrolled")
def test_the_kiosk_finds_a_booking_typed_loosely(client, make_booking, time_machine):
    visit = make_booking(now=datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK))
    assert not AMBIGUOUS & set(visit.booking_code)
    time_machine.move_to(TUESDAY_0900, tick=False)
    typed = visit.booking_code.lower().replace("-", "  ")
    response = client.post("/instansi/kantor-a/kiosk/kode/", {"code": typed})
    assert response.status_code == 302
