"""Who does what with the survey: the head and the office admin run periods, moderate
suggestions and publish; the front desk also types in paper sheets and opens the kiosk."""

from loket.offices.roles import Role

MANAGERS = [Role.HEAD, Role.OFFICE_ADMIN]
ENTRY = [Role.HEAD, Role.OFFICE_ADMIN, Role.RECEPTIONIST]
