"""gunicorn's access log without the citizens' secrets (issue 12, finding 7; OWASP ASVS 4.0.3
V7.1.1, V8.3.4): tracking codes, visit tokens, survey tokens, kiosk enrolment and password-reset
links are in request paths and in the Referer of the next request. gunicorn's default line
holds both, so `--logger-class loket.site.access_log.MaskedLogger` (in `make run`, the systemd
unit and the benchmarks) writes every such part as "***". nginx's access log applies the same
rule (`deploy/nginx/loket-log-format.conf`); keep the two lists together."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

# The secret part of each citizen or one-time link: the path starts with the prefix (at the
# start of the text, after a space as in a request line, or after the host of a Referer URL).
SECRET_PATHS = re.compile(
    r"(?P<prefix>(?:^|(?<=\s)|(?<=//)[^/\s]+)"
    r"(?:/pengaduan/|/api/v1/complaints/|/kunjungan/survei/|/kunjungan/|/survei/token/"
    r"|/instansi/[^/\s]+/kiosk/daftarkan/|/staf/sandi-baru/[^/?#\s]+/))"
    r"(?P<secret>[^/?#\s\"]+)"
)
# Pages under those prefixes that are not secrets.
NOT_SECRET = frozenset({"lacak", "set-password"})
# Free text in a query string: the staff lists' search words (`q`), which may be a person's
# name (OWASP ASVS 4.0.3 V7.1.2, V8.3.1). Only the value goes: "?q=***&status=open".
SEARCH_WORDS = re.compile(r"(?P<key>(?:^|[?&])q=)(?P<words>[^&#\s\"]*)")


def mask(text: str) -> str:
    """`text` (a path, a request line, a Referer URL, a query string) with each secret part
    and the search words as "***": "/pengaduan/ABCD-EFGH-JKMN/nilai/" ->
    "/pengaduan/***/nilai/", "/staf/biro/pengaduan/?q=budi+santoso" -> "...?q=***"."""

    def hide(match: re.Match[str]) -> str:
        if match.group("secret") in NOT_SECRET:
            return match.group(0)
        return match.group("prefix") + "***"

    text = SECRET_PATHS.sub(hide, text)
    return SEARCH_WORDS.sub(
        lambda m: m.group("key") + "***" if m.group("words") else m.group(0), text
    )


class MaskedLogger(Logger):
    """gunicorn's logger whose access-log atoms (request line, path, Referer, every header
    and environ value) have the secrets masked (`mask`)."""

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: mask(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
