"""Print one deadline: `manage.py deadline --received 2026-03-16T10:00 --days 5 [--office SLUG]`.

The due time is printed as one ISO-8601 line with the office's offset, e.g.
``2026-03-30T16:00:00+07:00``. Without --office the national calendar and the Perpres
21/2023 default hours in Asia/Pontianak are used. A naive --received is read in the
office's zone; an explicit offset (``+08:00``, ``Z``) is honoured. Bad input exits non-zero
with a one-line message (CommandError).
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from loket.offices.services import office_by_slug
from loket.workdays.services import calendar_for

# Far beyond any real deadline (about 100 years); keeps a typo from running for minutes.
MAX_DAYS = 25_000
MAX_HOURS = 200_000


def _count(value: str, limit: int) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise CommandError(f"not a whole number: {value!r}") from exc
    if number < 0:
        raise CommandError(f"the count cannot be negative: {number}")
    if number > limit:
        raise CommandError(f"the count is too large: {number} (at most {limit})")
    return number


class Command(BaseCommand):
    help = "Print the due time of a deadline counted in working days or office hours."

    def add_arguments(self, parser):
        parser.add_argument(
            "--received",
            required=True,
            help="When the matter was received, ISO 8601 (naive = the office's local time).",
        )
        parser.add_argument("--days", help="Number of working days.")
        parser.add_argument("--hours", help="Number of office hours.")
        parser.add_argument(
            "--office", help="Office slug; without it the national default calendar."
        )

    def handle(self, *args, received, days, hours, office, **options):
        if (days is None) == (hours is None):
            raise CommandError("give exactly one of --days or --hours")
        if days is not None:
            amount, unit = _count(days, MAX_DAYS), "working_days"
        else:
            amount, unit = _count(hours, MAX_HOURS), "hours"
        try:
            moment = datetime.fromisoformat(received.strip())
        except ValueError as exc:
            raise CommandError(f"cannot read the time {received!r}; use 2026-03-16T10:00") from exc

        try:
            office_obj = None
            if office is not None:
                office_obj = office_by_slug(office)
                if office_obj is None:
                    raise CommandError(f"unknown office: {office!r}")
            calendar = calendar_for(office_obj)
        except DatabaseError as exc:
            raise CommandError(f"cannot read the calendar from the database: {exc}") from exc
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=calendar.tz)

        try:
            due = calendar.add(moment, amount, unit)
        except (ValueError, OverflowError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(due.isoformat())
