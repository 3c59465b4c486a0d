"""Periodic job: bookings not checked in by the closing time of their day become no-shows.

Idempotent (each visit is claimed with a conditional update); run it every few minutes, for
example from the Makefile's PERIODIC list, cron or a systemd timer. `--dry-run` lists the
bookings it would mark and changes nothing."""

from django.core.management.base import BaseCommand

from loket.visits.jobs import mark_no_shows


class Command(BaseCommand):
    help = "Mark bookings not checked in by their day's closing time as no-shows."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the bookings that would be marked; change nothing.",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        run = mark_no_shows(dry_run=dry_run)
        if dry_run or options["verbosity"] > 1:
            for visit in run.marked:
                self.stdout.write(
                    f"{visit.office.slug} {visit.booking_code} {visit.preferred_date.isoformat()}"
                )
        if dry_run:
            self.stdout.write(f"{len(run.marked)} booking(s) would be marked as no-show.")
        elif options["verbosity"] > 1 or run.marked:
            self.stdout.write(f"{len(run.marked)} booking(s) marked as no-show.")
