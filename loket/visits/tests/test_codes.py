"""Booking codes use the complaint codes' alphabet (no 0/O, 1/I/L, U) and are found however
a visitor types them."""

from datetime import datetime

import pytest

from loket.visits import codes, services

from .conftest import PONTIANAK, TUESDAY_0900

AMBIGUOUS = set("0O1ILU")


def test_new_codes_never_contain_a_character_that_reads_as_another():
    drawn = "".join(codes.new_booking_code() for _ in range(2000)).replace("-", "")
    assert not AMBIGUOUS & set(drawn)
    assert set(drawn) == set(codes.CODE_ALPHABET)  # every other character is used


def test_the_alphabet_is_the_complaint_codes_one():
    from loket.complaints.models import CODE_ALPHABET

    assert codes.CODE_ALPHABET == CODE_ALPHABET
    assert len(codes.CODE_ALPHABET) ** codes.CODE_LENGTH > 2**58


@pytest.mark.parametrize(
    "typed",
    ["K7QM-2XPR-4TBD", "k7qm-2xpr-4tbd", "K7QM2XPR4TBD", " k7qm 2xpr 4tbd ", "K7QM–2XPR—4TBD"],
)
def test_a_code_is_read_whatever_the_case_spaces_and_dashes(typed):
    assert codes.normalize_code(typed) == "K7QM-2XPR-4TBD"


def test_what_cannot_be_a_code_is_refused():
    for typed in ("", "K7QM-2XPR", "K7QM-2XPR-4TBD-9", "K7QM-2XPR-4TB#", "K7QM-2XPR-4TB٣"):
        assert codes.normalize_code(typed) == ""


@pytest.mark.django_db
def test_a_code_issued_with_the_old_alphabet_is_still_found_with_o_for_zero(make_booking):
    visit = make_booking()
    visit.booking_code = "BFV8-FB0F-M1VA"  # as issued before the alphabet changed
    visit.save(update_fields=["booking_code"])
    assert services.visit_by_code("bfv8 fbof mlva") == visit
    assert services.visit_by_code("BFV8FBOFMIVA") == visit


@pytest.mark.django_db
def test_the_kiosk_finds_a_booking_typed_loosely(client, make_booking, time_machine):
    visit = make_booking(now=datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK))
    assert not AMBIGUOUS & set(visit.booking_code)
    time_machine.move_to(TUESDAY_0900, tick=False)
    typed = visit.booking_code.lower().replace("-", "  ")
    response = client.post("/instansi/kantor-a/kiosk/kode/", {"code": typed})
    assert response.status_code == 302
