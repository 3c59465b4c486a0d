"""Migration 0002 keeps the rows of the first version: every event's kind, public flag and
message become its action, visibility and note (an internal note becomes internal), and the
answers keep their attachments and ratings under the new name."""

from datetime import UTC, datetime

import pytest

from loket.tests.migrating import latest, migrate_to

BEFORE = [("complaints", "0001_initial")]
AFTER = [("complaints", "0002_event_base_and_answer")]
AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_schema")
def test_events_and_answers_of_the_first_version_are_kept():
    old = migrate_to(BEFORE)
    office = old.get_model("offices", "Office").objects.create(
        slug="kantor-lama", name="Kantor Lama", timezone="Asia/Pontianak"
    )
    complaint = old.get_model("complaints", "Complaint").objects.create(
        office_id=office.pk,
        tracking_code="K7QM-2XPR-T4HB",
        channel="web",
        title="Lama",
        description="Dari versi pertama.",
        received_at=AT,
    )
    event = old.get_model("complaints", "Event")
    event.objects.create(complaint=complaint, at=AT, kind="received", public=True, message="")
    event.objects.create(complaint=complaint, at=AT, kind="note", public=False, message="Cek.")
    event.objects.create(complaint=complaint, at=AT, kind="due_soon", public=False)
    response = old.get_model("complaints", "Response").objects.create(
        complaint=complaint, text="Sudah.", created_at=AT
    )
    old.get_model("complaints", "Rating").objects.create(
        complaint=complaint, response=response, score=4, created_at=AT
    )

    new = migrate_to(AFTER)
    rows = new.get_model("complaints", "Event").objects.order_by("id")
    assert list(rows.values_list("action", "visibility", "note")) == [
        ("received", "public", ""),
        ("note", "internal", "Cek."),
        ("due_soon", "staff", ""),
    ]
    answer = new.get_model("complaints", "Answer").objects.get()
    assert answer.text == "Sudah."
    assert new.get_model("complaints", "Rating").objects.get().answer_id == answer.pk


HASHED = [("complaints", "0005_drop_plain_tracking_code")]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_schema")
def test_existing_complaints_get_references_in_order_and_keep_their_codes():
    """Issue 12: the codes of existing complaints become keyed hashes (their complainants'
    links keep working), references follow the order of receipt per office and year, and
    the codes staff saw on events become references."""
    from loket.complaints import selectors, services
    from loket.complaints.tracking import hash_code

    old = migrate_to(AFTER)
    offices = old.get_model("offices", "Office").objects
    pontianak = offices.create(slug="kantor-lama", name="Kantor Lama", timezone="Asia/Pontianak")
    jayapura = offices.create(slug="kantor-timur", name="Kantor Timur", timezone="Asia/Jayapura")
    complaints = old.get_model("complaints", "Complaint").objects

    def make(office, code, at, **extra):
        return complaints.create(
            office_id=office.pk,
            tracking_code=code,
            channel="web",
            title=code,
            description="Lama.",
            received_at=at,
            **extra,
        )

    # Received out of id order; one on 31 Dec 2025 17:30 UTC, already 2026 in Jayapura.
    second = make(pontianak, "BBBB-BBBB-BBBB", datetime(2026, 3, 3, 2, 0, tzinfo=UTC))
    first = make(pontianak, "AAAA-AAAA-AAAA", datetime(2026, 3, 2, 2, 0, tzinfo=UTC))
    make(pontianak, "CCCC-CCCC-CCCC", datetime(2025, 12, 31, 10, 0, tzinfo=UTC))
    east = make(jayapura, "DDDD-DDDD-DDDD", datetime(2025, 12, 31, 17, 30, tzinfo=UTC))
    event = old.get_model("complaints", "Event").objects
    event.create(
        complaint=second, at=AT, action="duplicate", data={"original": first.tracking_code}
    )
    event.create(complaint=first, at=AT, action="forwarded", data={"to_code": "DDDD-DDDD-DDDD"})
    complaints.filter(pk=east.pk).update(
        forwarded_from=first,
        channel_details={"forwarded_from_code": "AAAA-AAAA-AAAA", "forwarded_from_office": "L"},
    )

    new = migrate_to(HASHED)
    rows = {c.title: c for c in new.get_model("complaints", "Complaint").objects.all()}
    assert rows["CCCC-CCCC-CCCC"].reference == "ADU-2025-000001"
    assert rows["AAAA-AAAA-AAAA"].reference == "ADU-2026-000001"
    assert rows["BBBB-BBBB-BBBB"].reference == "ADU-2026-000002"
    assert rows["DDDD-DDDD-DDDD"].reference == "ADU-2026-000001"  # its own office, its year
    for title, row in rows.items():
        assert row.tracking_code_hash == hash_code(title)
    events = new.get_model("complaints", "Event").objects
    assert events.get(action="duplicate").data == {"original": "ADU-2026-000001"}
    assert events.get(action="forwarded").data == {"to_reference": "ADU-2026-000001"}
    assert rows["DDDD-DDDD-DDDD"].channel_details == {
        "forwarded_from_reference": "ADU-2026-000001",
        "forwarded_from_office": "L",
    }
    counters = new.get_model("complaints", "ReferenceCounter").objects
    assert sorted(counters.values_list("office__slug", "year", "last")) == [
        ("kantor-lama", 2025, 1),
        ("kantor-lama", 2026, 2),
        ("kantor-timur", 2026, 1),
    ]

    migrate_to(latest())
    # The complainant's old link still works, and numbering goes on after the last one.
    found = selectors.complaint_by_code("bbbb bbbb bbbb")
    assert found is not None
    assert found.reference == "ADU-2026-000002"
    office = found.office
    fresh = services.submit(
        office=office, channel="web", title="Baru", description="D", now=AT, received_at=AT
    )
    assert fresh.reference == "ADU-2026-000003"
