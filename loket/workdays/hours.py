"""Office hours. The default is Perpres 21/2023 (37.5 hours a week from 07:30 local time,
a 60-minute break Mon-Thu and 90 minutes on Friday)."""

from datetime import time

from django.utils.translation import gettext_lazy as _

# weekday (Monday = 0) -> ordered, non-overlapping (start, end) intervals; breaks excluded.
DEFAULT_HOURS: dict[int, tuple[tuple[time, time], ...]] = {
    0: ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0))),
    1: ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0))),
    2: ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0))),
    3: ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0))),
    4: ((time(7, 30), time(11, 30)), (time(13, 0), time(16, 30))),
    5: (),
    6: (),
}


def weekly_hours(office) -> dict[int, tuple[tuple[time, time], ...]]:
    """The office's regular weekly hours (weekday -> intervals)."""
    return DEFAULT_HOURS


WEEKDAY_NAMES = (
    _("Senin"),
    _("Selasa"),
    _("Rabu"),
    _("Kamis"),
    _("Jumat"),
    _("Sabtu"),
    _("Minggu"),
)


def hours_table(office) -> list[dict]:
    """Rows for display: consecutive weekdays with the same hours are grouped
    ("Senin - Kamis")."""
    hours = weekly_hours(office)
    rows: list[dict] = []
    for weekday in range(7):
        intervals = hours.get(weekday, ())
        if rows and rows[-1]["intervals"] == intervals:
            rows[-1]["last"] = weekday
            continue
        rows.append({"first": weekday, "last": weekday, "intervals": intervals})
    for row in rows:
        first, last = WEEKDAY_NAMES[row["first"]], WEEKDAY_NAMES[row["last"]]
        row["days"] = first if row["first"] == row["last"] else f"{first} – {last}"
    return rows
