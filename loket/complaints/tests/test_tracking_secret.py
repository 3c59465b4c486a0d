"""Issue 12, finding 1: staff work with a reference number (ADU-2026-000123, per office and
year); the tracking code is the complainant's secret, stored only as a keyed hash, shown once
at receipt and never to staff, so a signed-in handler cannot act as the complainant."""

import json
import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail as django_mail
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from loket.complaints import selectors, services
from loket.complaints.models import Complaint, Rating, ReferenceCounter, Status
from loket.complaints.tracking import hash_code, normalize_reference
from loket.notify.models import OutboxMessage
from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db
CODE = re.compile(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b")


# --- The reference number ---------------------------------------------------------------------


@time_machine.travel(MONDAY_0900, tick=False)
def test_references_count_per_office_from_one(make_complaint, office, other_office):
    first, second = make_complaint(), make_complaint()
    there = services.submit(office=other_office, channel="web", title="T", description="D")
    assert [first.reference, second.reference] == ["ADU-2026-000001", "ADU-2026-000002"]
    assert there.reference == "ADU-2026-000001"  # unique per office, not across offices
    assert ReferenceCounter.objects.get(office=office, year=2026).last == 2


def test_the_year_is_the_offices_year_at_receipt(make_complaint, office):
    # 31 December 2026 23:30 WIB is still 2026 there; 1 January 00:30 WIB is 2027.
    late = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)
    new_year = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    with time_machine.travel(new_year + timedelta(hours=1), tick=False):
        assert make_complaint(received_at=late).reference == "ADU-2026-000001"
        assert make_complaint(received_at=new_year).reference == "ADU-2027-000001"
        assert make_complaint(received_at=new_year).reference == "ADU-2027-000002"


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_complaint_inserted_directly_still_gets_a_reference_and_a_hash(office):
    row = Complaint.objects.create(
        office=office, channel="web", title="T", description="D", received_at=MONDAY_0900
    )
    assert row.reference == "ADU-2026-000001"
    assert row.tracking_code_hash == hash_code(row.tracking_code)


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_receipt_that_fails_gives_its_number_back(make_complaint, monkeypatch):
    from loket.complaints.services import receipt

    def broken(*args, **kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(receipt, "notify_complainant", broken)
    with pytest.raises(RuntimeError):
        make_complaint()
    monkeypatch.undo()
    assert make_complaint().reference == "ADU-2026-000001"


def test_a_reference_as_staff_type_it():
    assert normalize_reference("adu 2026 123") == "ADU-2026-000123"
    assert normalize_reference("ADU-2026-000123") == "ADU-2026-000123"
    assert normalize_reference("K7QM-2XPR-4TBD") is None
    assert normalize_reference("ADU-26-1") is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL's row locks; SQLite runs one writer at a time "
    "(its transactions are IMMEDIATE), so the counter cannot race there",
)
def test_receipts_at_the_same_moment_never_share_a_reference(office):
    barrier = threading.Barrier(6)
    results: list[str] = []

    def receive(i):
        try:
            barrier.wait()
            complaint = services.submit(
                office=office, channel="web", title=f"T{i}", description="D"
            )
            results.append(complaint.reference)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receive, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [f"ADU-{datetime.now(UTC).year}-00000{n}" for n in range(1, 7)]


def test_the_number_is_taken_by_one_update_inside_the_receipt(office):
    """Both databases: the number is read and written by one `UPDATE ... RETURNING`, which
    holds the row's lock until the receipt commits (never read, then written unlocked)."""
    services.submit(office=office, channel="web", title="T", description="D")
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        reference = ReferenceCounter.take(office, timezone.now())
    counter = [q["sql"] for q in captured.captured_queries if "referencecounter" in q["sql"]]
    assert len(counter) == 1
    assert counter[0].startswith("UPDATE")
    assert "RETURNING" in counter[0]
    assert reference.endswith("-000002")


# --- The code: a secret kept as a keyed hash ----------------------------------------------------


@time_machine.travel(MONDAY_0900, tick=False)
def test_only_the_keyed_hash_of_the_code_is_stored(make_complaint, settings):
    complaint = make_complaint()
    code = complaint.tracking_code
    row = Complaint.objects.filter(pk=complaint.pk).values().get()
    assert code not in json.dumps(row, default=str)
    assert row["tracking_code_hash"] == hash_code(code)
    assert len(row["tracking_code_hash"]) == 64
    found = selectors.complaint_by_code(code.lower().replace("-", ""))
    assert found.pk == complaint.pk
    assert Complaint.objects.get(pk=complaint.pk).tracking_code == ""  # not from the table
    # Keyed: another key gives another hash, so a copy of the table alone gives nothing.
    settings.LOKET_TRACKING_CODE_KEY = "another key of at least fifty characters for the test!!"
    assert hash_code(code) != row["tracking_code_hash"]
    assert selectors.complaint_by_code(code) is None


def test_the_hash_column_is_unique_and_indexed():
    # A unique constraint (so a unique index: lookups stay indexed), named for its column:
    # a collision of two codes is recognised by that name (`receipt.is_code_collision`).
    [constraint] = [
        c for c in Complaint._meta.constraints if tuple(c.fields) == ("tracking_code_hash",)
    ]
    assert "tracking_code_hash" in constraint.name


# --- Staff never obtain the code ------------------------------------------------------------


def _member(username, office, role):
    user = UserFactory(username=username, email=f"{username}@kantor.go.id")
    MembershipFactory(user=user, office=office, role=role)
    return user


@pytest.fixture
def mailed_team(office):
    return {
        "officer": _member("pejabat2", office, Role.COMPLAINT_OFFICER),
        "handler": _member("tim3", office, Role.COMPLAINT_HANDLER),
        "head": _member("kepala2", office, Role.HEAD),
    }


def test_no_staff_page_api_or_mail_carries_the_code(
    office, other_office, mailed_team, time_machine
):
    time_machine.move_to(MONDAY_0900, tick=False)
    officer, handler, head = mailed_team["officer"], mailed_team["handler"], mailed_team["head"]
    citizen = Client()
    api = citizen.post(
        "/api/v1/complaints/",
        json.dumps(
            {
                "office": office.slug,
                "title": "Pungli",
                "description": "Diminta uang.",
                "name": "A",
                "email": "a@contoh.id",
            }
        ),
        content_type="application/json",
        headers={"Idempotency-Key": "k-1"},
    )
    assert api.status_code == 201
    complaint = Complaint.objects.get()
    code = api.json()["tracking_code"]
    assert complaint.tracking_code_hash == hash_code(code)
    services.classify(complaint, actor=officer, class_code="ringan")
    services.assign(complaint, actor=officer, users=[handler])
    services.add_note(complaint, actor=handler, text="Cek CCTV.")
    services.warn_due_soon(complaint.pk, now=complaint.due_soon_at + timedelta(minutes=1))
    services.escalate_overdue(complaint.pk, now=complaint.due_at + timedelta(minutes=1))

    seen = []
    for user in (officer, handler, head):
        staff = Client()
        staff.force_login(user)
        detail = staff.get(complaint.get_staff_url())
        assert detail.status_code == 200
        assert complaint.reference in detail.content.decode()
        seen += [
            detail.content.decode(),
            staff.get(f"{complaint.get_staff_url()}identitas/").content.decode(),
            staff.get(f"/staf/{office.slug}/pengaduan/").content.decode(),
            staff.get(f"/staf/{office.slug}/pengaduan/semua/").content.decode(),
            staff.get(f"/api/v1/staff/offices/{office.slug}/complaints/").content.decode(),
        ]
        # A code typed into the staff search finds nothing: staff cannot test a code.
        searched = staff.get(f"/api/v1/staff/offices/{office.slug}/complaints/", {"q": code})
        assert searched.json()["count"] == 0
    # Forwarded to another office: its staff see where it came from, never the code.
    received = services.forward(complaint, actor=officer, to_office=other_office, reason="B")
    there = _member("pejabat-b", other_office, Role.COMPLAINT_OFFICER)
    staff = Client()
    staff.force_login(there)
    seen.append(staff.get(received.get_staff_url()).content.decode())
    staff_mails = OutboxMessage.objects.filter(topic__startswith="complaint.staff_")
    assert set(staff_mails.values_list("topic", flat=True)) == {
        "complaint.staff_assigned",
        "complaint.staff_due_soon",
        "complaint.staff_overdue",
    }
    seen += [f"{m.subject}\n{m.body}\n{m.html}" for m in staff_mails]
    for page in seen:
        assert code not in page
        assert code.replace("-", "") not in page
    assert all(complaint.reference in f"{m.subject}{m.body}" for m in staff_mails)
    # The complainant does get it: the acknowledgement is theirs.
    ack = OutboxMessage.objects.get(topic="complaint.acknowledgement")
    assert code in ack.body
    assert code not in ack.subject


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_signed_in_handler_cannot_rate_reply_reopen_or_complete(
    client, make_complaint, officer, handler
):
    complaint = make_complaint()
    services.classify(complaint, actor=officer, class_code="normatif")
    services.assign(complaint, actor=officer, users=[handler])
    services.answer(complaint, actor=handler, text="Sudah diperbaiki.")
    client.force_login(handler)
    page = client.get(complaint.get_staff_url()).content.decode()
    assert not CODE.search(page)  # nothing on the handler's page to act with
    for action, data in (
        ("nilai", {"score": 5}),
        ("tanggapi", {"text": "Puas."}),
        ("tidak-puas", {"reason": "x"}),
        ("lengkapi", {"message": "x"}),
    ):
        # The reference is no credential, nor is a guessed code.
        assert client.post(f"/pengaduan/{complaint.reference}/{action}/", data).status_code == 404
        assert client.post(f"/pengaduan/2222-3333-4444/{action}/", data).status_code == 404
    assert client.get(f"/api/v1/complaints/{complaint.reference}/").status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    assert not Rating.objects.exists()
    assert list(complaint.events.values_list("action", flat=True)).count("rated") == 0
    # The complainant, with the code, can.
    citizen = Client()
    done = citizen.post(f"/pengaduan/{complaint.tracking_code}/nilai/", {"score": 5})
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_citizens_confirmation_shows_the_code_once(client, office):
    base = f"/instansi/{office.slug}/pengaduan/"
    what = {"title": "Antre", "description": "Lama.", "incident_date": "", "incident_place": ""}
    client.post(f"{base}kejadian/", what)
    client.post(f"{base}bukti/", {"action": "continue"})
    who = {"identity": "anonymous", "name": "", "email": "", "phone": ""}
    client.post(f"{base}identitas/", who)
    assert client.post(f"{base}periksa/")["Location"] == f"{base}terkirim/"
    page = client.get(f"{base}terkirim/").content.decode()
    [code] = set(CODE.findall(page))
    complaint = Complaint.objects.get()
    assert complaint.tracking_code_hash == hash_code(code)
    assert complaint.reference in page
    again = client.get(f"{base}terkirim/")
    assert again.status_code == 302  # shown once
    assert code not in client.get(again["Location"]).content.decode()
    assert client.get(f"/pengaduan/{code}/").status_code == 200


@time_machine.travel(MONDAY_0900, tick=False)
def test_an_office_of_another_user_cannot_open_the_receipt_page(client, office, officer, carol):
    client.force_login(carol)
    url = reverse("complaints:staff_intake_done", args=[office.slug])
    assert client.get(url).status_code == 404
    assert not django_mail.outbox
