"""Periodic: delete evidence uploaded to the web form by citizens who never sent their
complaint (older than a session can live). Idempotent; `--dry-run` counts what it would
delete and deletes nothing."""

from django.core.management.base import BaseCommand

from loket.complaints.jobs import purge_drafts


class Command(BaseCommand):
    help = "Delete abandoned web-form uploads older than the session lifetime (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, **options):
        deleted = purge_drafts(dry_run=options["dry_run"])
        if options["verbosity"]:
            verb = "would delete" if options["dry_run"] else "deleted"
            self.stdout.write(f"{verb} {deleted} abandoned uploads")
