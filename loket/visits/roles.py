"""Who does what at the consultation desk (seed: the information officer receives, a
division's consultant consults, the head oversees). One place for the pages, the links of the
office page and the tests; access itself is decided in `loket.offices.permissions`."""

from loket.offices.permissions import Role

# The front desk's guest book: read by the head too; changed by the desk and the office admin.
DESK_READERS = (Role.RECEPTIONIST, Role.HEAD, Role.OFFICE_ADMIN)
DESK_WRITERS = (Role.RECEPTIONIST, Role.OFFICE_ADMIN)
# The divisions' queues: a consultant sees their own division, these roles every division.
DIVISION_READERS = (Role.CONSULTANT, Role.HEAD, Role.OFFICE_ADMIN)
DIVISION_OVERSEERS = (Role.HEAD, Role.OFFICE_ADMIN)
# Calling, consulting, handing over: a consultant of the visit's division only.
CONSULTANTS = (Role.CONSULTANT,)
# A visitor's documents: whoever may see the visit at the desk or in its division.
ATTACHMENT_READERS = (*DESK_READERS, Role.CONSULTANT)
REPORT_READERS = (Role.HEAD, Role.OFFICE_ADMIN)
SETTINGS_EDITORS = (Role.OFFICE_ADMIN,)
