"""Every state change of a visit: one verb per function, each in one transaction, locking the
visit row, checking the transition against `models.TRANSITIONS` (a `VisitError` with a code
otherwise), writing its `VisitEvent` through `loket.events.record_event` with the actor passed
explicitly (None for the visitor or a periodic job), and queueing e-mails in the notify outbox,
so a message leaves only if the change commits. Every service takes `now` (default: now).

`__all__` is the contract other code calls; the modules behind it are split by use case:
rules (refusals, transitions, events), lookup (token, booking code), clock (the office's
today, the administration clock, bookable moments), arrival (book, walk in, check in),
reception (requirement check, routing), division (call, start, notes, end, hand over),
endings (cancel, walk out, no-show) and privacy (the office's personal-data settings).
"""

from ..codes import normalize_code
from .arrival import GuestBookEntry, Upload, book, check_in, register_walk_in
from .clock import (
    AdminClock,
    admin_clocks,
    admin_elapsed,
    admin_limit,
    arrival_problem,
    booking_day_problem,
    local_today,
    visit_time_problem,
)
from .division import call_next, end, hand_over, requeue, save_notes, start
from .endings import cancel, mark_no_show, walk_out
from .lookup import absolute, new_token, survey_url, visit_by_code, visit_by_token
from .privacy import save_settings, settings_for
from .reception import record_reception, requirement_list, route
from .rules import (
    DEFAULT_ADMIN_LIMIT,
    EARLY_ARRIVAL,
    ArrivalRefused,
    BookingUnusable,
    ConsultationRefused,
    OtherOffice,
    TransitionRefused,
    VisitError,
    VisitTimeRefused,
)

__all__ = [
    "DEFAULT_ADMIN_LIMIT",
    "EARLY_ARRIVAL",
    "AdminClock",
    "ArrivalRefused",
    "BookingUnusable",
    "ConsultationRefused",
    "GuestBookEntry",
    "OtherOffice",
    "TransitionRefused",
    "Upload",
    "VisitError",
    "VisitTimeRefused",
    "absolute",
    "admin_clocks",
    "admin_elapsed",
    "admin_limit",
    "arrival_problem",
    "book",
    "booking_day_problem",
    "call_next",
    "cancel",
    "check_in",
    "end",
    "hand_over",
    "local_today",
    "mark_no_show",
    "new_token",
    "normalize_code",
    "record_reception",
    "register_walk_in",
    "requeue",
    "requirement_list",
    "route",
    "save_notes",
    "save_settings",
    "settings_for",
    "start",
    "survey_url",
    "visit_by_code",
    "visit_by_token",
    "visit_time_problem",
    "walk_out",
]
