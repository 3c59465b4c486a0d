"""Periodic: close answered complaints the complainant did not reply to within the office's
number of working days (default 10, SP4N-LAPOR! practice). Idempotent."""

from django.core.management.base import BaseCommand

from loket.complaints.jobs import close_answered


class Command(BaseCommand):
    help = "Close answered complaints without a reply after N working days (idempotent)."

    def handle(self, *args, **options):
        closed = close_answered()
        if options["verbosity"]:
            self.stdout.write(f"closed {closed} answered complaints")
