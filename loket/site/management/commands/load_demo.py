from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from loket.site import demo


class Command(BaseCommand):
    help = "Load the demo office from the seed and one demo staff user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help="Load the office only, no demo logins."
        )

    def handle(self, *args, no_users=False, **options):
        if settings.LOKET_PRODUCTION and not no_users:
            raise CommandError("Refusing to create demo logins in production; use --no-users.")
        office = demo.load_demo_office()
        self.stdout.write(f"Demo office: {office.name} ({office.parent_name})")
        standard = demo.load_demo_standard(office)
        self.stdout.write(f"Service standard: {standard.service.name}, version {standard.version}")
        if no_users:
            return
        users = demo.load_demo_users(office)
        self.stdout.write(f"Demo staff logins (password for all: {demo.DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(f"  {user.username:<10} {user.role}")
