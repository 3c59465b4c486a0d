"""Dates on visit pages read as Indonesians write them, in the office's zone, with the zone's
name: "Selasa, 1 Desember 2026 10.00 WIB", never ISO "2026-12-01"."""

import re
from datetime import UTC, datetime

import pytest

from loket.notify.models import OutboxMessage
from loket.visits import dates

from .conftest import PONTIANAK, TUESDAY_0900
from .test_booking import DETAILS

pytestmark = pytest.mark.django_db
MONDAY_0900 = datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK)
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _visible(page: str) -> str:
    """The page's text, without tags and attributes (<time datetime="..."> may be ISO)."""
    body = page[page.index("<main") :] if "<main" in page else page
    return re.sub(r"<[^>]*>", " ", body)


def test_the_check_answers_page_and_the_confirmation_say_the_day_in_indonesian(
    client, service_a, time_machine
):
    time_machine.move_to(MONDAY_0900, tick=False)
    data = {**DETAILS, "email": "siti@contoh.id", "service": service_a.pk}
    client.post("/instansi/kantor-a/kunjungan/pesan/", data)
    check = _visible(client.get("/instansi/kantor-a/kunjungan/pesan/periksa/").content.decode())
    assert "Selasa, 1 Desember 2026 10.00 WIB" in check
    assert not ISO_DAY.search(check), ISO_DAY.search(check)
    response = client.post("/instansi/kantor-a/kunjungan/pesan/periksa/", {})
    summary = _visible(client.get(response["Location"]).content.decode())
    assert "Datanglah pada Selasa, 1 Desember 2026 10.00 WIB" in summary
    assert "Senin, 30 November 2026 09.00 WIB" in summary  # the timeline: booked
    assert not ISO_DAY.search(summary)
    mail = OutboxMessage.objects.get(topic="visit_booked").body
    assert "Selasa, 1 Desember 2026 10.00 WIB" in mail
    assert not ISO_DAY.search(mail)


def test_times_are_shown_in_the_offices_own_zone(client, office_a, make_walk_in, rina):
    office_a.timezone = "Asia/Makassar"  # WITA, UTC+8
    office_a.save()
    visit = make_walk_in(now=datetime(2026, 12, 1, 1, 30, tzinfo=UTC))  # 09.30 WITA
    slip = _visible(client.get(f"/kunjungan/{visit.token}/slip/").content.decode())
    assert "Selasa, 1 Desember 2026 09.30 WITA" in slip
    summary = _visible(client.get(f"/kunjungan/{visit.token}/").content.decode())
    assert "Selasa, 1 Desember 2026 09.30 WITA" in summary
    client.force_login(rina)
    staff = _visible(client.get(f"/staf/kantor-a/tamu/{visit.pk}/").content.decode())
    assert "09.30.00 WITA" in staff
    assert not ISO_DAY.search(staff)


def test_the_formatter_follows_the_language(settings):
    from django.utils import translation

    assert dates.moment_text(TUESDAY_0900, None) == "Selasa, 1 Desember 2026 09.00 WIB"
    with translation.override("en"):
        assert dates.moment_text(TUESDAY_0900, None) == "Tuesday, 1 December 2026 09:00 WIB"
