"""Periodic job: the e-mail reminder the day before a booking (from 07:00 office time).

Idempotent (each booking is claimed with a conditional update, so it is reminded once); run it
every few minutes with the other periodic jobs (cron, a systemd timer or the Makefile's
PERIODIC list). `--dry-run` lists the bookings it would remind and changes nothing."""

from django.core.management.base import BaseCommand

from loket.visits.jobs import remind_bookings


class Command(BaseCommand):
    help = "E-mail a reminder to visitors whose booking is tomorrow (office time)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the bookings that would be reminded; change and send nothing.",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        run = remind_bookings(dry_run=dry_run)
        if dry_run or options["verbosity"] > 1:
            for visit in run.reminded:
                self.stdout.write(
                    f"{visit.office.slug} {visit.booking_code} {visit.preferred_date.isoformat()}"
                )
        if dry_run:
            self.stdout.write(f"{len(run.reminded)} booking(s) would be reminded.")
        elif options["verbosity"] > 1 or run.reminded:
            self.stdout.write(f"{len(run.reminded)} booking(s) reminded.")
