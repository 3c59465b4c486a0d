"""Log filters of the site's LOGGING (settings.py)."""

import logging

from .access_log import mask


class RefusalWithoutTraceback(logging.Filter):
    """A refused request (403: a colleague without the role, a CSRF failure) is routine: keep
    django.request's one-line warning, drop the traceback Django attaches to it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True


class SecretsMasked(logging.Filter):
    """Every log line without a citizen's secret in a path (`loket.site.access_log.mask`):
    django.request writes "Not Found: /pengaduan/<code>/" for a mistyped or guessed tracking
    code and "Internal Server Error: <path>" for a failure (issue 12, finding 7)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
