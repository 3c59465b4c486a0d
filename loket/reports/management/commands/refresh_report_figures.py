"""Periodic job: rebuild the reports' daily summary rows of every office (the public
statistics page reads them). Idempotent; run it every few minutes, for example from the
Makefile's PERIODIC list, cron or a systemd timer. It writes only the reports' own tables."""

from django.core.management.base import BaseCommand

from loket.reports.jobs import refresh_report_figures


class Command(BaseCommand):
    help = "Rebuild the daily summary rows of the reports (every office)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Months to rebuild, this one included (default: 13 the first time, then 2).",
        )

    def handle(self, *args, **options):
        if options["months"] is not None and not 1 <= options["months"] <= 120:
            self.stderr.write("--months must be between 1 and 120.")
            raise SystemExit(2)
        written = refresh_report_figures(months=options["months"])
        if options["verbosity"] > 1:
            self.stdout.write(f"{written} day row(s) written.")
