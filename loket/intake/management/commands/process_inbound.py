"""Periodic: process every stored inbound message not yet processed (a claim per row, so
it may run beside the task worker; idempotent)."""

from django.core.management.base import BaseCommand

from loket.intake.jobs import process_inbound


class Command(BaseCommand):
    help = "Process stored WhatsApp, e-mail and LAPOR! messages (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000)

    def handle(self, *args, **options):
        done = process_inbound(limit=options["limit"])
        if options["verbosity"]:
            self.stdout.write(f"inbound messages processed: {done}")
