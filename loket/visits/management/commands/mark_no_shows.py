"""Periodic job: bookings not checked in by the closing time of their day become no-shows.

Idempotent (each visit is claimed with a conditional update); run it every few minutes, for
example from the Makefile's PERIODIC list, cron or a systemd timer."""

from django.core.management.base import BaseCommand

from loket.visits.services import mark_no_shows


class Command(BaseCommand):
    help = "Mark bookings not checked in by their day's closing time as no-shows."

    def handle(self, *args, **options):
        marked = mark_no_shows()
        if options["verbosity"] > 1 or marked:
            self.stdout.write(f"{marked} booking(s) marked as no-show.")
