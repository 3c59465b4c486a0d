"""Every change to a complaint: one verb per function, each in a transaction, checking the
transition is allowed (a `ComplaintError` with a code otherwise), writing its event with the
actor passed explicitly and queueing its messages in the outbox. Every service takes
`now=None` (default `timezone.now()`).

`__all__` is the contract other apps call (intake adapters call `submit`; reports read
through `loket.complaints.selectors`). The modules of this package share their pieces
through `rules`, `clock` and `receipt`; other apps never import those directly.
"""

from ..errors import ComplaintError, InvalidInput, NotAllowed
from . import retention
from .after_answer import (
    DEFAULT_AUTO_CLOSE_WORKING_DAYS,
    auto_close_days,
    close,
    close_unanswered,
    may_reopen,
    rate,
    reopen,
    reply,
)
from .alerts import escalate_overdue, warn_due_soon
from .approval import (
    approve_answer,
    complaint_settings,
    open_draft,
    return_answer,
    submit_answer,
    update_complaint_settings,
)
from .clock import DUE_SOON_SHARE, ComplaintClass, classes_for, compute_due, recompute_deadline
from .digest import digest_items, send_digest
from .drafts import (
    delete_draft_file,
    discard_draft_files,
    expired_draft_files,
    keep_draft_upload,
    open_draft_upload,
)
from .inbound import append_inbound, mark_contact_undeliverable
from .personal_data import (
    may_view_identity,
    open_attachment,
    personal_data_log,
    view_personal_data,
)
from .receipt import Upload, check_incident_date, check_received_at, collects_nik, submit
from .rules import TRANSITIONS, allowed
from .saved_filters import MAX_SAVED_FILTERS, delete_filter, save_filter
from .team import add_note, answer, assign, may_assign, needs_approval, team_members
from .templates import (
    PLACEHOLDERS,
    check_body,
    delete_reply_template,
    fill_reply_template,
    reply_templates,
    save_reply_template,
)
from .verification import (
    classify,
    complete,
    forward,
    mark_not_authority,
    reclassify,
    reject_duplicate,
    request_completion,
    request_reclassification,
)

__all__ = [
    "DEFAULT_AUTO_CLOSE_WORKING_DAYS",
    "DUE_SOON_SHARE",
    "MAX_SAVED_FILTERS",
    "PLACEHOLDERS",
    "TRANSITIONS",
    "ComplaintClass",
    "ComplaintError",
    "InvalidInput",
    "NotAllowed",
    "Upload",
    "add_note",
    "allowed",
    "answer",
    "append_inbound",
    "approve_answer",
    "assign",
    "auto_close_days",
    "check_body",
    "check_incident_date",
    "check_received_at",
    "classes_for",
    "classify",
    "close",
    "close_unanswered",
    "collects_nik",
    "complaint_settings",
    "complete",
    "compute_due",
    "delete_draft_file",
    "delete_filter",
    "delete_reply_template",
    "digest_items",
    "discard_draft_files",
    "escalate_overdue",
    "expired_draft_files",
    "fill_reply_template",
    "forward",
    "keep_draft_upload",
    "mark_contact_undeliverable",
    "mark_not_authority",
    "may_assign",
    "may_reopen",
    "may_view_identity",
    "needs_approval",
    "open_attachment",
    "open_draft",
    "open_draft_upload",
    "personal_data_log",
    "rate",
    "reclassify",
    "recompute_deadline",
    "reject_duplicate",
    "reopen",
    "reply",
    "reply_templates",
    "request_completion",
    "request_reclassification",
    "retention",
    "return_answer",
    "save_filter",
    "save_reply_template",
    "send_digest",
    "submit",
    "submit_answer",
    "team_members",
    "update_complaint_settings",
    "view_personal_data",
    "warn_due_soon",
]
