"""Benchmark of the working-day clock: 100,000 mixed deadlines on precomputed calendars.

    python bench/workdays_deadlines.py [--n 100000] [--seed 2026] [--budget 1.0]

Four office calendars (the national default in Asia/Pontianak; WITA with Saturday hours
and a Ramadan schedule; WIT with office closings and a day declared working; WIB with
shorter Friday hours) each get their year tables built first (timed apart: that is
done once per office and year, then kept by `calendar_for`). Then N deadlines are computed
from random receipts over 2025-2026: about half in office hours (3, 5, 15 minutes' worth up
to 40 hours), half in working days (1 to 60), on random calendars. Inputs are made before
the clock starts, so only the deadline arithmetic is timed. Exits 1 when the run takes
longer than the budget. Pure Python: no database, no Django settings.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Imported after the path set-up above, so the script runs from any directory.
from loket.workdays.calendar import (
    DEFAULT_HOURS,
    OfficeCalendar,
    ScheduleOverride,
)


def calendars() -> dict[str, OfficeCalendar]:
    saturday = dict(DEFAULT_HOURS) | {5: ((clock(8, 0), clock(12, 0)),)}
    ramadan = ScheduleOverride(
        first=date(2026, 2, 18),
        last=date(2026, 3, 19),
        hours={w: ((clock(8, 0), clock(12, 0)), (clock(12, 30), clock(15, 0))) for w in range(5)},
    )
    short_friday = dict(DEFAULT_HOURS) | {4: ((clock(7, 30), clock(11, 0)),)}
    return {
        "national (Asia/Pontianak)": OfficeCalendar(),
        "WITA, Saturday hours, Ramadan": OfficeCalendar(
            tz="Asia/Makassar", weekly_hours=saturday, schedule_overrides=[ramadan]
        ),
        "WIT, closings and a working day": OfficeCalendar(
            tz="Asia/Jayapura",
            closed_days={date(2025, 4, 7), date(2025, 12, 29), date(2026, 6, 2)},
            open_days={date(2026, 3, 23)},
        ),
        "WIB, short Friday": OfficeCalendar(tz="Asia/Jakarta", weekly_hours=short_friday),
    }


def receipts(n: int, rng: random.Random) -> list[datetime]:
    start = datetime(2025, 1, 1, tzinfo=UTC) - timedelta(hours=9)
    span = int(timedelta(days=730).total_seconds())
    return [start + timedelta(seconds=rng.randrange(span)) for _ in range(n)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--budget", type=float, default=1.0, help="seconds allowed")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    cals = list(calendars().values())
    for cal in cals:
        for year in (2025, 2026, 2027):  # 60 working days from late 2026 reach 2027
            cal.is_working_day(date(year, 1, 1))
    build = time.perf_counter() - t0

    hour_amounts = [timedelta(minutes=m) for m in (15, 180, 300, 480, 1200, 2400)]
    day_amounts = [1, 3, 5, 10, 14, 60]
    jobs = []
    for received in receipts(args.n, rng):
        cal = cals[rng.randrange(len(cals))]
        if rng.random() < 0.5:
            jobs.append((cal.add_office_hours, received, rng.choice(hour_amounts)))
        else:
            jobs.append((cal.add_working_days, received, rng.choice(day_amounts)))

    t0 = time.perf_counter()
    results = [fn(received, amount) for fn, received, amount in jobs]
    elapsed = time.perf_counter() - t0

    # The examples, so a fast wrong answer cannot pass.
    national = cals[0]
    wib = national.tz
    checks = [
        (national.add_working_days(datetime(2026, 3, 16, 10, tzinfo=wib), 5),
         "2026-03-30T16:00:00+07:00"),
        (national.add_working_days(datetime(2026, 5, 26, 11, tzinfo=wib), 5),
         "2026-06-05T16:30:00+07:00"),
        (national.add_office_hours(datetime(2026, 1, 15, 15, tzinfo=wib), timedelta(hours=3)),
         "2026-01-19T09:30:00+07:00"),
    ]  # fmt: skip
    wrong = [(got.isoformat(), want) for got, want in checks if got.isoformat() != want]
    assert all(due >= received for (_fn, received, _a), due in zip(jobs, results, strict=True))

    print(f"calendars: {len(cals)}; year tables 2025-2027 built in {build * 1000:.1f} ms")
    print(
        f"{len(results):,} deadlines ({sum(fn.__name__ == 'add_working_days' for fn, *_ in jobs):,}"
        f" in working days, the rest in office hours) in {elapsed:.3f} s"
        f" = {elapsed / len(results) * 1e6:.2f} µs each"
    )
    if wrong:
        print(f"WRONG: {wrong}")
        return 1
    if elapsed > args.budget:
        print(f"over budget: {elapsed:.3f} s > {args.budget:.3f} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
