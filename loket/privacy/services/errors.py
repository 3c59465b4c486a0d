"""The refusals of the privacy services (`loket.errors.DomainError`, each with a code)."""

from __future__ import annotations

from loket.errors import DomainError


class PrivacyError(DomainError):
    default_code = "privacy_refused"
