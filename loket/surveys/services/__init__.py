"""Every change of the survey app. Other apps call only what `__all__` lists:

- `issue_token_for_visit(visit_id, office, service=None, now=None) -> path` when a visit ends
  (the visitor's page, the kiosk ticket QR code, the outcome e-mail), and
  `issue_token_for_complaint(complaint_id, office, service=None, now=None) -> path` when a
  complaint closes (its closing message). Both are idempotent and return the same path for
  the same id; prefix `settings.SITE_URL` for a link outside the site.

  The token rows are also the survey's count of the people served: a period's computed
  population (`selectors.computed_population`) is the tokens issued in it. So the visits app
  issues a visit's token when the visit finishes (not only when its link is shown) and the
  complaints app when a complaint closes, each with its service.
"""

from .errors import TOKEN_UNKNOWN, TOKEN_USED, SurveyError
from .periods import (
    PlanRow,
    bounds,
    close_period,
    open_period,
    publish_period,
    save_plan,
    set_population,
)
from .responses import (
    SUGGESTION_MAX,
    Answers,
    PaperRow,
    check,
    check_paper_date,
    closed_period_covering,
    enter_paper,
    import_paper,
    moderate,
    review_held,
    submit_by_token,
    submit_kiosk,
    submit_without_token,
)
from .tokens import (
    TokenState,
    hash_token,
    issue_token_for_complaint,
    issue_token_for_visit,
    token_state,
)

__all__ = [
    "SUGGESTION_MAX",
    "TOKEN_UNKNOWN",
    "TOKEN_USED",
    "Answers",
    "PaperRow",
    "PlanRow",
    "SurveyError",
    "TokenState",
    "bounds",
    "check",
    "check_paper_date",
    "close_period",
    "closed_period_covering",
    "enter_paper",
    "hash_token",
    "import_paper",
    "issue_token_for_complaint",
    "issue_token_for_visit",
    "moderate",
    "open_period",
    "publish_period",
    "review_held",
    "save_plan",
    "set_population",
    "submit_by_token",
    "submit_kiosk",
    "submit_without_token",
    "token_state",
]
