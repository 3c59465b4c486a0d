"""Every refusal of the visit services, one test each: the message (as the page shows it, in
Indonesian and English), its stable code and, where it names one, the field the API points
at. Includes the guards no page reaches: another office's service or division, `end` before
the start, an empty outcome, a hand-over to the same division."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import translation

from loket.offices.tests.factories import DivisionFactory
from loket.visits import services
from loket.visits.models import Consultation, Visit

from .conftest import PONTIANAK, ROUTED_UNCHECKED, TUESDAY, TUESDAY_0900, entry

pytestmark = pytest.mark.django_db

MONDAY_0900 = datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK)
TUESDAY_1630 = datetime(2026, 12, 1, 16, 30, tzinfo=PONTIANAK)  # after closing


@pytest.fixture
def other_division(office_b):
    return DivisionFactory(office=office_b, slug="bagian-lain", name="Bagian Lain")


@pytest.fixture
def routed(make_walk_in, rina, division_x):
    return services.route(
        make_walk_in(), division_x, actor=rina, reason=ROUTED_UNCHECKED, now=TUESDAY_0900
    )


@pytest.fixture
def called(routed, consultant, division_x):
    return services.call_next(division_x, actor=consultant, now=TUESDAY_0900)


@pytest.fixture
def started(called, consultant):
    return services.start(called, actor=consultant, now=TUESDAY_0900)


def english(error: services.VisitError) -> str:
    with translation.override("en"):
        return str(error)


# --- Transitions ----------------------------------------------------------------------------


def test_a_transition_not_in_the_table_is_refused_naming_both_statuses(make_walk_in, rina):
    visit = services.cancel(make_walk_in(), actor=rina, now=TUESDAY_0900)
    with pytest.raises(
        services.TransitionRefused,
        match="Kunjungan berstatus Dibatalkan tidak dapat diubah menjadi Pergi sebelum dilayani",
    ) as refused:
        services.walk_out(visit, actor=rina, now=TUESDAY_0900)
    assert refused.value.code == "transition_not_allowed"
    assert english(refused.value) == (
        "A visit with status Cancelled cannot become Left before being served."
    )


# --- Bookable moments ------------------------------------------------------------------------


def test_a_booking_for_a_past_day_is_refused(service_a):
    with pytest.raises(services.VisitTimeRefused, match="Tanggal kunjungan sudah lewat") as refused:
        services.book(
            service_a.office,
            entry(service_a, preferred_date=date(2026, 11, 27), preferred_time=time(9)),
            now=MONDAY_0900,
        )
    assert (refused.value.code, refused.value.field) == ("date_past", "preferred_date")


def test_a_booking_for_a_holiday_is_refused(service_a):
    with pytest.raises(services.VisitTimeRefused, match="bukan hari kerja") as refused:
        services.book(
            service_a.office,
            entry(service_a, preferred_date=date(2026, 12, 25), preferred_time=time(9)),
            now=MONDAY_0900,
        )
    assert refused.value.code == "not_working_day"
    assert "is not a working day" in english(refused.value)


def test_a_booking_in_the_lunch_break_is_refused(service_a):
    with pytest.raises(services.VisitTimeRefused, match="di luar jam layanan") as refused:
        services.book(
            service_a.office,
            entry(service_a, preferred_date=TUESDAY, preferred_time=time(12, 30)),
            now=MONDAY_0900,
        )
    assert (refused.value.code, refused.value.field) == ("outside_office_hours", "preferred_time")


def test_a_booking_for_an_hour_already_past_today_is_refused(service_a):
    with pytest.raises(services.VisitTimeRefused, match="Jam kunjungan sudah lewat") as refused:
        services.book(
            service_a.office,
            entry(service_a, preferred_date=TUESDAY, preferred_time=time(8)),
            now=TUESDAY_0900,
        )
    assert refused.value.code == "time_past"


def test_a_booking_more_than_ninety_days_ahead_is_refused(service_a):
    with pytest.raises(services.VisitTimeRefused, match="paling lama 90 hari") as refused:
        services.book(
            service_a.office,
            entry(service_a, preferred_date=date(2027, 3, 2), preferred_time=time(9)),
            now=MONDAY_0900,
        )
    assert refused.value.code == "too_far_ahead"


def test_a_booking_without_a_day_and_hour_is_refused(service_a):
    with pytest.raises(services.VisitTimeRefused, match="Pilih tanggal dan jam kunjungan"):
        services.book(service_a.office, entry(service_a), now=MONDAY_0900)
    assert not Visit.objects.exists()


# --- Another office's service or division ------------------------------------------------------


def test_a_walk_in_for_another_offices_service_is_refused(service_a, service_b):
    with pytest.raises(services.OtherOffice, match="Layanan ini milik instansi lain") as refused:
        services.register_walk_in(service_a.office, entry(service_b), now=TUESDAY_0900)
    assert (refused.value.code, refused.value.field) == ("other_office", "service")
    assert not Visit.objects.exists()


def test_a_booking_for_another_offices_division_is_refused(service_a, other_division):
    with pytest.raises(services.OtherOffice, match="Bagian ini milik instansi lain") as refused:
        services.book(
            service_a.office,
            entry(
                service_a,
                division=other_division,
                preferred_date=TUESDAY,
                preferred_time=time(10),
            ),
            now=MONDAY_0900,
        )
    assert refused.value.field == "division"


def test_routing_to_another_offices_division_is_refused(make_walk_in, rina, other_division):
    visit = make_walk_in()
    with pytest.raises(services.OtherOffice, match="Bagian ini milik instansi lain"):
        services.route(visit, other_division, actor=rina, reason=ROUTED_UNCHECKED, now=TUESDAY_0900)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CHECKED_IN
    assert not Consultation.objects.exists()


def test_handing_over_to_another_offices_division_is_refused(started, consultant, other_division):
    with pytest.raises(services.OtherOffice, match="Bagian ini milik instansi lain"):
        services.hand_over(started, other_division, actor=consultant, reason="Salah kantor")
    assert started.consultations.count() == 1


# --- Arrival --------------------------------------------------------------------------------


def test_a_walk_in_after_closing_is_told_when_the_office_opens(service_a):
    with pytest.raises(services.ArrivalRefused, match="Layanan sedang tutup") as refused:
        services.register_walk_in(service_a.office, entry(service_a), now=TUESDAY_1630)
    assert refused.value.code == "office_closed"
    assert "Rabu, 2 Desember 2026 07.30 WIB" in str(refused.value)
    assert "Wednesday, 2 December 2026 07:30 WIB" in english(refused.value)


def test_a_booking_checked_in_the_day_before_is_told_its_day(make_booking):
    visit = make_booking()
    with pytest.raises(
        services.ArrivalRefused, match=r"Pemesanan ini untuk Selasa, 1 Desember 2026 10\.00 WIB"
    ) as refused:
        services.check_in(visit, now=MONDAY_0900)
    assert refused.value.code == "booking_too_early"


def test_a_booking_checked_in_the_day_after_has_expired(make_booking):
    visit = make_booking()
    with pytest.raises(services.ArrivalRefused, match="sudah tidak berlaku") as refused:
        services.check_in(visit, now=TUESDAY_0900 + timedelta(days=1))
    assert refused.value.code == "booking_expired"


def test_a_no_show_booking_cannot_be_checked_in(make_booking):
    from loket.visits import jobs

    visit = make_booking()
    jobs.mark_no_shows(datetime(2026, 12, 1, 16, 0, tzinfo=PONTIANAK))
    with pytest.raises(services.BookingUnusable, match="tercatat tidak datang") as refused:
        services.check_in(visit, now=TUESDAY_0900 + timedelta(days=1))
    assert refused.value.code == "booking_no_show"


def test_a_cancelled_booking_cannot_be_checked_in(make_booking):
    visit = services.cancel(make_booking(), now=MONDAY_0900)
    with pytest.raises(
        services.BookingUnusable, match=r"tidak dapat digunakan lagi \(Dibatalkan\)"
    ) as refused:
        services.check_in(visit, now=TUESDAY_0900)
    assert refused.value.code == "booking_used"


# --- Reception ------------------------------------------------------------------------------


def test_the_reception_of_a_visit_not_on_site_is_refused(make_booking, rina):
    with pytest.raises(
        services.ConsultationRefused, match="Kunjungan ini tidak sedang berlangsung"
    ) as refused:
        services.record_reception(
            make_booking(),
            actor=rina,
            requirements=[],
            identity_checked=True,
            information_given="",
        )
    assert refused.value.code == "visit_not_in_progress"


def test_routing_a_visit_no_longer_waiting_is_refused(routed, rina, division_y):
    with pytest.raises(
        services.ConsultationRefused, match="sudah diarahkan atau tidak lagi menunggu"
    ) as refused:
        services.route(routed, division_y, actor=rina, reason=ROUTED_UNCHECKED)
    assert refused.value.code == "not_waiting"


def test_routing_a_visit_with_an_open_consultation_is_refused(make_walk_in, rina, division_x):
    # What a second receptionist routing at the same moment meets: the one-open constraint.
    visit = make_walk_in()
    Consultation.objects.create(visit=visit, division=division_x, queued_at=TUESDAY_0900)
    with pytest.raises(
        services.ConsultationRefused, match=r"^Kunjungan ini sudah diarahkan\.$"
    ) as refused:
        services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    assert refused.value.code == "already_routed"
    assert visit.consultations.count() == 1


# --- The division ---------------------------------------------------------------------------


def test_a_consultation_step_for_a_visit_in_no_division_is_refused(make_walk_in, consultant):
    with pytest.raises(
        services.ConsultationRefused, match="tidak sedang di bagian mana pun"
    ) as refused:
        services.requeue(make_walk_in(), actor=consultant)
    assert refused.value.code == "no_open_consultation"


def test_ending_a_consultation_before_it_started_is_refused(called, consultant):
    with pytest.raises(services.ConsultationRefused, match="Konsultasi belum dimulai") as refused:
        services.end(called, actor=consultant, outcome_summary="Dijelaskan")
    assert refused.value.code == "not_started"
    called.refresh_from_db()
    assert called.status == Visit.Status.CALLED


def test_ending_a_consultation_without_an_outcome_is_refused(started, consultant):
    with pytest.raises(
        services.ConsultationRefused, match="Tulis ringkasan hasil konsultasi"
    ) as refused:
        services.end(started, actor=consultant, outcome_summary="  ")
    assert (refused.value.code, refused.value.field) == ("outcome_missing", "outcome_summary")
    started.refresh_from_db()
    assert started.status == Visit.Status.IN_CONSULTATION


def test_handing_over_to_the_same_division_is_refused(started, consultant, division_x):
    with pytest.raises(services.ConsultationRefused, match="Pilih bagian lain") as refused:
        services.hand_over(started, division_x, actor=consultant, reason="Tetap di sini")
    assert (refused.value.code, refused.value.field) == ("same_division", "division")
    assert started.consultations.count() == 1


def test_handing_over_without_a_reason_is_refused(started, consultant, division_y):
    with pytest.raises(services.ConsultationRefused, match="Tulis alasan pengalihan") as refused:
        services.hand_over(started, division_y, actor=consultant, reason=" ")
    assert (refused.value.code, refused.value.field) == ("reason_missing", "reason")
    assert started.consultations.count() == 1
