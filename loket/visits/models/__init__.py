"""The consultation desk's models: `core` (visits, consultations, documents, events, the
queue counter, the office's settings), `devices` (the kiosks an office admin provisioned) and
`capacity` (how many bookings a time slot of a division takes)."""

from .capacity import SlotCapacity
from .core import (
    ON_SITE_STATUSES,
    OPEN_CONSULTATION,
    OPEN_STATUSES,
    PUBLIC_ACTIONS,
    QUEUE_PREFIX,
    TRANSITIONS,
    Attachment,
    Consultation,
    ConsultationStatus,
    QueueCounter,
    Visit,
    VisitEvent,
    VisitSettings,
    attachment_path,
    queue_label,
    visibility_of,
)
from .devices import KioskDevice

__all__ = [
    "ON_SITE_STATUSES",
    "OPEN_CONSULTATION",
    "OPEN_STATUSES",
    "PUBLIC_ACTIONS",
    "QUEUE_PREFIX",
    "TRANSITIONS",
    "Attachment",
    "Consultation",
    "ConsultationStatus",
    "KioskDevice",
    "QueueCounter",
    "SlotCapacity",
    "Visit",
    "VisitEvent",
    "VisitSettings",
    "attachment_path",
    "queue_label",
    "visibility_of",
]
