"""`manage.py deadline`: one ISO-8601 line for good input, a one-line error and a non-zero
exit for bad input."""

from datetime import date

import pytest
import time_machine
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from loket.offices.tests.factories import OfficeFactory, UserFactory
from loket.workdays import services

pytestmark = pytest.mark.django_db

# The answers never depend on today; the clock is frozen far from the dates asked about.
FROZEN = "2026-11-28 04:00:00+00:00"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(FROZEN, tick=False):
        yield


def deadline(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--received", "2026-03-16T10:00", "--days", "5"), "2026-03-30T16:00:00+07:00"),
        (("--received", "2026-05-26T11:00", "--days", "5"), "2026-06-05T16:30:00+07:00"),
        (("--received", "2026-01-15T15:00", "--hours", "3"), "2026-01-19T09:30:00+07:00"),
    ],
)
def test_it_prints_the_issue_examples_as_one_iso_line(args, expected):
    assert deadline(*args) == expected + "\n"


def test_an_explicit_offset_is_honoured():
    # 08:00 UTC is 15:00 in Pontianak: the same receipt as the third example.
    assert deadline("--received", "2026-01-15T08:00Z", "--hours", "3").strip() == (
        "2026-01-19T09:30:00+07:00"
    )
    # 16:00 in Makassar (+08:00) is 15:00 in Pontianak.
    assert deadline("--received", "2026-01-15T16:00+08:00", "--hours", "3").strip() == (
        "2026-01-19T09:30:00+07:00"
    )


def test_zero_is_the_receipt_itself():
    assert deadline("--received", "2026-01-15T15:00", "--days", "0").strip() == (
        "2026-01-15T15:00:00+07:00"
    )


def test_a_naive_time_is_read_in_the_offices_zone_and_printed_with_its_offset():
    OfficeFactory(slug="kantor-jayapura", timezone="Asia/Jayapura")
    assert deadline(
        "--received", "2026-01-15T15:00", "--hours", "3", "--office", "kantor-jayapura"
    ).strip() == ("2026-01-19T09:30:00+09:00")


def test_the_offices_own_closing_day_counts():
    office = OfficeFactory(slug="kantor-banjir")
    root = UserFactory(username="root", is_superuser=True)
    services.add_calendar_override(
        actor=root, office=office, day=date(2026, 3, 17), kind="closed", reason="Banjir"
    )
    args = ("--received", "2026-03-16T10:00", "--days", "5")
    assert deadline(*args).strip() == "2026-03-30T16:00:00+07:00"
    assert deadline(*args, "--office", "kantor-banjir").strip() == "2026-03-31T16:00:00+07:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--received", "kemarin", "--days", "5"), "cannot read the time"),
        (("--received", "2026-02-30T10:00", "--days", "5"), "cannot read the time"),
        (("--received", "2026-03-16T10:00", "--days", "-1"), "cannot be negative"),
        (("--received", "2026-03-16T10:00", "--hours", "-3"), "cannot be negative"),
        (("--received", "2026-03-16T10:00", "--hours", "tiga"), "not a whole number"),
        (("--received", "2026-03-16T10:00", "--days", "1000000"), "too large"),
        (("--received", "2026-03-16T10:00", "--days", "5", "--hours", "3"), "exactly one"),
        (("--received", "2026-03-16T10:00"), "exactly one"),
        (("--received", "2026-03-16T10:00", "--days", "5", "--office", "tidak-ada"), "unknown"),
    ],
)
def test_bad_input_is_a_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        deadline(*args)


def test_bad_input_exits_non_zero_with_one_line_on_stderr(capsys):
    utility = ManagementUtility(
        ["manage.py", "deadline", "--received", "2026-03-16T10:00", "--days", "-2"]
    )
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().count("\n") == 0
    assert "cannot be negative" in captured.err


def test_a_missing_received_exits_non_zero(capsys):
    utility = ManagementUtility(["manage.py", "deadline", "--days", "2"])
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code != 0


def _naive_working_days(received: date, days: int) -> str:
    """An independent day-by-day count straight from the holiday data: Monday-Friday,
    minus libur nasional and cuti bersama; due at 16:00 (16:30 on a Friday)."""
    import holidays

    closed = holidays.country_holidays(
        "ID", categories=("public", "government"), years=range(2025, 2028)
    )
    day, left = received, days
    while left:
        day = date.fromordinal(day.toordinal() + 1)
        if day.weekday() < 5 and day not in closed:
            left -= 1
    closing = "16:30" if day.weekday() == 4 else "16:00"
    return f"{day.isoformat()}T{closing}:00+07:00"


@pytest.mark.parametrize("days", [1, 5, 14, 60])
def test_the_command_agrees_with_a_day_by_day_count_over_2025_and_2026(days):
    start = date(2025, 1, 1).toordinal()
    for ordinal in range(start, date(2026, 12, 31).toordinal() + 1, 3):
        received = date.fromordinal(ordinal)
        hour = ("07:00", "10:00", "12:30", "16:15", "23:59")[ordinal % 5]
        got = deadline("--received", f"{received.isoformat()}T{hour}", "--days", str(days))
        assert got.strip() == _naive_working_days(received, days), received
