"""What the visits app tells the rest of the site without knowing who listens: a browser
became an office's kiosk (the site records it in the security log, issue 12 finding 8)."""

from django.dispatch import Signal

# Sent by the enrolment page after a browser became the kiosk `device` of `office`, with the
# `request` it came in on (its address and browser for the security log).
kiosk_enrolled = Signal()
