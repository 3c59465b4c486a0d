"""Who works the intake inbox: the Pejabat Pengelola Pengaduan, who receives complaints
from every channel (seed flow). The inbox shows senders' numbers and addresses, so no one
else sees it."""

from loket.offices.permissions import Role

INBOX = [Role.COMPLAINT_OFFICER]

# The SP4N-LAPOR! import (the column mapping is set once) and the follow-up export.
LAPOR = [Role.COMPLAINT_OFFICER, Role.OFFICE_ADMIN]
