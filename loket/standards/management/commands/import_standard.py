from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from loket.standards.services import ImportFailed, import_standards


class Command(BaseCommand):
    help = (
        "Import a service standard in the SIPPN text layout as a draft, one per service of the "
        "text (idempotent). Reports the share of the text placed, what it could not place and "
        "the values to confirm before publishing. --create-office onboards the office from the "
        "text's header."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--office", help="Office code (slug); default: match the header.")
        parser.add_argument(
            "--create-office",
            action="store_true",
            help="Create the office from the header (name, parent, address, postal code, "
            "phone, e-mail); --office gives its code.",
        )
        parser.add_argument(
            "--timezone",
            choices=["Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"],
            help="Time zone of a created office (default Asia/Jakarta, flagged to confirm).",
        )

    def handle(self, *args, file: Path, office=None, create_office=False, timezone=None, **options):
        translation.activate("id")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            outcomes = import_standards(
                data, office_slug=office, create_office=create_office, timezone_name=timezone
            )
        except ImportFailed as exc:
            raise CommandError(f"{file}: {exc} Nothing was imported.") from exc
        if create_office and outcomes:
            created = outcomes[0].service.office
            self.stdout.write(f"office created: {created.name} ({created.slug})")
        for outcome in outcomes:
            self._report(outcome)

    def _report(self, outcome):
        standard, parsed = outcome.standard, outcome.parsed
        f = parsed.fields
        self.stdout.write(
            f"{outcome.status}: {outcome.service.office.name} / {outcome.service.name}, "
            f"version {standard.version} ({standard.get_status_display()}), "
            f"{parsed.placed_percent}% of the text placed"
        )
        self.stdout.write(
            f"  {len(f['requirements'])} requirements, "
            f"{len(f['procedure'])} procedure steps, "
            f"{len(f['complaint_channels'])} complaint channels, "
            f"{len(f['complaint_flow'])} flow steps, "
            f"{len(f['complaint_classes'])} deadline classes"
        )
        for note in parsed.notes:
            self.stdout.write(f"  note: {note}")
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"  to confirm: {warning}"))
        for line in parsed.unplaced:
            self.stdout.write(self.style.WARNING(f"  not placed: {line}"))
