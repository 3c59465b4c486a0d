"""Every refusal of the calendar services: a `DomainError` with its code, the field it
concerns and its message (Indonesian by default, English when the page is), and nothing
written. Changes take an explicit `now`, recorded as the event's time."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from loket.errors import DomainError
from loket.offices.tests.factories import UserFactory
from loket.workdays import services
from loket.workdays.models import CalendarEvent, CalendarOverride, ScheduleOverride

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Pontianak"))
DAY = date(2026, 3, 17)
HOURS = {0: ((time(8), time(12)),)}


def add_day(actor, office, **changes):
    fields = {"day": DAY, "kind": "closed", "reason": "Banjir"} | changes
    return services.add_calendar_override(actor=actor, office=office, now=NOW, **fields)


def add_schedule(actor, office, **changes):
    fields = {
        "first_day": date(2026, 2, 18),
        "last_day": date(2026, 3, 19),
        "hours": HOURS,
        "reason": "Ramadan",
    } | changes
    return services.add_schedule_override(actor=actor, office=office, now=NOW, **fields)


def test_a_calendar_error_is_a_domain_error_with_a_code_and_a_field(alice, office_a):
    with pytest.raises(DomainError, match="Alasan wajib diisi") as caught:
        add_day(alice, office_a, reason=" ")
    assert (caught.value.code, caught.value.field) == ("reason_required", "reason")
    assert caught.value.as_dict()["code"] == "reason_required"


def test_the_refusal_speaks_the_language_active_when_it_is_shown(alice, office_a):
    with pytest.raises(services.CalendarError) as caught:
        add_day(alice, office_a, reason="")
    with translation.override("en"):
        assert str(caught.value) == "A reason is required."
    with translation.override("id"):
        assert str(caught.value) == "Alasan wajib diisi."


@pytest.mark.parametrize(
    ("who", "code", "message"),
    [
        ("bob", "not_allowed", "Anda tidak berwenang mengubah kalender ini"),
        ("carol", "not_allowed", "Anda tidak berwenang mengubah kalender ini"),
    ],
)
def test_only_the_offices_admin_changes_its_calendar(request, office_a, who, code, message):
    user = request.getfixturevalue(who)
    with pytest.raises(services.CalendarError, match=message) as caught:
        add_day(user, office_a)
    assert caught.value.code == code
    assert not CalendarOverride.objects.exists()


def test_only_a_system_admin_changes_the_nationwide_calendar(alice):
    with pytest.raises(services.CalendarError, match="Hanya administrator sistem") as caught:
        add_day(alice, None)
    assert caught.value.code == "national_only"


@pytest.mark.parametrize(
    ("changes", "code", "field", "message"),
    [
        ({"kind": "maybe"}, "unknown_kind", "kind", "Jenis hari tidak dikenal"),
        (
            {"kind": "working", "joint_leave": True},
            "joint_leave_is_closed",
            "kind",
            "Cuti bersama selalu hari libur",
        ),
    ],
)
def test_a_day_of_an_unknown_kind_or_a_working_joint_leave_is_refused(
    alice, office_a, changes, code, field, message
):
    with pytest.raises(services.CalendarError, match=message) as caught:
        add_day(alice, office_a, **changes)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert not CalendarOverride.objects.exists()


def test_a_day_already_set_is_refused_until_the_old_setting_is_removed(alice, office_a):
    add_day(alice, office_a)
    with pytest.raises(services.CalendarError, match="Tanggal ini sudah diatur") as caught:
        add_day(alice, office_a, kind="working", reason="Buka")
    assert (caught.value.code, caught.value.field) == ("day_taken", "day")


def test_removing_a_day_twice_is_refused_the_second_time(alice, office_a):
    override = add_day(alice, office_a)
    services.remove_calendar_override(actor=alice, override=override, now=NOW)
    with pytest.raises(services.CalendarError, match="Pengaturan ini sudah dihapus") as caught:
        services.remove_calendar_override(actor=alice, override=override, now=NOW)
    assert caught.value.code == "already_removed"


def test_removing_dated_hours_twice_is_refused_the_second_time(alice, office_a):
    schedule = add_schedule(alice, office_a)
    services.remove_schedule_override(actor=alice, override=schedule, now=NOW)
    with pytest.raises(services.CalendarError, match="Pengaturan ini sudah dihapus") as caught:
        services.remove_schedule_override(actor=alice, override=schedule, now=NOW)
    assert caught.value.code == "already_removed"


@pytest.mark.parametrize(
    ("hours", "code", "message"),
    [
        ({0: ((time(12), time(8)),)}, "invalid_hours", "Jam layanan tidak sah: an interval must"),
        ({0: ()}, "no_open_day", "Setidaknya satu hari harus memiliki jam layanan"),
    ],
)
def test_weekly_hours_that_are_not_hours_or_never_open_are_refused(
    alice, office_a, hours, code, message
):
    with pytest.raises(services.CalendarError, match=message) as caught:
        services.set_weekly_hours(actor=alice, office=office_a, hours=hours, now=NOW)
    assert (caught.value.code, caught.value.field) == (code, "hours")
    assert not CalendarEvent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code", "field", "message"),
    [
        ({"reason": ""}, "reason_required", "reason", "Alasan wajib diisi"),
        (
            {"last_day": date(2026, 2, 17)},
            "range_reversed",
            "last_day",
            "Tanggal akhir tidak boleh sebelum tanggal mulai",
        ),
        (
            {"last_day": date(2026, 2, 18) + timedelta(days=367)},
            "range_too_long",
            "last_day",
            "paling lama satu tahun",
        ),
        (
            {"hours": {9: ((time(8), time(12)),)}},
            "invalid_hours",
            "hours",
            "Jam layanan tidak sah: weekday must be",
        ),
    ],
)
def test_dated_hours_with_bad_input_are_refused(alice, office_a, changes, code, field, message):
    with pytest.raises(services.CalendarError, match=message) as caught:
        add_schedule(alice, office_a, **changes)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert not ScheduleOverride.objects.exists()


def test_each_change_is_recorded_at_the_now_it_was_given(alice, office_a):
    root = UserFactory(username="root", is_superuser=True)
    add_day(alice, office_a)
    services.set_weekly_hours(actor=alice, office=office_a, hours=HOURS, now=NOW)
    add_schedule(root, None)
    events = CalendarEvent.objects.order_by("id")
    assert [event.at for event in events] == [NOW, NOW, NOW]
    assert [event.actor for event in events] == [alice, alice, root]
    assert {event.visibility for event in events} == {"staff"}
