"""Which roles need what in accounts. One place for the pages, the 2FA rule and the links."""

from loket.offices.roles import Role

# Roles that can see personal data (visitors' and complainants' identities, their messages):
# each of them signs in with a second factor in production (OWASP ASVS 4.0.3 V2.7 / V2.8).
# Every role of today does; a future read-only role of aggregates would stay out of this list.
PERSONAL_DATA_ROLES = [
    Role.RECEPTIONIST,
    Role.CONSULTANT,
    Role.COMPLAINT_OFFICER,
    Role.COMPLAINT_HANDLER,
    Role.HEAD,
    Role.OFFICE_ADMIN,
]
# Who reads and exports the office's security log (system administrators read every office's).
SECURITY_LOG_READERS = [Role.OFFICE_ADMIN]
# Who is alerted when an account of the office is locked out.
LOCKOUT_ALERTED = [Role.OFFICE_ADMIN]
# Who is alerted when an account of the office is refused many times in a short while.
REFUSALS_ALERTED = [Role.OFFICE_ADMIN]
# Who creates and revokes the office's API keys (systems: kiosks, the LAPOR! bridge, reports).
API_KEY_MANAGERS = [Role.OFFICE_ADMIN]
