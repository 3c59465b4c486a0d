"""Log filters of the site's LOGGING (settings.py)."""

import logging


class RefusalWithoutTraceback(logging.Filter):
    """A refused request (403: a colleague without the role, a CSRF failure) is routine: keep
    django.request's one-line warning, drop the traceback Django attaches to it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
