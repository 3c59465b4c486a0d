"""Staff pages of the consultation desk, by audience:

- `desk` (/staf/<office>/tamu/): receptionists see the whole office's visits of today, check
  visitors in, record the requirement check and route them. Heads and office admins read it;
  only receptionists and office admins change it (403 for the head). Office admins also set
  the office's personal-data choices there.
- `divisions` (/staf/<office>/konsultasi/): a consultant sees the queue of their division and
  the visits routed or handed to it, calls the next visitor, starts, ends or hands over.
  Heads and office admins read every division's queue.
- `office_admin` (/staf/<office>/tamu/pengaturan/, kios/, kapasitas/): the office admin's
  settings, the office's kiosks and the booking capacity of the divisions' slots.
- `numbers` (/staf/<office>/konsultasi/statistik/): heads and office admins, with CSV export.

Access is decided in `loket.offices.permissions` with the role lists of `visits.roles`:
another office's objects answer 404, and so does a visit of another division for a
consultant. Reads come from `visits.selectors`, changes from `visits.services`.
"""

from .desk import (
    attachment,
    desk_check_in,
    desk_new,
    guest_book,
    guest_book_rows,
    visit_clock,
    visit_close,
    visit_detail,
)
from .divisions import call_next, consult_home, consultation, consultation_action, queue, queue_rows
from .numbers import report, report_csv
from .office_admin import (
    capacity,
    capacity_remove,
    kiosk_revoke,
    kiosks,
    visit_settings,
)

__all__ = [
    "attachment",
    "call_next",
    "capacity",
    "capacity_remove",
    "consult_home",
    "consultation",
    "consultation_action",
    "desk_check_in",
    "desk_new",
    "guest_book",
    "guest_book_rows",
    "kiosk_revoke",
    "kiosks",
    "queue",
    "queue_rows",
    "report",
    "report_csv",
    "visit_clock",
    "visit_close",
    "visit_detail",
    "visit_settings",
]
