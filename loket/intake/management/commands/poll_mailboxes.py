"""Periodic: fetch new mail of every active IMAP mailbox (by UID; idempotent)."""

from django.core.management.base import BaseCommand

from loket.intake.jobs import poll_mailboxes


class Command(BaseCommand):
    help = "Poll every office's IMAP mailbox and store new messages (idempotent)."

    def handle(self, *args, **options):
        results = poll_mailboxes()
        if options["verbosity"]:
            for account, result in results.items():
                self.stdout.write(f"mailbox {account}: {result}")
            if not results:
                self.stdout.write("no mailbox configured")
