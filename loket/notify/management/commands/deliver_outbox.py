from django.core.management.base import BaseCommand

from loket.notify.delivery import deliver_due


class Command(BaseCommand):
    help = "Send every outbox message that is due (idempotent; safe to run from several hosts)."

    def handle(self, *args, **options):
        sent = deliver_due()
        if options["verbosity"] > 0:
            self.stdout.write(f"{sent} sent")
