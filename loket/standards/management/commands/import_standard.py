from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.standards.importer import ImportFailed, import_standard


class Command(BaseCommand):
    help = (
        "Import a service standard in the SIPPN text layout as a draft (idempotent). "
        "Reports what it could not place and the values to confirm before publishing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--office", help="Office code (slug); default: match the header.")

    def handle(self, *args, file: Path, office=None, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            outcome = import_standard(data, office_slug=office)
        except ImportFailed as exc:
            raise CommandError(f"{file}: {exc} Nothing was imported.") from exc
        standard, parsed = outcome.standard, outcome.parsed
        self.stdout.write(
            f"{outcome.status}: {outcome.service.office.name} / {outcome.service.name}, "
            f"version {standard.version} ({standard.get_status_display()})"
        )
        self.stdout.write(
            f"  {len(parsed.fields['requirements'])} requirements, "
            f"{len(parsed.fields['procedure'])} procedure steps, "
            f"{len(parsed.fields['complaint_channels'])} complaint channels, "
            f"{len(parsed.fields['complaint_flow'])} flow steps, "
            f"{len(parsed.fields['complaint_classes'])} deadline classes"
        )
        for note in parsed.notes:
            self.stdout.write(f"  note: {note}")
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"  to confirm: {warning}"))
        for line in parsed.unplaced:
            self.stdout.write(self.style.WARNING(f"  not placed: {line}"))
