"""Periodic: close answered complaints the complainant did not reply to within the office's
number of working days (default 10, SP4N-LAPOR! practice). Idempotent; `--dry-run` counts
what it would close and changes nothing."""

from django.core.management.base import BaseCommand

from loket.complaints.jobs import close_answered


class Command(BaseCommand):
    help = "Close answered complaints without a reply after N working days (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be closed; change nothing."
        )

    def handle(self, *args, **options):
        closed = close_answered(dry_run=options["dry_run"])
        if options["verbosity"]:
            verb = "would close" if options["dry_run"] else "closed"
            self.stdout.write(f"{verb} {closed} answered complaints")
