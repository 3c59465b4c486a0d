"""Every change to a complaint: one verb per function, each in a transaction, checking the
transition is allowed (`ComplaintError` otherwise), writing its `Event` with the actor
passed explicitly and queueing its messages in the outbox.

The clock (UU 25/2009; seed "Jangka Waktu Penyelesaian Pengaduan"): the class chosen at
verification gives the deadline through the office's working-day calendar, counted from
receipt; a request for completion stops the clock and the complainant's answer restarts
it, moving the deadline by exactly the office time the pause covered
(`OfficeCalendar.extend_for_pause`). Deadlines are stored and recomputed from scratch
(receipt + class + finished pauses) whenever an input changes, including the calendar.
"""

import logging

from .after_answer import (
    DEFAULT_AUTO_CLOSE_WORKING_DAYS,
    auto_close_days,
    close,
    rate,
    reopen,
    reply,
)
from .clock import DUE_SOON_SHARE, classes_for, compute_due
from .personal_data import open_attachment, personal_data_log, view_personal_data
from .receipt import Upload, submit
from .rules import TRANSITIONS, ComplaintError, S, allowed
from .team import add_note, answer, assign, team_members
from .verification import (
    classify,
    complete,
    forward,
    mark_not_authority,
    reclassify,
    reject_duplicate,
    request_completion,
)

logger = logging.getLogger("loket.complaints")

__all__ = [
    "DEFAULT_AUTO_CLOSE_WORKING_DAYS",
    "DUE_SOON_SHARE",
    "TRANSITIONS",
    "ComplaintError",
    "S",
    "Upload",
    "add_note",
    "allowed",
    "answer",
    "assign",
    "auto_close_days",
    "classes_for",
    "classify",
    "close",
    "complete",
    "compute_due",
    "forward",
    "mark_not_authority",
    "open_attachment",
    "personal_data_log",
    "rate",
    "reclassify",
    "reject_duplicate",
    "reopen",
    "reply",
    "request_completion",
    "submit",
    "team_members",
    "view_personal_data",
]
