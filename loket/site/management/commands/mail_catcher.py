import logging
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from loket.site import devmail


class Command(BaseCommand):
    help = (
        "Development only: an SMTP server on EMAIL_HOST:EMAIL_PORT that stores every message "
        "in LOKET_DEV_MAILBOX for the page /dev/surat/ (`make run` starts it)."
    )

    def handle(self, *args, **options):
        if settings.LOKET_PRODUCTION or not settings.LOKET_DEV_MAILBOX:
            raise CommandError("The mail catcher is for development: set LOKET_DEV_MAILBOX.")
        directory = Path(settings.LOKET_DEV_MAILBOX)
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-connection chatter
        host, port = settings.EMAIL_HOST, settings.EMAIL_PORT
        try:
            controller = devmail.catcher(directory, host=host, port=port)
        except ImportError as error:  # the dev extra is not installed
            raise CommandError(
                "The mail catcher needs aiosmtpd: pip install -e '.[dev]'."
            ) from error
        except OSError as error:
            raise CommandError(
                f"The mail catcher cannot listen on {host}:{port}: {error}"
            ) from error
        self.stdout.write(f"Mail catcher on {host}:{port}: every mail sent is at /dev/surat/")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
