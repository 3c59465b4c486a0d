"""How fast the consultation desk checks visitors in and renders the guest book at a busy
office's volume.

Usage: .venv/bin/python bench/visits_desk.py [--repeat 100] [--per-day 150] [--days 60]

Runs against a throw-away test database (in-memory SQLite by default, a `test_` database
when DATABASE_URL points at PostgreSQL), so it never touches real data. It loads the demo
office (the seed's Biro Perekonomian, its published standard and demo staff), then writes
`--days` working days of history at `--per-day` visits a day (each with its consultation and
six events) and `--per-day` visits today, half of them already routed. Times, per run:
  walk_in   - the guest book filled in at the kiosk: one POST, queue number allocated
  code      - a booked visitor checks in at the kiosk with the booking code: one POST
  book      - a full guest-book page of today for the receptionist (GET, logged in)
  rows      - the guest-book fragment htmx polls every 10 seconds
  queue     - a division's queue fragment for its consultant
  report    - the head's 30-day report (medians, p90, share within the standard)
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
# bench/README.md measured with the in-process cache unless it says Redis (LOKET_CACHE_URL).
os.environ.setdefault("LOKET_CACHE_URL", "locmemcache://bench")


def measure(label: str, repeat: int, run) -> dict:
    run()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    row = {
        "label": label,
        "mean": statistics.fmean(samples),
        "p50": samples[len(samples) // 2],
        "p95": samples[min(len(samples) - 1, int(len(samples) * 0.95))],
    }
    print(
        f"{label:<8} mean {row['mean']:7.2f} ms   p50 {row['p50']:7.2f} ms   "
        f"p95 {row['p95']:7.2f} ms"
    )
    return row


def seed_history(office, service, divisions, days: int, per_day: int, now: datetime) -> int:
    """Past working days of finished visits, written in bulk (the bench times reads, not this)."""
    from loket.visits.codes import new_booking_code
    from loket.visits.models import Consultation, QueueCounter, Visit, VisitEvent, visibility_of
    from loket.visits.services import new_token
    from loket.workdays.services import calendar_for

    calendar = calendar_for(office)
    day = now.astimezone(office.tz).date()
    written = 0
    for _ in range(days):
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        opening = calendar.next_opening(datetime.combine(day, datetime.min.time(), office.tz))
        visits = []
        for n in range(1, per_day + 1):
            arrived = opening + timedelta(minutes=2 * n)
            visits.append(
                Visit(
                    office=office,
                    service=service,
                    division=divisions[n % len(divisions)],
                    status=Visit.Status.DONE,
                    source=Visit.Source.KIOSK,
                    booking_code=new_booking_code(),
                    token=new_token(),
                    name=f"Tamu {n}",
                    phone="081200000000",
                    institution="Dinas Contoh",
                    position="Staf",
                    purpose="Konsultasi",
                    queue_date=day,
                    queue_number=n,
                    checked_in_at=arrived,
                    routed_at=arrived + timedelta(minutes=4 + n % 15),
                    called_at=arrived + timedelta(minutes=10 + n % 20),
                    started_at=arrived + timedelta(minutes=11 + n % 20),
                    ended_at=arrived + timedelta(minutes=40 + n % 20),
                    closed_at=arrived + timedelta(minutes=40 + n % 20),
                    admin_limit_seconds=900,
                    admin_seconds=(4 + n % 15) * 60,
                )
            )
        Visit.objects.bulk_create(visits)
        visits = list(Visit.objects.filter(office=office, queue_date=day))
        QueueCounter.objects.create(office=office, day=day, last_number=per_day)
        Consultation.objects.bulk_create(
            Consultation(
                visit=v,
                division=v.division,
                status=Consultation.Status.DONE,
                queued_at=v.routed_at,
                called_at=v.called_at,
                started_at=v.started_at,
                ended_at=v.ended_at,
                outcome_summary="Dijelaskan.",
            )
            for v in visits
        )
        steps = [
            ("checked_in", "", "checked_in", "checked_in_at"),
            ("reception", "checked_in", "checked_in", "routed_at"),
            ("routed", "checked_in", "routed", "routed_at"),
            ("called", "routed", "called", "called_at"),
            ("started", "called", "in_consultation", "started_at"),
            ("ended", "in_consultation", "done", "ended_at"),
        ]
        VisitEvent.objects.bulk_create(
            VisitEvent(
                visit=v,
                action=a,
                from_status=f,
                to_status=t,
                at=getattr(v, attr),
                visibility=visibility_of(a),
            )
            for v in visits
            for a, f, t, attr in steps
        )
        written += len(visits)
    return written


def main() -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--per-day", type=int, default=150)
    parser.add_argument("--days", type=int, default=60)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The kiosk's rate limit protects real offices; here one client makes every request.
    from loket.visits.public_views import kiosk_pages

    kiosk_pages.KIOSK_RATE = "100000/m"
    real_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        import time_machine

        from loket.site.demo import load_demo_office, load_demo_standard, load_demo_users
        from loket.visits import selectors, services
        from loket.visits.services import GuestBookEntry

        office = load_demo_office()
        load_demo_standard(office)
        load_demo_users(office)
        service = selectors.bookable_services(office).get()
        divisions = list(office.divisions.order_by("position"))
        # A Tuesday morning at 10:00 local time, so the office is open and the clock runs.
        now = datetime(2026, 12, 1, 10, 0, tzinfo=office.tz)
        traveller = time_machine.travel(now, tick=True)
        traveller.start()

        started = time.perf_counter()
        history = seed_history(office, service, divisions, args.days, args.per_day, now)
        user_model = get_user_model()
        rina = user_model.objects.get(username="informasi")

        def entry(n: int) -> GuestBookEntry:
            return GuestBookEntry(
                service=service,
                name=f"Tamu hari ini {n}",
                phone="081200000000",
                institution="Dinas Contoh",
                position="Staf",
                purpose="Konsultasi",
            )

        for n in range(args.per_day):
            visit = services.register_walk_in(office, entry(n), now=now - timedelta(minutes=90))
            if n % 2:
                services.route(
                    visit,
                    divisions[n % 3],
                    actor=rina,
                    reason="bench",
                    now=now - timedelta(minutes=80),
                )
        print(
            f"seeded {history} past visits over {args.days} working days and {args.per_day} "
            f"today in {time.perf_counter() - started:.1f} s ({connection.vendor})"
        )

        kiosk = Client()
        # Only the office's provisioned kiosk gives numbers: enrol this client as one.
        _device, enrolment = services.add_kiosk(office, name="Bench", actor=None)
        kiosk.post(f"/instansi/{office.slug}/kiosk/daftarkan/{enrolment}/")
        guest = {
            "service": service.pk,
            "name": "Budi Santoso",
            "phone": "0812 1111 2222",
            "institution": "Bappeda",
            "position": "Kepala Bidang",
            "purpose": "Konsultasi perencanaan",
        }

        def walk_in():
            response = kiosk.post(f"/instansi/{office.slug}/kiosk/buku-tamu/", guest)
            assert response.status_code == 302, response.status_code

        booked_codes = []
        for n in range(args.repeat + 1):
            booking = services.book(
                office,
                replace(
                    entry(n),
                    preferred_date=now.date(),
                    preferred_time=(now + timedelta(minutes=30)).time(),
                ),
                now=now - timedelta(days=1),
            )
            booked_codes.append(booking.booking_code)

        def by_code():
            code = booked_codes.pop()
            response = kiosk.post(f"/instansi/{office.slug}/kiosk/kode/", {"code": code})
            assert response.status_code == 302, response.status_code

        desk = Client()
        desk.force_login(rina)
        head = Client()
        head.force_login(user_model.objects.get(username="kepala"))
        consultant = Client()
        consultant.force_login(user_model.objects.get(username="konsultan"))

        def get(client, url):
            def run():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            return run

        start = (now - timedelta(days=30)).date().isoformat()
        end = now.date().isoformat()
        rows = [
            measure("walk_in", args.repeat, walk_in),
            measure("code", args.repeat, by_code),
            measure("book", args.repeat, get(desk, f"/staf/{office.slug}/tamu/")),
            measure("rows", args.repeat, get(desk, f"/staf/{office.slug}/tamu/daftar/")),
            measure(
                "queue",
                args.repeat,
                get(consultant, f"/staf/{office.slug}/konsultasi/pelayanan-dasar/daftar/"),
            ),
            measure(
                "report",
                max(10, args.repeat // 10),
                get(head, f"/staf/{office.slug}/konsultasi/statistik/?start={start}&end={end}"),
            ),
        ]
        today = office.visits.filter(queue_date=now.date()).count()
        print(f"guest book of today at the end: {today} visits")
        traveller.stop()
        return rows
    finally:
        connection.creation.destroy_test_db(real_name, verbosity=0)


if __name__ == "__main__":
    main()
