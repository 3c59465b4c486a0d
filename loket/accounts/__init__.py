"""Staff accounts: sign-in with lockout and two-factor codes, sessions (idle and absolute
timeouts, "sign out my other sessions", re-authentication), the append-only security event log,
and the client address behind a proxy. May read `offices` (roles); `offices` never imports it.
"""
