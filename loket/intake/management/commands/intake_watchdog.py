"""Periodic: report inbound messages stuck in received or failed and mailboxes not polled
(a log line at WARNING each, an event on each stuck message once). Exit status 1 when
anything is wrong, so a scheduler can alert."""

from django.core.management.base import BaseCommand

from loket.intake.jobs import watchdog


class Command(BaseCommand):
    help = "Report inbound messages stuck and mailboxes not polled."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fail", action="store_true", help="exit with status 1 when something is wrong"
        )

    def handle(self, *args, **options):
        report = watchdog()
        for line in report.lines():
            self.stdout.write(line)
        if options["fail"] and not report.ok:
            raise SystemExit(1)
