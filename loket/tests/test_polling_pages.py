"""An open staff page that refreshes itself (htmx `every Ns`) must not keep its session alive
past the idle timeout (OWASP ASVS 4.0.3 V3.3.2; loket.accounts.middleware): every polling
element sends the poll header the session middleware does not count as activity."""

import re
from pathlib import Path

from django.conf import settings

from loket.accounts.middleware import POLL_HEADER

POLLING = re.compile(r"<[^>]*hx-trigger=\"every[^>]*>", re.S)


def test_every_polling_element_says_it_is_a_poll():
    found = []
    for path in sorted((Path(settings.BASE_DIR) / "loket").rglob("templates/**/*.html")):
        for element in POLLING.findall(path.read_text()):
            found.append((path.name, f'"{POLL_HEADER}": "1"' in element))
    assert len(found) >= 5  # the badge, the dashboard, the queue, the guest book, the clock
    assert [name for name, marked in found if not marked] == []
