"""Seed the configured database with complaints for the page benchmarks.

Creates (or refills) the office `bench-pengaduan` with the seed's four deadline classes, a
handler (`bench-tim`), an officer (`bench-pejabat`) and a head (`bench-kepala`), then
bulk-inserts N complaints received over the two years before 2026-11-27: most closed, the
rest open (classified, some overdue, some paused, a share assigned to the handler), each
with its first event. Deadlines come from the office's working-day calendar.

    export DATABASE_URL=sqlite:////tmp/loket-bench-complaints.sqlite3  # or a PostgreSQL URL
    .venv/bin/python bench/seed_complaints.py --count 100000
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
# bench/README.md measured with the in-process cache unless it says Redis (LOKET_CACHE_URL).
os.environ.setdefault("LOKET_CACHE_URL", "locmemcache://bench")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from loket.complaints.models import (  # noqa: E402
    Assignment,
    Complaint,
    Event,
    Status,
    new_tracking_code,
)
from loket.complaints.tracking import format_reference, hash_code  # noqa: E402
from loket.events import Visibility  # noqa: E402
from loket.offices.models import Channel, Membership, Office, Role  # noqa: E402
from loket.standards.models import Service, Standard  # noqa: E402
from loket.workdays.services import calendar_for  # noqa: E402

OFFICE = "bench-pengaduan"
PASSWORD = "bench-loket-2026"  # noqa: S105 - a throw-away benchmark database
END = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
CLASSES = [
    ("ringan", "Pengaduan ringan", 3, "hours"),
    ("normatif", "Pengaduan bersifat normatif", 5, "working_days"),
    ("tidak-berkadar-pengawasan", "Pengaduan tidak berkadar pengawasan", 14, "working_days"),
    ("berkadar-pengawasan", "Pengaduan berkadar pengawasan", 60, "working_days"),
]
CHANNELS = [kind for kind, _label in Channel.Kind.choices]
WORDS = "antrean petugas loket pelayanan izin surat berkas lambat ramah biaya jadwal informasi"


def office_with_staff() -> tuple[Office, dict]:
    office, _ = Office.objects.get_or_create(
        slug=OFFICE, defaults={"name": "Kantor Bench Pengaduan", "timezone": "Asia/Pontianak"}
    )
    service, _ = Service.objects.get_or_create(
        office=office, slug="pelayanan-konsultasi", defaults={"name": "Pelayanan Konsultasi"}
    )
    if not Standard.objects.filter(service=service, status=Standard.Status.PUBLISHED).exists():
        Standard.objects.create(
            service=service,
            version=1,
            status=Standard.Status.PUBLISHED,
            published_at=END - timedelta(days=800),
            complaint_classes=[
                {"code": c, "name": n, "text": f"{a} {u}", "amount": a, "unit": u}
                for c, n, a, u in CLASSES
            ],
        )
    users = {}
    for username, role in (
        ("bench-tim", Role.COMPLAINT_HANDLER),
        ("bench-pejabat", Role.COMPLAINT_OFFICER),
        ("bench-kepala", Role.HEAD),
    ):
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_password(PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, office=office, role=role)
        users[role] = user
    return office, users


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--open-share", type=float, default=0.05)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    office, users = office_with_staff()
    calendar = calendar_for(office)
    handler = users[Role.COMPLAINT_HANDLER]
    span = timedelta(days=730).total_seconds()
    closed_statuses = [Status.CLOSED] * 8 + [Status.NOT_AUTHORITY, Status.DUPLICATE]
    open_statuses = [Status.IN_PROGRESS] * 6 + [Status.RECEIVED, Status.WAITING, Status.ANSWERED]
    started = time.perf_counter()
    made = 0
    while made < args.count:
        size = min(args.batch, args.count - made)
        rows = []
        for _ in range(size):
            is_open = rng.random() < args.open_share
            # Open complaints are recent; closed ones spread over two years.
            age = rng.random() * (timedelta(days=40).total_seconds() if is_open else span)
            received = END - timedelta(seconds=age)
            status = rng.choice(open_statuses if is_open else closed_statuses)
            code, name, amount, unit = rng.choice(CLASSES)
            classified = status != Status.RECEIVED
            due = calendar.add(received, amount, unit) if classified else None
            words = rng.sample(WORDS.split(), 4)
            rows.append(
                Complaint(
                    office=office,
                    reference=format_reference(received.year, made + len(rows) + 1),
                    tracking_code_hash=hash_code(new_tracking_code()),
                    channel=rng.choice(CHANNELS),
                    title=f"Pengaduan {' '.join(words[:2])}",
                    description=f"Uraian tentang {' '.join(words)}.",
                    complainant_name="Warga Bench",
                    complainant_email="",
                    status=status,
                    is_open=is_open,
                    received_at=received,
                    clock_started_at=received,
                    class_code=code if classified else "",
                    class_name=name if classified else "",
                    class_amount=amount if classified else None,
                    class_unit=unit if classified else "",
                    due_at=due,
                    due_soon_at=due - (due - received) / 4 if due else None,
                    paused_at=received if status == Status.WAITING else None,
                    due_soon_notified_at=None if is_open else received,
                    overdue_notified_at=None if is_open else received,
                    answered_at=received if status == Status.ANSWERED else None,
                    closed_at=None if is_open else received,
                )
            )
        with transaction.atomic():
            Complaint.objects.bulk_create(rows, batch_size=1000)
            if rows[0].pk is None:  # SQLite before 3.35 / other backends: read the ids back
                hashes = [r.tracking_code_hash for r in rows]
                ids = dict(
                    Complaint.objects.filter(tracking_code_hash__in=hashes).values_list(
                        "tracking_code_hash", "pk"
                    )
                )
                for row in rows:
                    row.pk = ids[row.tracking_code_hash]
            Event.objects.bulk_create(
                [
                    Event(
                        complaint_id=r.pk,
                        at=r.received_at,
                        action=Event.Action.RECEIVED,
                        to_status=Status.RECEIVED,
                        visibility=Visibility.PUBLIC,
                    )
                    for r in rows
                ],
                batch_size=1000,
            )
            Assignment.objects.bulk_create(
                [
                    Assignment(complaint_id=r.pk, user=handler, assigned_at=r.received_at)
                    for r in rows
                    if r.is_open and rng.random() < 0.5
                ],
                batch_size=1000,
            )
        made += size
    if connection.vendor == "postgresql":  # fresh statistics, as after any bulk import
        with connection.cursor() as cursor:
            for model in (Complaint, Event, Assignment):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    elapsed = time.perf_counter() - started
    total = Complaint.objects.filter(office=office).count()
    print(f"seeded {made} complaints in {elapsed:.1f} s; office {OFFICE} now holds {total}")
    print(f"logins: bench-tim, bench-pejabat, bench-kepala (password {PASSWORD})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
