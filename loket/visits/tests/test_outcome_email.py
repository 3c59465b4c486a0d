"""The consultant ticks "send the outcome by e-mail" at the end: the visitor receives the
public outcome summary through the outbox and a real SMTP server, never the internal notes."""

from datetime import timedelta
from email.header import decode_header, make_header

import pytest

from loket.notify.services import deliver_due
from loket.visits import services

from .conftest import ROUTED_UNCHECKED, TUESDAY_0900

pytestmark = pytest.mark.django_db

OUTCOME = "Persyaratan bantuan modal UMKM dijelaskan; formulir diberikan."
INTERNAL = "Pemohon pernah ditolak 2025, cek arsip bidang"


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


def _texts(message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        for part in parts
        if part.get_content_maintype() == "text"
    )


def _consult(client, consultant, visit, **extra):
    client.force_login(consultant)
    client.post("/staf/kantor-a/konsultasi/bagian-satu/panggil/")
    client.post(f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/mulai/")
    return client.post(
        f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/selesai/",
        {"outcome_summary": OUTCOME, "internal_notes": INTERNAL, **extra},
    )


def test_the_visitor_receives_the_outcome_and_never_the_internal_notes(
    client, rina, consultant, make_walk_in, division_x, smtp_server
):
    visit = make_walk_in(email="siti@contoh.id")
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    response = _consult(client, consultant, visit, send_outcome="on", follow_up_needed="on")
    assert response.status_code == 302
    deliver_due(now=TUESDAY_0900 + timedelta(minutes=5))
    received = smtp_server.wait_for(1)
    assert len(received) == 1
    message = received[0]
    assert message["To"] == "siti@contoh.id"
    assert "Ringkasan hasil konsultasi" in str(make_header(decode_header(message["Subject"])))
    text = _texts(message)
    assert OUTCOME in text
    assert "Bagian Satu" in text
    assert f"/kunjungan/{visit.token}/" in text
    assert "tindak lanjut" in text
    assert INTERNAL not in text
    assert "cek arsip" not in text
    assert visit.consultations.get().outcome_emailed_at is not None
    assert visit.events.filter(action="outcome_sent").count() == 1


def test_nothing_is_sent_when_the_box_is_not_ticked(
    client, rina, consultant, make_walk_in, division_x, smtp_server
):
    visit = make_walk_in(email="siti@contoh.id")
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    _consult(client, consultant, visit)
    deliver_due(now=TUESDAY_0900 + timedelta(minutes=5))
    assert smtp_server.wait_for(1, timeout=0.5) == []
    assert not visit.events.filter(action="outcome_sent").exists()


def test_the_box_is_offered_only_when_the_visitor_left_an_e_mail_address(
    client, rina, consultant, make_walk_in, division_x
):
    with_mail, without = make_walk_in(email="siti@contoh.id"), make_walk_in()
    client.force_login(consultant)
    for visit in (with_mail, without):
        services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
        services.call_next(division_x, actor=consultant)
        services.start(visit, actor=consultant)
    page = client.get(f"/staf/kantor-a/konsultasi/kunjungan/{with_mail.pk}/").content.decode()
    assert 'name="send_outcome"' in page
    assert "siti@contoh.id; catatan internal tidak" in page
    page = client.get(f"/staf/kantor-a/konsultasi/kunjungan/{without.pk}/").content.decode()
    assert 'name="send_outcome"' not in page
