"""Who reads the reports. One place for the pages, the links of the office page and the tests;
access itself is decided in `loket.offices.permissions`."""

from loket.offices.permissions import Role

# The office report and its exports: the head, who reports monthly, and the office admin.
READERS = (Role.HEAD, Role.OFFICE_ADMIN)
# Who may open the complaint lists the figures link to (the complaints app's head list).
COMPLAINT_LIST_READERS = (Role.HEAD, Role.COMPLAINT_OFFICER)
# Who may open the consultation desk's own numbers page (the visits app's report readers).
DESK_REPORT_READERS = (Role.HEAD, Role.OFFICE_ADMIN)
