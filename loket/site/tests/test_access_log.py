"""Issue 12, finding 7: gunicorn's access log never holds a citizen's secret (tracking code,
visit token, survey token, kiosk enrolment or password-reset token), in the request line, the
path or the Referer; pages that are not secrets stay readable."""

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from loket.site.access_log import MaskedLogger, mask


@pytest.mark.parametrize(
    ("seen", "logged"),
    [
        ("/pengaduan/ABCD-EFGH-JKMN/", "/pengaduan/***/"),
        ("/pengaduan/abcdefghjkmn/nilai/", "/pengaduan/***/nilai/"),
        ("GET /pengaduan/ABCD-EFGH-JKMN/?x=1 HTTP/1.1", "GET /pengaduan/***/?x=1 HTTP/1.1"),
        ("/api/v1/complaints/ABCD-EFGH-JKMN/", "/api/v1/complaints/***/"),
        ("/kunjungan/Zx9_tok-en/kalender.ics", "/kunjungan/***/kalender.ics"),
        ("/kunjungan/survei/tiket123/", "/kunjungan/survei/***/"),
        ("/survei/token/abc123/", "/survei/token/***/"),
        ("/instansi/biro/kiosk/daftarkan/t0k3n/", "/instansi/biro/kiosk/daftarkan/***/"),
        ("/staf/sandi-baru/MQ/c7x-9f2a/", "/staf/sandi-baru/MQ/***/"),
        ("https://loket.go.id/pengaduan/ABCD-EFGH-JKMN/", "https://loket.go.id/pengaduan/***/"),
        # Not secrets: kept as they are.
        ("/pengaduan/lacak/", "/pengaduan/lacak/"),
        ("/staf/sandi-baru/MQ/set-password/", "/staf/sandi-baru/MQ/set-password/"),
        ("/instansi/biro/kunjungan/pesan/", "/instansi/biro/kunjungan/pesan/"),
        ("/instansi/biro/pengaduan/", "/instansi/biro/pengaduan/"),
        ("/staf/biro/pengaduan/ADU-2026-000123/", "/staf/biro/pengaduan/ADU-2026-000123/"),
        ("/api/v1/complaints/", "/api/v1/complaints/"),
        # The staff lists' search words may be a person's name (ASVS V7.1.2, V8.3.1).
        ("/staf/biro/pengaduan/?q=budi+santoso", "/staf/biro/pengaduan/?q=***"),
        (
            "GET /staf/biro/pengaduan/semua/?status=open&q=Siti%20Aminah&urut=due HTTP/1.1",
            "GET /staf/biro/pengaduan/semua/?status=open&q=***&urut=due HTTP/1.1",
        ),
        ("q=budi&status=open", "q=***&status=open"),  # gunicorn's query-string atom
        ("/staf/biro/pengaduan/?q=&status=open", "/staf/biro/pengaduan/?q=&status=open"),
        ("/staf/biro/pengaduan/?status=open&sq=1", "/staf/biro/pengaduan/?status=open&sq=1"),
    ],
)
def test_the_secret_part_of_a_citizen_link_is_masked(seen, logged):
    assert mask(seen) == logged


def test_gunicorns_access_line_holds_no_secret(caplog):
    logger = MaskedLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/pengaduan/ABCD-EFGH-JKMN/",
        "PATH_INFO": "/pengaduan/ABCD-EFGH-JKMN/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": "https://loket.go.id/kunjungan/Zx9token/",
        "HTTP_USER_AGENT": "Mozilla",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    line = " ".join(str(value) for value in atoms.values())
    assert "ABCD-EFGH-JKMN" not in line
    assert "Zx9token" not in line
    assert atoms["r"] == "GET /pengaduan/***/ HTTP/1.1"
    assert atoms["f"] == "https://loket.go.id/kunjungan/***/"
    logger.access_log.addHandler(caplog.handler)
    logger.access_log.setLevel(logging.INFO)
    logger.cfg.set("accesslog", "-")
    logger.access(response, request, environ, timedelta(milliseconds=5))
    assert "/pengaduan/***/" in caplog.text
    assert "ABCD-EFGH-JKMN" not in caplog.text


def test_make_run_and_the_systemd_unit_use_the_masked_logger(settings):
    root = settings.BASE_DIR
    for path in ("Makefile", "deploy/systemd/loket-web.service", "bench/serve.py"):
        text = (root / path).read_text()
        assert "loket.site.access_log.MaskedLogger" in text, path


def test_djangos_not_found_line_holds_no_tracking_code():
    # A mistyped or guessed code is a 404, which django.request logs with the path; the
    # console handler (every log line of the site) masks it.
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        ("/pengaduan/ABCD-EFGH-JKMN/",),
        None,
    )
    assert all(f.filter(record) for f in console.filters)
    assert record.getMessage() == "Not Found: /pengaduan/***/"
