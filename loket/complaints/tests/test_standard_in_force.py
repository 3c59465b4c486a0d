"""A complaint takes its deadline classes from the standard in force when it was received:
a version published with a later effective date does not apply before that date
(issue: "berlaku 4 Januari 2027" set deadlines at once)."""

from datetime import UTC, date, datetime

import time_machine

from loket.complaints import services
from loket.standards.models import Service, Standard
from loket.standards.tests.factories import StandardFactory

from .conftest import SEED_CLASSES

# Tuesday 1 December 2026, 09:00 WIB (02:00 UTC).
RECEIVED = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def _publish_next_version(office, *, normatif_days, effective):
    service = Service.objects.get(office=office)
    classes = [dict(row) for row in SEED_CLASSES]
    for row in classes:
        if row["code"] == "normatif":
            row["amount"], row["text"] = normatif_days, f"{normatif_days} hari kerja"
    StandardFactory(
        service=service,
        version=2,
        status=Standard.Status.PUBLISHED,
        published_at=datetime(2026, 11, 30, 2, 0, tzinfo=UTC),
        effective_date=effective,
        complaint_classes=classes,
    )


@time_machine.travel(RECEIVED, tick=False)
def test_a_version_in_force_only_from_january_does_not_set_a_december_deadline(
    office, officer, make_complaint
):
    _publish_next_version(office, normatif_days=60, effective=date(2027, 1, 4))
    complaint = make_complaint(received_at=RECEIVED)

    services.classify(complaint, actor=officer, class_code="normatif", now=RECEIVED)

    complaint.refresh_from_db()
    assert complaint.class_amount == 5
    # 5 working days from Tuesday 1 Dec 2026: the close of Tuesday 8 Dec 2026, 16:00 WIB.
    assert complaint.due_at == datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


@time_machine.travel(datetime(2027, 1, 5, 2, 0, tzinfo=UTC), tick=False)
def test_a_complaint_received_after_the_effective_date_uses_the_new_version(
    office, officer, make_complaint
):
    _publish_next_version(office, normatif_days=10, effective=date(2027, 1, 4))
    received = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
    complaint = make_complaint(received_at=received)

    services.classify(complaint, actor=officer, class_code="normatif", now=received)

    complaint.refresh_from_db()
    assert complaint.class_amount == 10
