"""A division its office admin deactivated (issue 14): offered for no new work (booking,
routing, hand-over, a slot's capacity), its queue still served and shown on the screen while
a call is open; a division with visits is never deleted."""

import pytest
from django.utils import translation

from loket.errors import DomainError
from loket.offices import services as offices
from loket.visits import selectors, services
from loket.visits.forms import BookingForm, HandOverForm, ReceptionForm

from .conftest import ROUTED_UNCHECKED, TUESDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _office_hours(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


def test_an_inactive_division_is_offered_for_no_new_work(
    alice, make_walk_in, division_x, division_y
):
    visit = make_walk_in()
    offices.set_division_active(division_y, actor=alice, active=False)
    reception = ReceptionForm(visit=visit, requirements=[], store_id=False)
    assert list(reception.fields["division"].queryset) == [division_x]
    hand_over = HandOverForm(visit=visit, current_division_id=division_x.pk)
    assert list(hand_over.fields["division"].queryset) == []
    booking = BookingForm(office=visit.office)
    assert list(booking.fields["division"].queryset) == [division_x]
    offices.set_division_active(division_y, actor=alice, active=True)
    hand_over = HandOverForm(visit=visit, current_division_id=division_x.pk)
    assert list(hand_over.fields["division"].queryset) == [division_y]


def test_a_division_with_visits_is_never_deleted_and_its_queue_is_still_served(
    client, alice, rina, consultant, make_walk_in, division_x
):
    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    # Its consultant leaves: the visit and the consultation are still its history.
    offices.revoke_role(user=consultant, office=division_x.office, role="consultant")
    assert offices.division_has_history(division_x)
    with pytest.raises(DomainError):
        offices.delete_division(division_x, actor=alice)
    offices.set_division_active(division_x, actor=alice, active=False)
    called = services.call_next(division_x, actor=alice)
    assert called == visit
    # The screen shows the open call of the inactive division, and only while it is open.
    board = selectors.display_board(division_x.office)
    assert [division.pk for division, call in board.current if call] == [division_x.pk]
    client.force_login(alice)
    assert client.get("/staf/kantor-a/konsultasi/bagian-satu/").status_code == 200


def test_the_screen_leaves_out_an_inactive_division_with_no_open_call(
    alice, division_x, division_y
):
    offices.set_division_active(division_y, actor=alice, active=False)
    board = selectors.display_board(division_x.office)
    assert [division for division, _call in board.current] == [division_x]


def test_a_division_with_only_a_slot_capacity_has_no_history_and_goes_with_it(alice, division_y):
    office = division_y.office
    services.set_capacity(office, actor=alice, division=division_y, starts_at=None, capacity=3)
    assert len(services.capacity_rows(office)) == 1
    assert not offices.division_has_history(division_y)
    offices.delete_division(division_y, actor=alice)
    assert services.capacity_rows(office) == []


def test_routing_or_handing_over_to_an_inactive_division_is_refused(
    client, alice, rina, consultant, make_walk_in, division_x, division_y
):
    visit = make_walk_in()
    offices.set_division_active(division_x, actor=alice, active=False)
    with pytest.raises(services.ConsultationRefused) as refused:
        services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    assert (refused.value.code, refused.value.field) == ("division_inactive", "division")
    assert str(refused.value) == "Bagian ini sudah nonaktif; pilih bagian lain."
    with translation.override("en"):
        assert str(refused.value) == "This division is no longer active; choose another one."
    offices.set_division_active(division_x, actor=alice, active=True)
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.call_next(division_x, actor=consultant)
    offices.set_division_active(division_y, actor=alice, active=False)
    with pytest.raises(services.ConsultationRefused) as refused:
        services.hand_over(visit, division_y, actor=consultant, reason="Perlu izin usaha")
    assert refused.value.code == "division_inactive"
