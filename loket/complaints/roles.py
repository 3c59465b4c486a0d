"""Who does what with complaints (seed flow: the Pejabat Pengelola Pengaduan receives, the
Tim Pengelola Pengaduan handles, the head oversees). One place for the pages, the staff API
and the links that lead to them."""

from loket.offices.models import Role

VIEWERS = [Role.COMPLAINT_OFFICER, Role.COMPLAINT_HANDLER, Role.HEAD]
OFFICERS = [Role.COMPLAINT_OFFICER]
HANDLERS = [Role.COMPLAINT_OFFICER, Role.COMPLAINT_HANDLER]
HEAD_LIST = [Role.HEAD, Role.COMPLAINT_OFFICER]
