from loket.errors import DomainError


class AccountError(DomainError):
    """A refusal of an accounts service (wrong code, 2FA still required, ...)."""

    default_code = "account_refused"
