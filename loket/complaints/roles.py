"""Who does what with complaints (seed flow: the Pejabat Pengelola Pengaduan receives, the
Tim Pengelola Pengaduan handles, the head oversees). One place for the pages, the staff API,
the services and the links that lead to them; the staff action table
(`staff_views.ACTIONS`) names one of these lists per action."""

from loket.offices.permissions import Role

VIEWERS = [Role.COMPLAINT_OFFICER, Role.COMPLAINT_HANDLER, Role.HEAD]
OFFICERS = [Role.COMPLAINT_OFFICER]
HANDLERS = [Role.COMPLAINT_OFFICER, Role.COMPLAINT_HANDLER]
# The team without the officer: those who ask the Pejabat to change a class.
TEAM = [Role.COMPLAINT_HANDLER]
HEAD_LIST = [Role.HEAD, Role.COMPLAINT_OFFICER]
# Who may assign a complaint to the team, one or several at once from a list: the head and
# the Pejabat. A member of the team may only bring a colleague into a complaint they were
# assigned themselves (`services.may_assign`), never take one: being assigned opens the
# complainant's identity.
BULK_ASSIGNERS = [Role.HEAD, Role.COMPLAINT_OFFICER]
# Who may be assigned a complaint: the team, not the officer who assigns.
ASSIGNABLE = [Role.COMPLAINT_HANDLER]
# Who is warned of a deadline when nobody is assigned, and who gets the overdue escalation.
FALLBACK_HANDLERS = [Role.COMPLAINT_OFFICER]
ESCALATION = [Role.HEAD]
# Who reads the log of personal-data access: the head, who answers for the office's
# handling of it (the office admin has no complaint pages at all).
ACCESS_LOG_READERS = [Role.HEAD]
# Who may open any complainant's identity in the office (need to know, issue 12): the
# Pejabat Pengelola Pengaduan and the head; the team only for the complaints assigned to
# them, unless the office opens it to the whole team (OfficeComplaintSettings).
IDENTITY_READERS = [Role.COMPLAINT_OFFICER, Role.HEAD]
# Issue 14 "Answering well". Who approves or returns an answer the team drafted, where the
# office requires approval (the Pejabat Pengelola Pengaduan or the head); they answer
# directly themselves.
ANSWER_APPROVERS = [Role.COMPLAINT_OFFICER, Role.HEAD]
# Who switches the office's complaint settings and manages its reply templates: the office
# admin and the Pejabat Pengelola Pengaduan.
SETTINGS_EDITORS = [Role.OFFICE_ADMIN, Role.COMPLAINT_OFFICER]
TEMPLATE_EDITORS = [Role.OFFICE_ADMIN, Role.COMPLAINT_OFFICER]
# Who uses the reply templates on the answer form: whoever may answer.
TEMPLATE_USERS = HANDLERS
# Who prints the disposition sheet (lembar disposisi): everyone who sees the complaint.
DISPOSITION_READERS = VIEWERS
# Issue 14 "Lists people can work from": the calendar of due dates, for those who oversee
# the office's deadlines (the head and the Pejabat Pengelola Pengaduan), like the head's list.
CALENDAR_READERS = HEAD_LIST
