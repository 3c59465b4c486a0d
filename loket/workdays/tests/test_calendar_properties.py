"""Property-based checks of the deadline arithmetic (hypothesis), against the issue's
invariants and against a slow, obviously-correct reference that walks minute by minute."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from loket.workdays.calendar import (
    DEFAULT_HOURS,
    OfficeCalendar,
    ScheduleOverride,
    national_holiday_dates,
)

WIB = ZoneInfo("Asia/Pontianak")
CAL = OfficeCalendar()
ZONES = [ZoneInfo(name) for name in ("UTC", "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")]

# Hypothesis takes naive bounds and attaches the zone itself (`timezones=`).
NAIVE_FIRST = datetime(2025, 1, 1)  # noqa: DTZ001
NAIVE_LAST = datetime(2026, 12, 31, 23, 59)  # noqa: DTZ001
instants = st.datetimes(min_value=NAIVE_FIRST, max_value=NAIVE_LAST, timezones=st.just(WIB))
minute_instants = instants.map(lambda moment: moment.replace(second=0, microsecond=0))
day_counts = st.integers(min_value=1, max_value=80)
hour_counts = st.integers(min_value=1, max_value=120)


def just_before(moment: datetime) -> datetime:
    return moment - timedelta(microseconds=1)


@given(received=instants, days=day_counts)
def test_a_working_day_deadline_is_after_receipt_at_a_closing_time(received, days):
    due = CAL.add(received, days, "working_days")
    assert due > received
    assert CAL.is_working_day(due.date())
    assert due == CAL.closing_time(due.date())
    assert CAL.is_open(just_before(due))
    assert CAL.working_days_between(received.date(), due.date()) == days


@given(received=instants, hours=hour_counts)
def test_an_hour_deadline_is_after_receipt_inside_office_hours(received, hours):
    due = CAL.add(received, hours, "hours")
    assert due > received
    assert CAL.is_open(just_before(due))  # inside an interval, its closing time included
    assert CAL.office_time_between(received, due) == timedelta(hours=hours)


@given(received=instants, a=day_counts, b=day_counts)
def test_adding_a_then_b_working_days_equals_adding_a_plus_b(received, a, b):
    assert CAL.add(CAL.add(received, a, "working_days"), b, "working_days") == CAL.add(
        received, a + b, "working_days"
    )


@given(received=instants, a=hour_counts, b=hour_counts)
def test_adding_a_then_b_office_hours_equals_adding_a_plus_b(received, a, b):
    assert CAL.add(CAL.add(received, a, "hours"), b, "hours") == CAL.add(received, a + b, "hours")


@given(received=instants, amount=hour_counts, unit=st.sampled_from(["hours", "working_days"]))
@settings(max_examples=60)
def test_results_do_not_depend_on_the_input_time_zone(received, amount, unit):
    due = CAL.add(received, amount, unit)
    for zone in ZONES:
        again = CAL.add(received.astimezone(zone), amount, unit)
        assert again == due
        assert again.utcoffset() == timedelta(hours=7)  # always in the office's zone


@given(start=instants, end=instants)
def test_office_time_between_is_antisymmetric_and_additive(start, end):
    middle = start + (end - start) / 2
    forward = CAL.office_time_between(start, end)
    assert forward == -CAL.office_time_between(end, start)
    assert forward == CAL.office_time_between(start, middle) + CAL.office_time_between(middle, end)


@given(due=instants, paused=instants, pause=st.timedeltas(timedelta(0), timedelta(days=20)))
def test_resuming_an_hour_deadline_leaves_exactly_the_office_time_left_at_the_pause(
    due, paused, pause
):
    due = CAL.add(due, 1, "hours")  # a real deadline: inside office hours
    if paused > due:
        paused, due = due, paused
        due = CAL.add(due, 1, "hours")
    resumed = paused + pause
    moved = CAL.extend_for_pause(due, paused, resumed, "hours")
    covered = CAL.office_time_between(paused, resumed)
    assert CAL.office_time_between(due, moved) == covered
    if covered:
        assert CAL.is_open(just_before(moved))
    if moved >= resumed:
        left = CAL.office_time_between(paused, due)
        assert CAL.office_time_between(resumed, moved) == left


@given(received=instants, days=day_counts, pause_start=st.integers(0, 30), pause=st.integers(0, 30))
def test_resuming_a_day_deadline_counts_the_days_left_again_from_the_resumption(
    received, days, pause_start, pause
):
    due = CAL.add(received, days, "working_days")
    paused = received + timedelta(days=pause_start, hours=3)
    resumed = paused + timedelta(days=pause, hours=2)
    moved = CAL.extend_for_pause(due, paused, resumed, "working_days")
    covered = CAL.working_days_between(paused.date(), resumed.date())
    assert CAL.working_days_between(due.date(), moved.date()) == covered
    if paused.date() < due.date():  # at least one working day was left
        left = CAL.working_days_between(paused.date(), due.date())
        assert moved == CAL.add(resumed, left, "working_days")


# --- Against a reference that walks minute by minute ------------------------------------


def reference_is_working(day: date) -> bool:
    return day.weekday() < 5 and day not in national_holiday_dates(day.year)


def reference_is_open(moment: datetime) -> bool:
    local = moment.astimezone(WIB)
    if not reference_is_working(local.date()):
        return False
    clock = local.time()
    return any(start <= clock < end for start, end in DEFAULT_HOURS[local.weekday()])


def reference_add_minutes(received: datetime, minutes: int) -> datetime:
    moment = received
    while minutes:
        if reference_is_open(moment):
            minutes -= 1
        moment += timedelta(minutes=1)
    return moment


@given(received=minute_instants, minutes=st.integers(1, 1500))
@settings(max_examples=40, deadline=None)
def test_office_minutes_match_a_minute_by_minute_walk(received, minutes):
    assert CAL.add(received, minutes, "minutes") == reference_add_minutes(received, minutes)


@given(received=instants, days=day_counts)
def test_working_days_match_a_day_by_day_walk(received, days):
    day, left = received.date(), days
    while left:
        day += timedelta(days=1)
        left -= reference_is_working(day)
    assert CAL.add(received, days, "working_days").date() == day


@given(day=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)))
def test_working_days_are_weekdays_that_are_not_holidays_or_cuti_bersama(day):
    assert CAL.is_working_day(day) == reference_is_working(day)


# --- Overrides --------------------------------------------------------------------------

RAMADAN = ScheduleOverride(
    first=date(2026, 2, 18),
    last=date(2026, 3, 19),
    hours={weekday: ((time(8), time(15)),) for weekday in range(4)}
    | {4: ((time(8), time(15, 30)),)},
)
OFFICE = OfficeCalendar(
    closed_days={date(2026, 2, 20)},
    open_days={date(2026, 3, 18), date(2026, 3, 21)},
    schedule_overrides=[RAMADAN],
)


@given(received=instants, hours=hour_counts)
def test_with_overrides_hour_deadlines_stay_inside_office_hours(received, hours):
    due = OFFICE.add(received, hours, "hours")
    assert OFFICE.is_open(just_before(due))
    assert OFFICE.office_time_between(received, due) == timedelta(hours=hours)
