from django.utils.translation import gettext_lazy as _

from loket.errors import DomainError


class SurveyError(DomainError):
    """A survey action the rules do not allow (code + lazily translated message)."""

    default_code = "survey_invalid"


TOKEN_USED = "token_used"  # noqa: S105 - an error code, not a secret
TOKEN_UNKNOWN = "token_unknown"  # noqa: S105


def token_used() -> SurveyError:
    return SurveyError(_("Tautan survei ini sudah dipakai."), code=TOKEN_USED)


def token_unknown() -> SurveyError:
    return SurveyError(_("Tautan survei ini tidak dikenal."), code=TOKEN_UNKNOWN)
