"""Periodic job: delete the report exports prepared in the background once they expire
(`LOKET_EXPORT_KEEP_HOURS` after they finished), with their files, and mark failed those a
worker never finished. Idempotent; run it every few minutes, for example from the
Makefile's PERIODIC list, cron or a systemd timer. `--dry-run` counts and changes nothing."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from loket.reports.jobs import purge_report_exports
from loket.reports.selectors import expired_export_count


class Command(BaseCommand):
    help = "Delete the expired report exports and their files."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, **options):
        if options["dry_run"]:
            count = expired_export_count(timezone.now())
            self.stdout.write(f"{count} expired export(s) would be deleted.")
            return
        deleted, failed = purge_report_exports()
        if options["verbosity"] > 1:
            self.stdout.write(f"{deleted} export(s) deleted, {failed} marked failed.")
