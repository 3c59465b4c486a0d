"""The refusals of the complaint services: `loket.errors.DomainError` subclasses, each raised
with a stable `code` (the API's documented error code) and the `field` it concerns, its
message translated when shown."""

from __future__ import annotations

from loket.errors import DomainError


class ComplaintError(DomainError):
    """A change the rules of complaint handling do not allow."""

    default_code = "complaint_refused"


class InvalidInput(ComplaintError):
    """A value the caller sent is missing or wrong (`field` names it)."""

    default_code = "invalid"


class NotAllowed(ComplaintError):
    """The complaint's state does not allow the change (its status, an earlier rating...)."""

    default_code = "not_allowed"
