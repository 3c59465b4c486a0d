"""How many visits one client may book at one office: the booking form and the API share the
bucket, and only bookings actually saved count (issue 12, finding 3; see
`loket.ratelimit.SubmissionLimit`). Twenty an hour leaves room for a secretary booking for
colleagues; a script that books more gets 429 with an explanation."""

from loket.ratelimit import SubmissionLimit

BOOKING_RATE = "20/h"
BOOKINGS = SubmissionLimit("visits:book", BOOKING_RATE)
# Requests that post a booking per client address, whatever their outcome.
POST_RATE = "60/m"
