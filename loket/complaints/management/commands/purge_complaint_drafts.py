"""Periodic: delete evidence uploaded to the web form by citizens who never sent their
complaint (older than a session can live). Idempotent."""

from django.core.management.base import BaseCommand

from loket.complaints.jobs import purge_drafts


class Command(BaseCommand):
    help = "Delete abandoned web-form uploads older than the session lifetime (idempotent)."

    def handle(self, *args, **options):
        deleted = purge_drafts()
        if options["verbosity"]:
            self.stdout.write(f"deleted {deleted} abandoned uploads")
