"""Issue #14: the visitor reschedules a booking from their page after a confirmation; the day
before, a reminder leaves through the outbox once, however often the job runs; the booking
comes as an iCalendar (.ics) file (a link in the e-mail: the outbox has no attachments)."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from icalendar import Calendar

from loket.notify.models import OutboxMessage
from loket.visits import jobs, services
from loket.visits.services import SlotFull

from .conftest import PONTIANAK, TUESDAY

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK)
SUNDAY_NOON = datetime(2026, 11, 29, 12, 0, tzinfo=PONTIANAK)


@pytest.fixture
def booking(make_booking):
    """Booked on Friday 27 November for Tuesday 1 December 2026 10:00, with an e-mail."""
    return make_booking(
        now=datetime(2026, 11, 27, 10, 0, tzinfo=PONTIANAK), email="siti@dinas.go.id"
    )


def test_the_visitor_reschedules_after_confirming(client, booking, time_machine):
    time_machine.move_to(SUNDAY_NOON, tick=False)
    url = f"/kunjungan/{booking.token}/ubah-jadwal/"
    new = {"preferred_date": "2026-12-02", "preferred_time": "13:30"}
    check = client.post(url, new)
    assert check.status_code == 200
    page = check.content.decode()
    assert "Ubah jadwal kunjungan ini?" in page
    assert "Rabu, 2 Desember 2026 13.30 WIB" in page
    booking.refresh_from_db()
    assert booking.preferred_date == TUESDAY  # asking changes nothing
    done = client.post(url, {**new, "confirm": "1"})
    assert done.status_code == 302
    booking.refresh_from_db()
    assert (booking.preferred_date.isoformat(), booking.preferred_time) == (
        "2026-12-02",
        time(13, 30),
    )
    event = booking.events.get(action="rescheduled")
    assert event.note == "Selasa, 1 Desember 2026 10.00 WIB"
    assert event.visibility == "public"
    mail = OutboxMessage.objects.filter(topic="visit_rescheduled").get()
    assert "Rabu, 2 Desember 2026 13.30 WIB" in mail.body
    assert f"/kunjungan/{booking.token}/kalender.ics" in mail.body


def test_rescheduling_into_a_full_slot_offers_the_free_ones(
    client, booking, make_booking, division_x, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    services.set_capacity(
        booking.office, actor=None, division=None, starts_at=time(11, 0), capacity=1
    )
    make_booking(now=MONDAY, at=time(11, 0), name="Sudah penuh")
    with pytest.raises(SlotFull) as refusal:
        services.reschedule(booking, TUESDAY, time(11, 15), now=MONDAY)
    assert [slot.time() for slot in refusal.value.free_slots][:1] == [time(11, 30)]
    page = client.post(
        f"/kunjungan/{booking.token}/ubah-jadwal/",
        {"preferred_date": "2026-12-01", "preferred_time": "11:15"},
    )
    assert page.status_code == 400
    assert 'name="preferred_time" value="11:30"' in page.content.decode()


def test_a_visit_already_checked_in_cannot_be_rescheduled(client, make_walk_in):
    visit = make_walk_in()
    response = client.get(f"/kunjungan/{visit.token}/ubah-jadwal/")
    assert response.status_code == 302
    with pytest.raises(services.TransitionRefused):
        services.reschedule(visit, TUESDAY, time(14, 0))


def test_the_reminder_leaves_once_the_day_before_from_seven_in_the_morning(booking):
    assert jobs.remind_bookings(now=datetime(2026, 11, 30, 6, 59, tzinfo=PONTIANAK)).reminded == []
    assert jobs.remind_bookings(now=datetime(2026, 11, 29, 12, 0, tzinfo=PONTIANAK)).reminded == []
    seven = datetime(2026, 11, 30, 7, 0, tzinfo=PONTIANAK)
    dry = jobs.remind_bookings(now=seven, dry_run=True)
    assert dry.reminded == [booking]
    assert not OutboxMessage.objects.filter(topic="visit_reminder").exists()
    assert jobs.remind_bookings(now=seven).reminded == [booking]
    assert jobs.remind_bookings(now=seven + timedelta(minutes=1)).reminded == []
    mail = OutboxMessage.objects.get(topic="visit_reminder")
    assert mail.recipient == "siti@dinas.go.id"
    assert "Selasa, 1 Desember 2026 10.00 WIB" in mail.body
    assert booking.events.filter(action="reminded", visibility="staff").count() == 1


def test_a_booking_made_the_day_before_gets_no_reminder(make_booking):
    make_booking(now=MONDAY, email="budi@contoh.go.id")
    assert jobs.remind_bookings(now=MONDAY + timedelta(hours=2)).reminded == []


def test_the_reminder_follows_the_offices_own_day_in_jayapura(service_a, make_booking):
    """WIT is UTC+9: at 07:30 WIT on Monday the UTC date is still Sunday."""
    office = service_a.office
    office.timezone = "Asia/Jayapura"
    office.save(update_fields=["timezone"])
    visit = make_booking(
        now=datetime(2026, 11, 27, 10, 0, tzinfo=office.tz), email="wit@contoh.go.id"
    )
    jayapura_monday = datetime(2026, 11, 30, 7, 30, tzinfo=office.tz)
    assert jayapura_monday.astimezone(PONTIANAK).date().isoformat() == "2026-11-30"
    assert jobs.remind_bookings(now=jayapura_monday).reminded == [visit]


def test_the_command_has_a_dry_run(booking, time_machine):
    time_machine.move_to(datetime(2026, 11, 30, 8, 0, tzinfo=PONTIANAK), tick=False)
    out = StringIO()
    call_command("remind_bookings", "--dry-run", stdout=out)
    assert f"kantor-a {booking.booking_code} 2026-12-01" in out.getvalue()
    assert "1 booking(s) would be reminded." in out.getvalue()
    assert not OutboxMessage.objects.filter(topic="visit_reminder").exists()
    call_command("remind_bookings", stdout=out)
    call_command("remind_bookings", stdout=out)
    assert OutboxMessage.objects.filter(topic="visit_reminder").count() == 1


def test_the_booking_downloads_as_an_icalendar_event_in_the_offices_zone(client, booking):
    response = client.get(f"/kunjungan/{booking.token}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="kunjungan-{booking.booking_code}.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime(2026, 12, 1, 10, 0, tzinfo=PONTIANAK)
    assert str(start.tzinfo) == "Asia/Pontianak"
    assert event.decoded("dtend") - start == timedelta(minutes=30)
    assert str(event["uid"]) == f"kunjungan-{booking.booking_code}@loket"
    assert booking.booking_code in str(event["description"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Pontianak"]
    summary = client.get(f"/kunjungan/{booking.token}/").content.decode()
    assert f'href="/kunjungan/{booking.token}/kalender.ics"' in summary
    booking_mail = OutboxMessage.objects.get(topic="visit_booked")
    assert f"/kunjungan/{booking.token}/kalender.ics" in booking_mail.body


def test_a_finished_visit_has_no_calendar_file(client, make_walk_in):
    visit = make_walk_in()
    assert client.get(f"/kunjungan/{visit.token}/kalender.ics").status_code == 404
