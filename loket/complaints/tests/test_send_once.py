"""Issue 11 §4: the web form makes one complaint per filled-in draft however often "Kirim"
is posted, and every POST of the same draft lands on the same confirmation."""

import threading

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from loket.complaints import public_views
from loket.complaints.models import Complaint
from loket.notify.models import OutboxMessage
from loket.tests.samples import PNG

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


def url(name, office):
    return reverse(f"complaints:{name}", args=[office.slug])


def fill_draft(client, office, *, photo=False):
    client.post(
        url("step_what", office),
        {
            "title": "Petugas tidak ada",
            "description": "Saya menunggu satu jam di meja informasi.",
            "incident_date": "2026-02-27",
            "incident_place": "Lobi kantor",
            "service": "",
        },
    )
    files = {"files": [SimpleUploadedFile("foto.png", PNG, "image/png")]} if photo else {}
    client.post(url("step_evidence", office), {"action": "continue", **files})
    who = {"identity": "identified", "name": "Budi", "email": "budi@contoh.id", "phone": ""}
    assert client.post(url("step_who", office), who)["Location"] == url("check", office)


def confirmation_code(client, office):
    return client.session[public_views.SUBMITTED]["code"]


def acknowledgements():
    return OutboxMessage.objects.filter(topic="complaint.acknowledgement").count()


@time_machine.travel(MONDAY_0900, tick=False)
def test_kirim_posted_again_lands_on_the_same_confirmation(client, office):
    fill_draft(client, office)
    first = client.post(url("check", office))
    code = confirmation_code(client, office)
    assert code in client.get(url("confirmation", office)).content.decode()
    again = client.post(url("check", office))
    assert first["Location"] == again["Location"] == url("confirmation", office)
    assert confirmation_code(client, office) == code
    assert code in client.get(url("confirmation", office)).content.decode()
    assert Complaint.objects.count() == 1
    assert acknowledgements() == 1


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_request_still_holding_the_draft_finds_the_complaint_already_made(client, office):
    """Five posts in flight each loaded the session with the draft before the first one
    finished: each later one finds the first's complaint (its files already moved)."""
    fill_draft(client, office, photo=True)
    draft = client.session[public_views.DRAFT]
    client.post(url("check", office))
    code = confirmation_code(client, office)
    for _ in range(4):
        session = client.session
        session[public_views.DRAFT] = draft  # what a concurrent request still had
        session.save()
        response = client.post(url("check", office))
        assert response["Location"] == url("confirmation", office)
        assert confirmation_code(client, office) == code
    complaint = Complaint.objects.get()
    assert complaint.attachments.count() == 1
    assert acknowledgements() == 1


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_send_racing_the_first_fails_on_the_unique_key_and_shows_its_complaint(
    client, office, monkeypatch
):
    """The race proper: the second request looked before the first committed (nothing
    found), then its insert meets the first's row on the unique key."""
    fill_draft(client, office)
    draft = client.session[public_views.DRAFT]
    client.post(url("check", office))
    code = confirmation_code(client, office)
    real = public_views.selectors.complaint_by_idempotency_key
    calls = []

    def not_yet_committed(key):
        calls.append(key)
        return None if len(calls) == 1 else real(key)

    monkeypatch.setattr(public_views.selectors, "complaint_by_idempotency_key", not_yet_committed)
    session = client.session
    session[public_views.DRAFT] = draft
    session.save()
    response = client.post(url("check", office))
    assert response["Location"] == url("confirmation", office)
    assert confirmation_code(client, office) == code
    assert len(calls) == 2
    assert Complaint.objects.count() == 1
    assert acknowledgements() == 1


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_new_draft_after_sending_is_a_new_complaint(client, office):
    fill_draft(client, office)
    client.post(url("check", office))
    first = confirmation_code(client, office)
    fill_draft(client, office)
    client.post(url("check", office))
    assert confirmation_code(client, office) != first
    assert Complaint.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL; SQLite runs one writer at a time",
)
def test_five_concurrent_posts_of_one_draft_make_one_complaint(office):
    """Five "Kirim" of the same session at the same moment: one complaint, one
    acknowledgement, and every POST lands on the confirmation of that complaint."""
    first = Client()
    fill_draft(first, office)
    cookie = first.cookies[settings.SESSION_COOKIE_NAME].value
    barrier = threading.Barrier(5)
    results: list[tuple[int, str]] = []

    def send():
        try:
            client = Client()
            client.cookies[settings.SESSION_COOKIE_NAME] = cookie
            barrier.wait()
            response = client.post(url("check", office))
            results.append((response.status_code, response["Location"]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == [(302, url("confirmation", office))] * 5
    assert Complaint.objects.count() == 1
    assert acknowledgements() == 1
