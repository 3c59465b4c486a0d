"""The pause rule: resuming moves the due time by exactly the office time the pause
covered, in the deadline's own unit (office time for hours, working days for days)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from loket.workdays.calendar import OfficeCalendar

WIB = ZoneInfo("Asia/Pontianak")
CAL = OfficeCalendar()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def test_an_hour_deadline_moves_by_the_office_time_inside_the_pause():
    due = at("2026-01-12T16:00")  # 3 hours from Mon 13:00
    moved = CAL.extend_for_pause(due, at("2026-01-12T14:00"), at("2026-01-12T15:00"), "hours")
    assert moved.isoformat() == "2026-01-13T08:30:00+07:00"


def test_a_pause_over_lunch_moves_only_by_the_office_time_it_covered():
    due = at("2026-01-12T15:00")
    moved = CAL.extend_for_pause(due, at("2026-01-12T11:30"), at("2026-01-12T13:30"), "hours")
    assert moved.isoformat() == "2026-01-12T16:00:00+07:00"  # 30 + 30 minutes, still Monday


def test_a_pause_over_a_weekend_and_a_holiday_moves_an_hour_deadline_by_office_time_only():
    due = at("2026-01-19T09:30")  # 3 hours from Thu 15 Jan 15:00
    # Paused Thu 15:30 (0.5 h used), resumed Mon 19 Jan 08:00: covered 30 min + 30 min.
    moved = CAL.extend_for_pause(due, at("2026-01-15T15:30"), at("2026-01-19T08:00"), "hours")
    assert moved.isoformat() == "2026-01-19T10:30:00+07:00"
    # The complainant's side: the office time left at the pause runs again from resumption.
    left = CAL.office_time_between(at("2026-01-15T15:30"), due)
    assert CAL.office_time_between(at("2026-01-19T08:00"), moved) == left


def test_a_pause_outside_office_hours_does_not_move_an_hour_deadline():
    due = at("2026-01-13T10:00")
    moved = CAL.extend_for_pause(due, at("2026-01-12T16:10"), at("2026-01-13T07:00"), "hours")
    assert moved == due


def test_a_pause_the_same_day_does_not_move_a_working_day_deadline():
    due = at("2026-01-19T16:00")  # 5 working days from Mon 12 Jan
    moved = CAL.extend_for_pause(
        due, at("2026-01-14T10:00"), at("2026-01-14T15:00"), "working_days"
    )
    assert moved == due


def test_a_pause_from_wednesday_to_thursday_moves_a_working_day_deadline_one_day():
    due = at("2026-01-19T16:00")
    moved = CAL.extend_for_pause(
        due, at("2026-01-14T10:00"), at("2026-01-15T09:00"), "working_days"
    )
    # Thursday is lost (like a day of receipt); Fri 16 Jan is Isra Mi'raj: Tue 20 Jan.
    assert moved.isoformat() == "2026-01-20T16:00:00+07:00"


def test_a_pause_over_only_a_weekend_does_not_move_a_working_day_deadline():
    due = at("2026-01-14T16:00")
    moved = CAL.extend_for_pause(
        due, at("2026-01-09T16:45"), at("2026-01-11T20:00"), "working_days"
    )
    assert moved == due


def test_a_pause_over_the_eid_stretch_counts_only_working_days():
    due = at("2026-03-30T16:00")  # 5 working days from Mon 16 March
    moved = CAL.extend_for_pause(
        due, at("2026-03-17T10:00"), at("2026-03-26T09:00"), "working_days"
    )
    # Working days after the pause day up to the resumption day: 25 and 26 March.
    assert moved.isoformat() == "2026-04-01T16:00:00+07:00"


def test_a_day_deadline_after_a_pause_equals_the_days_left_counted_from_resumption():
    received, paused, resumed = (
        at("2026-03-16T10:00"),
        at("2026-03-17T10:00"),
        at("2026-03-26T09:00"),
    )
    due = CAL.add(received, 5, "working_days")
    left = CAL.working_days_between(paused.date(), due.date())
    assert CAL.extend_for_pause(due, paused, resumed, "working_days") == CAL.add(
        resumed, left, "working_days"
    )


def test_a_pause_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="a pause cannot end before it starts"):
        CAL.extend_for_pause(
            at("2026-01-19T16:00"), at("2026-01-15T09:00"), at("2026-01-14T09:00"), "hours"
        )
    with pytest.raises(ValueError, match="unknown unit 'weeks'"):
        CAL.extend_for_pause(
            at("2026-01-19T16:00"), at("2026-01-14T09:00"), at("2026-01-15T09:00"), "weeks"
        )


def test_a_pause_moves_by_a_whole_number_of_minutes_for_minute_deadlines():
    due = at("2026-01-12T11:45")  # 15 minutes from 11:30
    moved = CAL.extend_for_pause(due, at("2026-01-12T11:35"), at("2026-01-12T11:40"), "minutes")
    assert moved == due + timedelta(minutes=5)
