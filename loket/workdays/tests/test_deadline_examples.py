"""The issue's examples and hand-checked deadlines over the national calendar with the
default Perpres 21/2023 hours in Asia/Pontianak (WIB). Each case says why in its name."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from loket.workdays.calendar import OfficeCalendar

WIB = ZoneInfo("Asia/Pontianak")
CAL = OfficeCalendar()


def at(text: str, tz: ZoneInfo = WIB) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def iso(moment: datetime) -> str:
    return moment.isoformat()


# --- The examples ---------------------------------------------------------------


def test_five_working_days_from_16_march_2026_skip_nyepi_and_eid():
    assert iso(CAL.add(at("2026-03-16T10:00"), 5, "working_days")) == "2026-03-30T16:00:00+07:00"


def test_five_working_days_from_26_may_2026_end_on_a_friday_closing_at_1630():
    assert iso(CAL.add(at("2026-05-26T11:00"), 5, "working_days")) == "2026-06-05T16:30:00+07:00"


def test_three_office_hours_from_thursday_afternoon_skip_isra_miraj_and_the_weekend():
    assert iso(CAL.add(at("2026-01-15T15:00"), 3, "hours")) == "2026-01-19T09:30:00+07:00"


# --- Working days ---------------------------------------------------------------------

WORKING_DAY_CASES = [
    # received, days, due, why
    ("2026-03-16T10:00", 14, "2026-04-13T16:00:00+07:00", "Eid stretch and Good Friday"),
    ("2026-03-17T14:00", 1, "2026-03-25T16:00:00+07:00", "18-24 March 2026 are all closed"),
    ("2026-03-18T09:00", 1, "2026-03-25T16:00:00+07:00", "receipt on a cuti bersama day"),
    ("2026-03-21T09:00", 1, "2026-03-25T16:00:00+07:00", "receipt on Idul Fitri, a Saturday"),
    ("2026-03-24T16:30", 2, "2026-03-26T16:00:00+07:00", "receipt after closing on cuti"),
    ("2026-01-10T09:00", 1, "2026-01-12T16:00:00+07:00", "receipt on a Saturday"),
    ("2026-01-11T23:59", 1, "2026-01-12T16:00:00+07:00", "receipt late on a Sunday"),
    ("2026-01-12T06:00", 1, "2026-01-13T16:00:00+07:00", "receipt before opening never counts"),
    ("2026-01-12T17:00", 1, "2026-01-13T16:00:00+07:00", "receipt after closing"),
    ("2026-01-08T10:00", 1, "2026-01-09T16:30:00+07:00", "Friday closes at 16:30"),
    ("2026-01-09T16:45", 1, "2026-01-12T16:00:00+07:00", "Friday evening to Monday"),
    ("2025-08-15T10:00", 1, "2025-08-19T16:00:00+07:00", "18 Aug 2025 cuti bersama"),
    ("2025-12-24T10:00", 5, "2026-01-05T16:00:00+07:00", "Christmas, cuti, New Year 2026"),
    ("2026-12-23T10:00", 5, "2027-01-04T16:00:00+07:00", "cuti, Christmas, New Year 2027"),
    ("2025-12-31T15:59", 1, "2026-01-02T16:30:00+07:00", "New Year's Day, then a Friday"),
    ("2026-03-16T10:00", 60, "2026-06-25T16:00:00+07:00", "sixty days to Thu 25 June"),
    ("2026-05-12T08:00", 3, "2026-05-19T16:00:00+07:00", "Ascension and its cuti bersama"),
]


@pytest.mark.parametrize(("received", "days", "due", "why"), WORKING_DAY_CASES)
def test_working_day_deadlines_match_the_hand_checked_calendar(received, days, due, why):
    assert iso(CAL.add_working_days(at(received), days)) == due, why


# --- Office hours ---------------------------------------------------------------------

HOUR_CASES = [
    # received, duration, due, why
    ("2026-01-12T13:00", "3h", "2026-01-12T16:00:00+07:00", "ends exactly at closing"),
    ("2026-01-12T11:00", "1h", "2026-01-12T12:00:00+07:00", "ends exactly at the break"),
    ("2026-01-12T11:00", "2h", "2026-01-12T14:00:00+07:00", "the lunch break never counts"),
    ("2026-01-12T12:30", "1h", "2026-01-12T14:00:00+07:00", "receipt during the break"),
    ("2026-01-09T11:00", "1h", "2026-01-09T13:30:00+07:00", "Friday break is 90 minutes"),
    ("2026-01-09T12:00", "30m", "2026-01-09T13:30:00+07:00", "receipt in the Friday break"),
    ("2026-01-09T15:30", "1h", "2026-01-09T16:30:00+07:00", "Friday closing is a deadline"),
    ("2026-01-09T15:30", "61m", "2026-01-12T07:31:00+07:00", "past Friday closing to Monday"),
    ("2026-01-12T17:00", "3h", "2026-01-13T10:30:00+07:00", "receipt after closing"),
    ("2026-01-12T06:00", "3h", "2026-01-12T10:30:00+07:00", "receipt before opening"),
    ("2026-01-10T09:00", "3h", "2026-01-12T10:30:00+07:00", "receipt on a Saturday"),
    ("2026-01-12T11:50", "15m", "2026-01-12T13:05:00+07:00", "a 15-minute step over lunch"),
    ("2026-01-12T07:30", "7h30m", "2026-01-12T16:00:00+07:00", "a whole Monday"),
    ("2026-01-12T07:30", "7h31m", "2026-01-13T07:31:00+07:00", "a minute into Tuesday"),
    ("2026-03-17T14:00", "3h", "2026-03-25T08:30:00+07:00", "the Eid stretch of March 2026"),
    ("2025-12-31T15:00", "3h", "2026-01-02T09:30:00+07:00", "year end 2025 to 2026"),
    ("2026-12-31T15:00", "3h", "2027-01-04T09:30:00+07:00", "year end 2026 to 2027"),
    ("2026-12-23T15:00", "2h", "2026-12-28T08:30:00+07:00", "cuti bersama then Christmas"),
]


def duration(text: str) -> timedelta:
    hours, _h, rest = text.partition("h") if "h" in text else ("0", "", text)
    minutes = rest.removesuffix("m") or "0"
    return timedelta(hours=int(hours), minutes=int(minutes))


@pytest.mark.parametrize(("received", "length", "due", "why"), HOUR_CASES)
def test_office_hour_deadlines_match_the_hand_checked_calendar(received, length, due, why):
    assert iso(CAL.add_office_hours(at(received), duration(length))) == due, why


def test_minutes_and_hours_are_units_of_the_same_clock():
    received = at("2026-01-15T15:00")
    assert CAL.add(received, 180, "minutes") == CAL.add(received, 3, "hours")


def test_a_deadline_at_a_closing_time_is_that_closing_time_not_the_next_opening():
    due = CAL.add(at("2026-01-12T15:00"), 1, "hours")
    assert iso(due) == "2026-01-12T16:00:00+07:00"
    assert not CAL.is_open(due)
    assert CAL.is_open(due - timedelta(microseconds=1))


def test_microseconds_are_kept_exactly():
    received = at("2026-01-12T08:00:00.123456")
    due = CAL.add_office_hours(received, timedelta(hours=5, microseconds=1))
    assert iso(due) == "2026-01-12T14:00:00.123457+07:00"


# --- Zones, input checks --------------------------------------------------------------


def test_an_instant_given_in_utc_gives_the_same_deadline_in_the_office_zone():
    received = datetime.fromisoformat("2026-01-15T08:00:00+00:00")  # 15:00 WIB
    assert iso(CAL.add(received, 3, "hours")) == "2026-01-19T09:30:00+07:00"


def test_a_receipt_in_another_zone_counts_the_office_calendar_day():
    # 23:30 on Sunday in Jayapura is 21:30 Sunday in Pontianak: Monday is the first day.
    received = at("2026-01-11T23:30", ZoneInfo("Asia/Jayapura"))
    assert iso(CAL.add_working_days(received, 1)) == "2026-01-12T16:00:00+07:00"
    # ...but 00:30 Monday in Jayapura is still Sunday 22:30 in Pontianak.
    received = at("2026-01-12T00:30", ZoneInfo("Asia/Jayapura"))
    assert iso(CAL.add_working_days(received, 1)) == "2026-01-12T16:00:00+07:00"


def test_an_office_in_wita_counts_in_its_own_zone():
    makassar = OfficeCalendar(tz="Asia/Makassar")
    received = at("2026-01-12T09:00", ZoneInfo("Asia/Makassar"))
    assert iso(makassar.add_working_days(received, 1)) == "2026-01-13T16:00:00+08:00"
    assert iso(makassar.add(received, 7, "hours")) == "2026-01-13T08:30:00+08:00"


# Naive on purpose: the refusal under test.
NAIVE = datetime(2026, 1, 12, 10)  # noqa: DTZ001
NAIVE_MIDNIGHT = datetime(2026, 1, 12)  # noqa: DTZ001


@pytest.mark.parametrize(
    "call",
    [
        lambda: CAL.add(NAIVE, 1, "hours"),
        lambda: CAL.add_working_days(NAIVE, 1),
        lambda: CAL.next_opening(NAIVE),
        lambda: CAL.office_time_between(NAIVE_MIDNIGHT, at("2026-01-13T00:00")),
        lambda: CAL.is_open(NAIVE),
    ],
)
def test_naive_datetimes_are_refused(call):
    with pytest.raises(ValueError, match="naive"):
        call()


def test_negative_amounts_and_unknown_units_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        CAL.add(at("2026-01-12T10:00"), -1, "working_days")
    with pytest.raises(ValueError, match="office time to add cannot be negative"):
        CAL.add_office_hours(at("2026-01-12T10:00"), timedelta(hours=-1))
    with pytest.raises(ValueError, match="unit"):
        CAL.add(at("2026-01-12T10:00"), 1, "weeks")


def test_zero_adds_nothing():
    received = at("2026-01-10T09:00")
    assert CAL.add(received, 0, "working_days") == received
    assert CAL.add(received, 0, "hours") == received


# --- Days and openings ------------------------------------------------------------------


def test_working_days_of_march_2026():
    working = [d for d in range(16, 28) if CAL.is_working_day(date(2026, 3, d))]
    assert working == [16, 17, 25, 26, 27]


def test_next_opening_after_a_closing_time_and_during_hours():
    assert iso(CAL.next_opening(at("2026-01-12T12:00"))) == "2026-01-12T13:00:00+07:00"
    assert iso(CAL.next_opening(at("2026-01-12T10:15"))) == "2026-01-12T10:15:00+07:00"
    assert iso(CAL.next_opening(at("2026-01-15T16:00"))) == "2026-01-19T07:30:00+07:00"
    assert iso(CAL.next_opening(at("2026-12-31T16:00"))) == "2027-01-04T07:30:00+07:00"


def test_office_time_between_skips_breaks_nights_and_holidays():
    assert CAL.office_time_between(at("2026-01-12T11:00"), at("2026-01-12T14:00")) == timedelta(
        hours=2
    )
    # Thu 15:00 -> Mon 09:30 across Isra Mi'raj and a weekend.
    assert CAL.office_time_between(at("2026-01-15T15:00"), at("2026-01-19T09:30")) == timedelta(
        hours=3
    )
    # A whole normal week is 37.5 hours (Perpres 21/2023).
    assert CAL.office_time_between(at("2026-01-05T00:00"), at("2026-01-12T00:00")) == timedelta(
        hours=37, minutes=30
    )
    assert CAL.office_time_between(at("2026-01-12T14:00"), at("2026-01-12T11:00")) == -timedelta(
        hours=2
    )


def test_office_time_between_years_adds_the_whole_years_between():
    start, end = at("2025-12-31T15:00"), at("2027-01-04T09:30")
    total = CAL.office_time_between(start, at("2026-01-01T00:00"))
    total += CAL.office_time_between(at("2026-01-01T00:00"), at("2027-01-01T00:00"))
    total += CAL.office_time_between(at("2027-01-01T00:00"), end)
    assert CAL.office_time_between(start, end) == total
    assert total > timedelta(hours=1700)
