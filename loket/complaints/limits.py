"""How many complaints one client may send to one office: the web form and the API share the
bucket, and only complaints actually saved count (issue 12, finding 3; see
`loket.ratelimit.SubmissionLimit`). Ten an hour is more than a person sends; a script that
sends more gets 429 with an explanation (the page or the API's JSON)."""

from loket.ratelimit import SubmissionLimit

SUBMIT_RATE = "10/h"
SUBMISSIONS = SubmissionLimit("complaints:submit", SUBMIT_RATE)
