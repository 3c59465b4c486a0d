"""The calendar of an office from the database: stored hours, overrides (office and
nationwide), who may change them, the record of each change and the cached calendar."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from loket.offices.tests.factories import OfficeFactory, UserFactory
from loket.workdays import services
from loket.workdays.hours import hours_table, weekly_hours
from loket.workdays.models import CalendarEvent, CalendarOverride

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Pontianak"))
WIB = ZoneInfo("Asia/Pontianak")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def test_without_an_office_the_national_calendar_gives_the_issue_example():
    due = services.due_at(None, at("2026-03-16T10:00"), 5, "working_days")
    assert due.isoformat() == "2026-03-30T16:00:00+07:00"


def test_an_office_closing_day_moves_its_deadlines_but_not_another_offices(
    alice, office_a, office_b
):
    services.add_calendar_override(
        actor=alice, office=office_a, day=date(2026, 3, 17), kind="closed", reason="Banjir"
    )
    assert services.due_at(office_a, at("2026-03-16T10:00"), 5, "working_days").date() == date(
        2026, 3, 31
    )
    assert services.due_at(office_b, at("2026-03-16T10:00"), 5, "working_days").date() == date(
        2026, 3, 30
    )


def test_a_holiday_declared_working_counts_as_a_working_day(alice, office_a):
    services.add_calendar_override(
        actor=alice, office=office_a, day=date(2026, 3, 18), kind="working", reason="Piket"
    )
    assert services.calendar_for(office_a).is_working_day(date(2026, 3, 18))
    assert not services.calendar_for(None).is_working_day(date(2026, 3, 18))


def test_a_nationwide_day_applies_to_every_office_and_the_office_may_overrule_it(
    root, alice, office_a, office_b
):
    services.add_calendar_override(
        actor=root,
        office=None,
        day=date(2026, 8, 18),
        kind="closed",
        reason="Cuti bersama tambahan",
        joint_leave=True,
    )
    for office in (office_a, office_b, None):
        assert not services.calendar_for(office).is_working_day(date(2026, 8, 18))
    services.add_calendar_override(
        actor=alice, office=office_a, day=date(2026, 8, 18), kind="working", reason="Layanan buka"
    )
    assert services.calendar_for(office_a).is_working_day(date(2026, 8, 18))
    assert not services.calendar_for(office_b).is_working_day(date(2026, 8, 18))


def test_only_a_system_admin_changes_the_nationwide_calendar(alice):
    with pytest.raises(services.CalendarError):
        services.add_calendar_override(
            actor=alice, office=None, day=date(2026, 8, 18), kind="closed", reason="x"
        )


def test_a_colleague_without_the_admin_role_and_an_outsider_cannot_change_the_calendar(
    bob, carol, office_a
):
    for user in (bob, carol):
        with pytest.raises(services.CalendarError):
            services.add_calendar_override(
                actor=user, office=office_a, day=date(2026, 3, 17), kind="closed", reason="x"
            )
    assert not CalendarOverride.objects.exists()


def test_a_day_cannot_be_set_twice_and_needs_a_reason(alice, office_a):
    services.add_calendar_override(
        actor=alice, office=office_a, day=date(2026, 3, 17), kind="closed", reason="Banjir"
    )
    with pytest.raises(services.CalendarError):
        services.add_calendar_override(
            actor=alice, office=office_a, day=date(2026, 3, 17), kind="working", reason="Buka"
        )
    with pytest.raises(services.CalendarError):
        services.add_calendar_override(
            actor=alice, office=office_a, day=date(2026, 3, 18), kind="closed", reason="  "
        )


def test_every_change_is_recorded_with_who_and_when(alice, office_a):
    override = services.add_calendar_override(
        actor=alice, office=office_a, day=date(2026, 3, 17), kind="closed", reason="Banjir"
    )
    services.remove_calendar_override(actor=alice, override=override)
    events = services.recent_events(office_a)
    assert [e.action for e in events] == [
        CalendarEvent.Action.DAY_REMOVED,
        CalendarEvent.Action.DAY_ADDED,
    ]
    assert all(e.actor == alice and e.at == NOW and e.day == date(2026, 3, 17) for e in events)
    assert "Banjir" in events[0].note
    assert services.calendar_for(office_a).is_working_day(date(2026, 3, 17))


def test_stored_weekly_hours_drive_the_hours_table_and_the_deadlines(alice, office_a):
    assert weekly_hours(office_a)[4] == ((time(7, 30), time(11, 30)), (time(13, 0), time(16, 30)))
    six_days = {weekday: ((time(8, 0), time(14, 0)),) for weekday in range(6)}
    services.set_weekly_hours(actor=alice, office=office_a, hours=six_days)
    rows = hours_table(office_a)
    assert [(str(row["days"]), row["intervals"]) for row in rows] == [
        ("Senin – Sabtu", ((time(8, 0), time(14, 0)),)),
        ("Minggu", ()),
    ]
    calendar = services.calendar_for(office_a)
    assert calendar.is_working_day(date(2026, 1, 10))  # a Saturday
    received = at("2026-01-09T13:00")  # Friday
    assert calendar.add(received, 2, "hours").isoformat() == "2026-01-10T09:00:00+07:00"
    services.set_weekly_hours(actor=alice, office=office_a, hours=None)
    assert not services.calendar_for(office_a).is_working_day(date(2026, 1, 10))
    assert str(hours_table(office_a)[0]["days"]) == "Senin – Kamis"


def test_weekly_hours_are_validated(alice, office_a):
    with pytest.raises(services.CalendarError):
        services.set_weekly_hours(
            actor=alice, office=office_a, hours={0: ((time(12, 0), time(8, 0)),)}
        )
    with pytest.raises(services.CalendarError):
        services.set_weekly_hours(actor=alice, office=office_a, hours={})


def test_ramadan_hours_apply_only_to_their_dates(root, office_a):
    ramadan = {weekday: ((time(8, 0), time(15, 0)),) for weekday in range(4)}
    ramadan[4] = ((time(8, 0), time(15, 30)),)
    services.add_schedule_override(
        actor=root,
        office=None,
        first_day=date(2026, 2, 18),
        last_day=date(2026, 3, 19),
        hours=ramadan,
        reason="Jam kerja Ramadan 1447 H",
    )
    calendar = services.calendar_for(office_a)
    assert calendar.add(at("2026-03-02T14:00"), 1, "hours").isoformat() == (
        "2026-03-02T15:00:00+07:00"
    )
    assert calendar.add_working_days(at("2026-03-16T10:00"), 1).isoformat() == (
        "2026-03-17T15:00:00+07:00"
    )
    assert calendar.add(at("2026-04-06T14:00"), 1, "hours").isoformat() == (
        "2026-04-06T15:00:00+07:00"
    )  # Monday after Ramadan: regular hours, no break at 14:00
    [override] = services.schedule_overrides_for(None)
    services.remove_schedule_override(actor=root, override=override)
    assert services.calendar_for(office_a).add(at("2026-03-02T14:00"), 1, "hours").hour == 15


def test_the_calendar_is_cached_until_its_office_changes(alice, office_a, office_b):
    first = services.calendar_for(office_a)
    assert services.calendar_for(office_a) is first
    other = services.calendar_for(office_b)
    services.add_calendar_override(
        actor=alice, office=office_a, day=date(2026, 3, 17), kind="closed", reason="Banjir"
    )
    assert services.calendar_for(office_a) is not first
    assert services.calendar_for(office_b) is other


def test_a_new_office_time_zone_gives_a_new_calendar(office_a):
    first = services.calendar_for(office_a)
    office_a.timezone = "Asia/Jayapura"
    office_a.save()
    calendar = services.calendar_for(office_a)
    assert calendar is not first
    assert calendar.add(at("2026-01-12T10:00"), 1, "working_days").isoformat() == (
        "2026-01-13T16:00:00+09:00"
    )


def test_closing_days_list_holidays_with_names_and_the_office_days(alice, office_a):
    services.add_calendar_override(
        actor=alice, office=office_a, day=date(2026, 3, 17), kind="closed", reason="Banjir"
    )
    services.add_calendar_override(
        actor=alice, office=office_a, day=date(2026, 3, 18), kind="working", reason="Piket"
    )
    days = {d.day: d for d in services.closing_days(office_a, 2026, "id")}
    assert days[date(2026, 8, 17)].name == "Hari Kemerdekaan Republik Indonesia"
    assert days[date(2026, 3, 20)].source == "joint_leave"
    assert days[date(2026, 3, 17)].source == "office"
    assert days[date(2026, 3, 18)].working
    assert len([d for d in days.values() if d.source in ("national", "joint_leave")]) == 24


def test_a_year_without_cuti_bersama_is_reported(alice, office_a, root):
    assert services.years_without_joint_leave(office_a, date(2026, 3, 2)) == []
    assert services.years_without_joint_leave(office_a, date(2028, 3, 2)) == [2028, 2029]
    services.add_calendar_override(
        actor=root,
        office=None,
        day=date(2028, 12, 26),
        kind="closed",
        reason="Cuti bersama Natal",
        joint_leave=True,
    )
    assert services.years_without_joint_leave(office_a, date(2028, 3, 2)) == [2029]


def test_a_fresh_office_uses_the_default_hours():
    office = OfficeFactory(slug="baru")
    assert weekly_hours(office)[0] == ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0)))
