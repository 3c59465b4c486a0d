"""Who may do what with service standards."""

from loket.offices.roles import Role

# Office admins edit drafts, import SIPPN texts, publish and correct versions, keep the pledge.
EDITORS = [Role.OFFICE_ADMIN]
