"""Who does what with the office's personal-data register: the office admin keeps it (sets
retention, records requests, exports); the head reads it, answering for the office."""

from loket.offices.permissions import Role

KEEPERS = [Role.OFFICE_ADMIN]
READERS = [Role.OFFICE_ADMIN, Role.HEAD]
