"""Log filters and formatters of the site's LOGGING (settings.py)."""

import logging
import re
import time

from pythonjsonlogger.json import JsonFormatter

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


# C0 control characters and DEL: a newline in a message would forge a log line of its own.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def _escaped(text: str) -> str:
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class UtcText(logging.Formatter):
    """One line per record: the UTC time (ISO 8601, "Z"), the level, the logger and the
    message with its control characters escaped ("\\n", "\\x1b"), so no value a client
    sent (a path, a header, a name) can forge a line (OWASP ASVS 4.0.3 V7.3.1, V7.3.4). A
    traceback, which the formatter appends itself, keeps its lines."""

    converter = time.gmtime

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s", datefmt=UTC_FORMAT)

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = _escaped(record.message)
        return super().formatMessage(record)


class UtcJson(JsonFormatter):
    """python-json-logger's object per line with its time in UTC (ISO 8601, "Z")."""

    converter = time.gmtime

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("datefmt", UTC_FORMAT)
        super().__init__(*args, **kwargs)
