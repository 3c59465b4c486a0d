"""Who works the intake inbox: the Pejabat Pengelola Pengaduan, who receives complaints
from every channel (seed flow). The inbox shows senders' numbers and addresses, so no one
else sees it."""

from loket.offices.models import Role

INBOX = [Role.COMPLAINT_OFFICER]
