"""Periodic: delete staff notifications past their keeping time (read ones after
LOKET_STAFF_NOTICE_READ_KEEP_DAYS days, every one after LOKET_STAFF_NOTICE_KEEP_DAYS), in
batches. Idempotent; `--dry-run` counts what it would delete and deletes nothing."""

from django.core.management.base import BaseCommand

from loket.notify.jobs import prune_staff_notifications


class Command(BaseCommand):
    help = "Delete old staff notifications (read ones after 90 days, all after 365; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, **options):
        deleted = prune_staff_notifications(dry_run=options["dry_run"])
        if options["verbosity"]:
            verb = "would delete" if options["dry_run"] else "deleted"
            self.stdout.write(f"{verb} {deleted} staff notifications")
