"""Time of `purge_personal_data --commit` over N expired visits, N closed complaints and N
processed raw inbound messages.

Runs on a throw-away test database (SQLite by default, PostgreSQL when DATABASE_URL points
there), never on real data. Creates one office with N visits collected two years ago and N
complaints closed six years ago and N inbound messages received 100 days ago (each with
identity, channel details and free text; no files,
whose deletion is storage-bound), then times the purge and each batch transaction (the
longest is the longest any table is locked by it), then a second run (idempotent: nothing).
The storage is a throw-away folder (the orphan sweep would take every real upload for an
orphan of the throw-away database).

    .venv/bin/python bench/privacy_purge.py --rows 100000
"""

import argparse
import os
import secrets
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
# bench/README.md measured with the in-process cache unless it says Redis (LOKET_CACHE_URL).
os.environ.setdefault("LOKET_CACHE_URL", "locmemcache://bench")

import django


def seed(rows: int):
    from loket.complaints.models import Complaint
    from loket.intake.models import InboundMessage
    from loket.offices.models import Office
    from loket.standards.models import Service
    from loket.visits.models import Visit

    office = Office.objects.create(slug="bench", name="Bench", timezone="Asia/Pontianak")
    service = Service.objects.create(office=office, slug="konsultasi", name="Konsultasi")
    collected = datetime.now(UTC) - timedelta(days=2 * 365)
    closed = datetime.now(UTC) - timedelta(days=6 * 365)
    Visit.objects.bulk_create(
        Visit(
            office=office,
            service=service,
            status="done",
            source="online",
            booking_code=f"B{n:09d}",
            token=secrets.token_hex(16),
            name=f"Pengunjung {n}",
            phone=f"0812{n:08d}",
            email=f"p{n}@example.org",
            institution="PT Contoh",
            position="Staf",
            purpose="Konsultasi perizinan usaha",
            closed_at=collected,
        )
        for n in range(rows)
    )
    Visit.objects.update(created_at=collected)
    Complaint.objects.bulk_create(
        Complaint(
            office=office,
            reference=f"ADU-2026-{n + 1:06d}",
            tracking_code_hash=f"{n:064d}",
            channel="phone",
            channel_details={"phone_number": f"0813{n:08d}", "call_time": closed.isoformat()},
            title="Antrean lama",
            description=f"Saya pengadu {n}, menunggu tiga jam.",
            complainant_name=f"Pengadu {n}",
            complainant_phone=f"0813{n:08d}",
            status="closed",
            is_open=False,
            received_at=closed - timedelta(days=10),
            closed_at=closed,
            class_code="ringan",
        )
        for n in range(rows)
    )
    received = datetime.now(UTC) - timedelta(days=100)
    InboundMessage.objects.bulk_create(
        InboundMessage(
            channel="whatsapp",
            dedupe_key=f"bench-{n}",
            sender=f"62814{n:08d}",
            sender_name=f"Pengirim {n}",
            text=f"Saya pengirim {n}, menunggu tiga jam.",
            raw=b'{"text": "Saya pengirim"}',
            raw_sha256=f"{n:064d}",
            received_at=received,
            state="processed",
        )
        for n in range(rows)
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    django.setup()
    import tempfile

    from django.db import connection
    from django.test.utils import override_settings

    # The purge's orphan sweep deletes files no row names: against a throw-away database
    # every real upload would look orphaned, so the storage is a throw-away folder too.
    override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="loket-bench-media-")).enable()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    real_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from loket.complaints import services as complaints
        from loket.intake import services as intake
        from loket.privacy import jobs
        from loket.visits import services as visits

        started = time.perf_counter()
        seed(args.rows)
        print(
            f"seeded {args.rows:,} visits, complaints and inbound messages each in "
            f"{time.perf_counter() - started:.1f} s"
        )
        batches: list[float] = []
        by_kind: dict[str, list[float]] = {"visits": [], "complaints": [], "inbound": []}
        # The selects of the expired rows, timed too: a walk that rescanned the rows it
        # erased would show here, not in the batches.
        selecting: dict[str, float] = dict.fromkeys(by_kind, 0.0)
        for kind, module, name in (
            ("visits", visits.retention, "expired_visit_ids"),
            ("complaints", complaints.retention, "expired_complaint_ids"),
            ("inbound", intake.retention, "expired_message_ids"),
        ):
            erase = module.erase_personal_data
            select = getattr(module, name)

            def timed_select(*args, _select=select, _kind=kind, **kwargs):
                start = time.perf_counter()
                try:
                    return _select(*args, **kwargs)
                finally:
                    selecting[_kind] += time.perf_counter() - start

            setattr(module, name, timed_select)

            def timed(ids, *, now, _erase=erase, _kind=kind):
                start = time.perf_counter()
                try:
                    return _erase(ids, now=now)
                finally:
                    batches.append(time.perf_counter() - start)
                    by_kind[_kind].append(batches[-1])

            module.erase_personal_data = timed
        started = time.perf_counter()
        counts = jobs.purge_personal_data(dry_run=False)
        took = time.perf_counter() - started
        print(f"purge: {took:.1f} s, {counts}")
        print(
            f"batch transactions: {len(batches)}, longest {max(batches) * 1000:.0f} ms, "
            f"mean {sum(batches) / len(batches) * 1000:.0f} ms"
        )
        for kind, times in by_kind.items():
            if times:
                print(
                    f"  {kind}: {len(times)} batches, longest {max(times) * 1000:.0f} ms, "
                    f"mean {sum(times) / len(times) * 1000:.0f} ms; "
                    f"selects {selecting[kind]:.2f} s in all"
                )
        started = time.perf_counter()
        again = jobs.purge_personal_data(dry_run=False)
        print(f"second run: {time.perf_counter() - started:.2f} s, {again}")
        return 0 if took < 60 and max(batches) < 1 else 1
    finally:
        connection.creation.destroy_test_db(real_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
