"""Periodic: the staff's daily e-mail digest of complaints due today and overdue, from 07:00
office time, to those who opted in. Idempotent: run it as often as you like, each person gets
one digest per office and office-day."""

from django.core.management.base import BaseCommand

from loket.complaints.jobs import send_staff_digests


class Command(BaseCommand):
    help = "Send the daily staff digest of due and overdue complaints (once per day)."

    def handle(self, *args, **options):
        sent = send_staff_digests()
        if options["verbosity"]:
            self.stdout.write(f"staff digests: {sent} sent")
