"""Periodic: erase personal data past its retention (UU 27/2022 PDP). Destructive, so it only
counts unless told `--commit` (the Makefile's periodic jobs pass it). Idempotent: a second run
finds nothing; batched: no table is locked for long."""

from django.core.management.base import BaseCommand

from loket.privacy import jobs, services


class Command(BaseCommand):
    help = "Erase personal data past each office's retention. Counts only unless --commit."

    def add_arguments(self, parser):
        parser.add_argument(
            "--commit", action="store_true", help="Erase for real (default: count only)."
        )
        parser.add_argument(
            "--batch", type=int, default=services.BATCH, help="Rows per transaction."
        )

    def handle(self, *args, **options):
        dry_run = not options["commit"]
        counts = jobs.purge_personal_data(dry_run=dry_run, batch=options["batch"])
        if options["verbosity"]:
            verb = "would erase" if dry_run else "erased"
            text = ", ".join(f"{key} {value}" for key, value in sorted(counts.items()) if value)
            self.stdout.write(f"{verb}: {text or 'nothing'}")
