"""The refusals of the standards app: a stable code and a lazily translated message."""

from __future__ import annotations

from loket.errors import DomainError


class StandardError(DomainError):
    """A change that the rules of service standards do not allow."""

    default_code = "standard_refused"


class ImportFailed(StandardError):
    """The text is not a service standard in the SIPPN layout; nothing was written."""

    default_code = "import_failed"
