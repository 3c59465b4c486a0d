"""Visitor pages, none needing JavaScript or an account: online booking (`booking`), the
reception kiosk and its enrolment (`kiosk_pages`), the visitor's own link (`visitor`) and the
waiting-room screen (`screen`)."""

from .booking import book, book_check, start
from .common import qr_code, qr_svg
from .kiosk_pages import (
    kiosk,
    kiosk_code,
    kiosk_enrol,
    kiosk_guest,
    kiosk_reset,
    kiosk_slip,
    kiosk_ticket,
    kiosk_ticket_id,
)
from .screen import display, display_list
from .visitor import calendar, cancel, reschedule, slip, summary, survey

__all__ = [
    "book",
    "book_check",
    "calendar",
    "cancel",
    "display",
    "display_list",
    "kiosk",
    "kiosk_code",
    "kiosk_enrol",
    "kiosk_guest",
    "kiosk_reset",
    "kiosk_slip",
    "kiosk_ticket",
    "kiosk_ticket_id",
    "qr_code",
    "qr_svg",
    "reschedule",
    "slip",
    "start",
    "summary",
    "survey",
]
