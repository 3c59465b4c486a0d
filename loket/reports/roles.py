"""Who reads the reports. One place for the pages, the links of the office page and the tests;
access itself is decided in `loket.offices.permissions`."""

from loket.offices.permissions import Role

# The office report and its exports: the head, who reports monthly, and the office admin.
READERS = (Role.HEAD, Role.OFFICE_ADMIN)
# Who may open the complaint lists the figures link to (the complaints app's head list).
COMPLAINT_LIST_READERS = (Role.HEAD, Role.COMPLAINT_OFFICER)
# Who may open the consultation desk's own numbers page (the visits app's report readers).
DESK_REPORT_READERS = (Role.HEAD, Role.OFFICE_ADMIN)

# --- The staff dashboard (issue 14): which counts each role sees ---------------------------
_OFFICER, _TEAM, _HEAD = Role.COMPLAINT_OFFICER, Role.COMPLAINT_HANDLER, Role.HEAD
_DESK, _ADMIN, _CONSULTANT = Role.RECEPTIONIST, Role.OFFICE_ADMIN, Role.CONSULTANT

# The complaint counts: the Pejabat receives and classifies, the team handles what it is
# given (only the team is assigned complaints), the head oversees.
DASHBOARD_COMPLAINT_COUNTS: dict[str, tuple[str, ...]] = {
    "unclassified": (_OFFICER, _HEAD),
    "in_progress": (_OFFICER, _HEAD),
    "due_today": (_OFFICER, _TEAM, _HEAD),
    "overdue": (_OFFICER, _TEAM, _HEAD),
    "mine": (_TEAM,),
    "waiting": (_OFFICER, _TEAM, _HEAD),
    "answered": (_OFFICER, _HEAD),
    "new_replies": (_OFFICER, _TEAM, _HEAD),
    # The approvers of the team's answers (complaints.roles.ANSWER_APPROVERS).
    "pending_answers": (_OFFICER, _HEAD),
}
# The front desk's counts of today: the desk itself, the head and the office admin.
DASHBOARD_DESK_COUNTS: dict[str, tuple[str, ...]] = {
    "at_desk": (_DESK, _HEAD, _ADMIN),
    "bookings_today": (_DESK, _HEAD, _ADMIN),
    "no_shows_today": (_DESK, _HEAD, _ADMIN),
}
# Visitors waiting per division: every division for these roles, a consultant their own.
DASHBOARD_ALL_DIVISIONS = (_DESK, _HEAD, _ADMIN)
DASHBOARD_OWN_DIVISION = (_CONSULTANT,)
# The office's on-time share this month.
DASHBOARD_ON_TIME = (_OFFICER, _HEAD, _ADMIN)

# Who may open the lists the counts link to (the other apps' own role lists, mirrored here as
# COMPLAINT_LIST_READERS is): the complaint queue, the front desk's guest book, a division's
# queue (a consultant their own division only).
COMPLAINT_QUEUE_READERS = (_OFFICER, _TEAM, _HEAD)
GUEST_BOOK_READERS = (_DESK, _HEAD, _ADMIN)
DIVISION_QUEUE_READERS = (_CONSULTANT, _HEAD, _ADMIN)
