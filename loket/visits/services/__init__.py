"""Every state change of a visit: one verb per function, each in one transaction, locking the
visit row, checking the transition against `models.TRANSITIONS` (a `VisitError` with a code
otherwise), writing its `VisitEvent` through `loket.events.record_event` with the actor passed
explicitly (None for the visitor or a periodic job), and queueing e-mails in the notify outbox,
so a message leaves only if the change commits. Every service takes `now` (default: now).

`__all__` is the contract other code calls; the modules behind it are split by use case:
rules (refusals, transitions, events), lookup (token, booking code), clock (the office's
today, the administration clock, bookable moments), arrival (book, walk in, check in),
reception (requirement check, routing), division (call, start, notes, end, hand over),
endings (cancel, walk out, no-show), privacy (the office's personal-data settings), slots
(booking capacity per slot and division), schedule (rescheduling, the day-before reminder)
and kiosks (the office's provisioned reception kiosks).
"""

from ..codes import normalize_code
from . import retention
from .arrival import GuestBookEntry, Upload, book, check_in, register_walk_in
from .clock import (
    AdminClock,
    admin_clocks,
    admin_elapsed,
    admin_limit,
    arrival_problem,
    booking_day_problem,
    closed_notice,
    local_today,
    visit_time_problem,
)
from .division import call_next, end, hand_over, requeue, save_notes, start
from .endings import cancel, mark_no_show, walk_out
from .kiosks import (
    ENROLMENT_VALID,
    KioskRefused,
    add_kiosk,
    enrol_kiosk,
    kiosk_credential,
    kiosk_for,
    pending_enrolment,
    revoke_kiosk,
)
from .lookup import (
    absolute,
    new_token,
    survey_ticket,
    survey_url,
    visit_by_code,
    visit_by_survey_ticket,
    visit_by_token,
)
from .privacy import save_settings, settings_for
from .reception import missing_requirements, record_reception, requirement_list, route
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
from .schedule import remind, reminder_due, reschedule
from .slots import (
    SLOT_LENGTHS,
    SlotFull,
    capacities,
    capacity_rows,
    free_slots,
    set_capacity,
    slot_minutes,
    slot_problem,
    slot_start,
)

__all__ = [
    "DEFAULT_ADMIN_LIMIT",
    "EARLY_ARRIVAL",
    "ENROLMENT_VALID",
    "SLOT_LENGTHS",
    "AdminClock",
    "ArrivalRefused",
    "BookingUnusable",
    "ConsultationRefused",
    "GuestBookEntry",
    "KioskRefused",
    "OtherOffice",
    "SlotFull",
    "TransitionRefused",
    "Upload",
    "VisitError",
    "VisitTimeRefused",
    "absolute",
    "add_kiosk",
    "admin_clocks",
    "admin_elapsed",
    "admin_limit",
    "arrival_problem",
    "book",
    "booking_day_problem",
    "call_next",
    "cancel",
    "capacities",
    "capacity_rows",
    "check_in",
    "closed_notice",
    "end",
    "enrol_kiosk",
    "free_slots",
    "hand_over",
    "kiosk_credential",
    "kiosk_for",
    "local_today",
    "mark_no_show",
    "missing_requirements",
    "new_token",
    "normalize_code",
    "pending_enrolment",
    "record_reception",
    "register_walk_in",
    "remind",
    "reminder_due",
    "requeue",
    "requirement_list",
    "reschedule",
    "retention",
    "revoke_kiosk",
    "route",
    "save_notes",
    "save_settings",
    "set_capacity",
    "settings_for",
    "slot_minutes",
    "slot_problem",
    "slot_start",
    "start",
    "survey_ticket",
    "survey_url",
    "visit_by_code",
    "visit_by_survey_ticket",
    "visit_by_token",
    "visit_time_problem",
    "walk_out",
]
