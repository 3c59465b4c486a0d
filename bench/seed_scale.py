"""Seed a PostgreSQL database at province scale with COPY: offices, complaints, visits.

Creates (or reuses) 24 offices in the three Indonesian time zones, each with a service, a
published standard carrying the four deadline classes, a division and staff (the office
`bench-pengaduan` keeps the logins of bench/seed_complaints.py, so bench/complaints_pages.py
runs against it), then streams with `COPY ... FROM STDIN` (psycopg 3 `cursor.copy`):

- `--complaints` complaints received over the three years before 2026-11-27, spread over the
  offices Zipf-like (bench-pengaduan is the busiest), every channel, most closed, the recent
  ones open (some overdue, some paused, half assigned), with their timeline: received,
  classified, assigned, answered, closed / not authority / duplicate (about 3.6 events each),
  their assignments and answers;
- `--visits` visits over the same years, mostly done, with queue numbers per office and day.

Ids are taken past the current maximum and the sequences moved after the load, so the
database stays usable by the application and the script can be run again to add more.

    createdb -h 127.0.0.1 -U postgres loket_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench
    .venv/bin/python bench/seed_scale.py --complaints 1000000 --visits 500000
"""

import argparse
import itertools
import json
import os
import random
import secrets
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
# bench/README.md measured with the in-process cache unless it says Redis (LOKET_CACHE_URL).
os.environ.setdefault("LOKET_CACHE_URL", "locmemcache://bench")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402

from loket import codes  # noqa: E402
from loket.complaints.models import (  # noqa: E402
    Answer,
    Assignment,
    Complaint,
    Event,
    ReferenceCounter,
    Status,
)
from loket.complaints.tracking import format_reference, hash_code  # noqa: E402
from loket.events import Visibility  # noqa: E402
from loket.offices.models import Channel, Division, Membership, Office, Role  # noqa: E402
from loket.standards.models import Service, Standard  # noqa: E402
from loket.visits.models import Visit  # noqa: E402
from loket.workdays.services import calendar_for  # noqa: E402

MAIN_OFFICE = "bench-pengaduan"
PASSWORD = "bench-loket-2026"  # noqa: S105 - a throw-away benchmark database
END = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
YEARS = 3
CHUNK = 50_000
ZONES = ["Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"]
CLASSES = [
    ("ringan", "Pengaduan ringan", 3, "hours"),
    ("normatif", "Pengaduan bersifat normatif", 5, "working_days"),
    ("tidak-berkadar-pengawasan", "Pengaduan tidak berkadar pengawasan", 14, "working_days"),
    ("berkadar-pengawasan", "Pengaduan berkadar pengawasan", 60, "working_days"),
]
CLASS_CUM = list(itertools.accumulate([20, 50, 25, 5]))
CHANNELS = [kind for kind, _label in Channel.Kind.choices]
WORDS = [
    "antrean",
    "petugas",
    "loket",
    "pelayanan",
    "izin",
    "surat",
    "berkas",
    "lambat",
    "ramah",
    "biaya",
    "jadwal",
    "informasi",
    "pungutan",
    "sertifikat",
    "tanah",
    "jalan",
    "rusak",
    "air",
    "bersih",
    "listrik",
    "sekolah",
    "rumah",
    "sakit",
    "bantuan",
    "sosial",
    "kependudukan",
    "akta",
    "kelahiran",
    "paspor",
    "nomor",
    "induk",
    "pajak",
    "kendaraan",
    "sampah",
    "banjir",
]
NAMES = [
    "Ahmad",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fitri",
    "Gita",
    "Hadi",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nyoman",
]


def office_with_staff(slug: str, name: str, zone: str, with_logins: bool, password: str) -> Office:
    office, _ = Office.objects.get_or_create(slug=slug, defaults={"name": name, "timezone": zone})
    service, _ = Service.objects.get_or_create(
        office=office, slug="pelayanan-konsultasi", defaults={"name": "Pelayanan Konsultasi"}
    )
    Division.objects.get_or_create(office=office, slug="umum", defaults={"name": "Bagian Umum"})
    if not Standard.objects.filter(service=service, status=Standard.Status.PUBLISHED).exists():
        Standard.objects.create(
            service=service,
            version=1,
            status=Standard.Status.PUBLISHED,
            published_at=END - timedelta(days=365 * YEARS + 30),
            complaint_classes=[
                {"code": c, "name": n, "text": f"{a} {u}", "amount": a, "unit": u}
                for c, n, a, u in CLASSES
            ],
        )
    prefix = "bench" if with_logins else slug
    for suffix, role in (
        ("tim", Role.COMPLAINT_HANDLER),
        ("pejabat", Role.COMPLAINT_OFFICER),
        ("kepala", Role.HEAD),
    ):
        user, _ = get_user_model().objects.get_or_create(
            username=f"{prefix}-{suffix}", defaults={"password": password}
        )
        Membership.objects.get_or_create(user=user, office=office, role=role)
    return office


def offices(count: int) -> list[Office]:
    password = make_password(PASSWORD)  # hashed once: a hash per user takes seconds
    made = [
        office_with_staff(MAIN_OFFICE, "Kantor Bench Pengaduan", "Asia/Pontianak", True, password)
    ]
    for number in range(1, count):
        made.append(
            office_with_staff(
                f"bench-kantor-{number:02d}",
                f"Kantor Bench {number:02d}",
                ZONES[number % len(ZONES)],
                False,
                password,
            )
        )
    return made


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchone()[0]


def drop_indexes(tables: list[str]) -> list[str]:
    """Drops the plain (non-unique) indexes of the tables and returns their definitions:
    building them once after the load is several times faster than keeping them up to date
    row by row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisunique",
            [tables],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in found]


def move_sequence(model: type[models.Model]) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


class Copier:
    """Streams rows into one table with COPY. The caller gives values for `columns`; every
    other concrete column gets its field default (or NULL / empty string), computed once."""

    def __init__(self, model: type[models.Model], columns: list[str]):
        self.model = model
        self.columns = columns
        self.constants: list[tuple[str, object]] = []
        for field in model._meta.concrete_fields:
            if field.attname in columns:
                continue
            if field.has_default():
                value = field.get_db_prep_save(field.get_default(), connection)
            elif field.null:
                value = None
            elif isinstance(field, models.DateTimeField):
                value = END
            else:
                value = field.get_db_prep_save(field.get_default(), connection)
            if isinstance(field, models.JSONField):  # serialised once, not per row
                value = json.dumps(field.get_default())
            self.constants.append((field.column, value))
        self.count = 0

    def load(self, rows: Iterable[tuple]) -> int:
        names = [self.model._meta.get_field(c).column for c in self.columns]
        names += [name for name, _value in self.constants]
        tail = tuple(value for _name, value in self.constants)
        sql = f"COPY {self.model._meta.db_table} ({', '.join(names)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row + tail)
                self.count += 1
        return self.count


def zipf_weights(count: int) -> list[float]:
    """Cumulative weights: the n-th office receives about 1/n**0.8 of the first's share."""
    return list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(count)))


def tracking_code(rng: random.Random) -> str:
    # Drawn from the seeded generator (fast, repeatable): 32**12 codes, no collision here.
    return codes.format_code("".join(rng.choices(codes.CODE_ALPHABET, k=codes.CODE_LENGTH)))


def seed_complaints(args, offices_: list[Office], rng: random.Random) -> dict[str, int]:
    calendars = {office.pk: calendar_for(office) for office in offices_}
    staff = {
        (m.office_id, m.role): m.user_id
        for m in Membership.objects.filter(office__in=offices_).only("office", "role", "user")
    }
    weights = zipf_weights(len(offices_))
    span = timedelta(days=365 * YEARS).total_seconds()
    open_window = timedelta(days=45).total_seconds()
    closed_statuses = [Status.CLOSED] * 16 + [Status.NOT_AUTHORITY, Status.DUPLICATE] * 2
    open_statuses = [Status.IN_PROGRESS] * 6 + [Status.RECEIVED, Status.WAITING, Status.ANSWERED]
    first = {m: next_id(m) for m in (Complaint, Event, Assignment, Answer)}
    ids = dict(first)
    # Codes from their own generator, seeded by the first id: a second run adds new codes.
    code_rng = random.Random(f"{args.seed}-{first[Complaint]}")
    events: list[tuple] = []
    last_reference: dict[tuple[int, int], int] = {}
    assignments: list[tuple] = []
    answers: list[tuple] = []

    def event(complaint_id, at, action, frm, to, visibility, actor, note=""):
        events.append((ids[Event], complaint_id, at, action, frm, to, visibility, actor, note))
        ids[Event] += 1

    def complaints() -> Iterator[tuple]:
        for _ in range(args.complaints):
            pk = ids[Complaint]
            ids[Complaint] += 1
            office = rng.choices(offices_, cum_weights=weights)[0]
            handler = staff[(office.pk, Role.COMPLAINT_HANDLER)]
            officer = staff[(office.pk, Role.COMPLAINT_OFFICER)]
            is_open = rng.random() < args.open_share
            received = END - timedelta(seconds=rng.random() * (open_window if is_open else span))
            status = rng.choice(open_statuses if is_open else closed_statuses)
            code, name, amount, unit = rng.choices(CLASSES, cum_weights=CLASS_CUM)[0]
            classified = status not in (Status.RECEIVED, Status.NOT_AUTHORITY, Status.DUPLICATE)
            due = calendars[office.pk].add(received, amount, unit) if classified else None
            words = rng.sample(WORDS, 5)
            handled = received + timedelta(hours=rng.uniform(1, 30))
            answered_at = handled + timedelta(days=rng.uniform(0.5, 20)) if classified else None
            if status == Status.ANSWERED:
                answered_at = min(answered_at, END - timedelta(hours=1))
            closed_at = None
            if not is_open:
                closed_at = (answered_at or handled) + timedelta(days=rng.uniform(0, 10))
            assigned = classified and (not is_open or rng.random() < 0.5)
            public = Visibility.PUBLIC
            event(pk, received, "received", "", Status.RECEIVED, public, None)
            if classified:
                event(pk, handled, "classified", Status.RECEIVED, Status.IN_PROGRESS, public,
                      officer)  # fmt: skip
            if assigned:
                event(pk, handled, "assigned", "", "", Visibility.INTERNAL, officer)
                assignments.append((ids[Assignment], pk, handler, officer, handled))
                ids[Assignment] += 1
            if status == Status.WAITING:
                event(pk, handled, "completion_requested", Status.IN_PROGRESS, Status.WAITING,
                      public, handler, "Mohon lengkapi fotokopi KTP.")  # fmt: skip
            if answered_at is not None and status != Status.IN_PROGRESS:
                text = f"Terima kasih, {' '.join(words[:3])} sudah ditindaklanjuti."
                event(pk, answered_at, "answered", Status.IN_PROGRESS, Status.ANSWERED, public,
                      handler, text)  # fmt: skip
                answers.append((ids[Answer], pk, text, handler, answered_at))
                ids[Answer] += 1
            if status in (Status.NOT_AUTHORITY, Status.DUPLICATE):
                event(pk, closed_at, str(status), Status.RECEIVED, status, public, officer)
            elif closed_at is not None:
                event(pk, closed_at, "closed", Status.ANSWERED, Status.CLOSED, public, None)
            # Staff references numbered by id: unique per office; the counters follow below.
            year = received.astimezone(office.tz).year
            last_reference[(office.pk, year)] = pk
            yield (
                pk,
                office.pk,
                format_reference(year, pk),
                hash_code(tracking_code(code_rng)),
                rng.choice(CHANNELS),
                f"Pengaduan {' '.join(words[:2])}"[:200],
                f"Uraian tentang {' '.join(words)} di {office.name}.",
                f"{rng.choice(NAMES)} {rng.choice(NAMES)}",
                status,
                is_open,
                received,
                received,
                code if classified else "",
                name if classified else "",
                amount if classified else None,
                unit if classified else "",
                due,
                due - (due - received) / 4 if due else None,
                handled if status == Status.WAITING else None,
                None if is_open else received,
                None if is_open else received,
                answered_at,
                closed_at,
                received,
                closed_at or answered_at or received,
            )

    complaint_copy = Copier(
        Complaint,
        ["id", "office_id", "reference", "tracking_code_hash", "channel", "title", "description",
         "complainant_name", "status", "is_open", "received_at", "clock_started_at",
         "class_code", "class_name", "class_amount", "class_unit", "due_at", "due_soon_at",
         "paused_at", "due_soon_notified_at", "overdue_notified_at", "answered_at",
         "closed_at", "created_at", "updated_at"],
    )  # fmt: skip
    event_copy = Copier(
        Event,
        ["id", "complaint_id", "at", "action", "from_status", "to_status", "visibility",
         "actor_id", "note"],
    )  # fmt: skip
    assignment_copy = Copier(
        Assignment, ["id", "complaint_id", "user_id", "assigned_by_id", "assigned_at"]
    )
    answer_copy = Copier(Answer, ["id", "complaint_id", "text", "author_id", "created_at"])
    rows = complaints()
    while complaint_copy.count < args.complaints:  # in chunks: the timelines stay small
        complaint_copy.load(itertools.islice(rows, CHUNK))
        for copier, pending in (
            (event_copy, events),
            (assignment_copy, assignments),
            (answer_copy, answers),
        ):
            copier.load(pending)
            pending.clear()
        print(f"  {complaint_copy.count:,} complaints", flush=True)
    for model in (Complaint, Event, Assignment, Answer):
        move_sequence(model)
    for (office_id, year), last in last_reference.items():  # new receipts number after these
        ReferenceCounter.objects.update_or_create(
            office_id=office_id, year=year, defaults={"last": last}
        )
    return {
        "complaints": complaint_copy.count,
        "events": event_copy.count,
        "assignments": assignment_copy.count,
        "answers": answer_copy.count,
    }


def seed_visits(args, offices_: list[Office], rng: random.Random) -> int:
    services = dict(
        Service.objects.filter(office__in=offices_).values_list("office_id", "pk").distinct()
    )
    divisions = dict(Division.objects.filter(office__in=offices_).values_list("office_id", "pk"))
    weights = zipf_weights(len(offices_))
    span_days = 365 * YEARS
    numbers: dict[tuple[int, date], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT office_id, queue_date, MAX(queue_number) FROM visits_visit "
            "WHERE queue_date IS NOT NULL GROUP BY 1, 2"
        )
        numbers = {(o, d): n for o, d, n in cursor.fetchall()}
    statuses = [Visit.Status.DONE] * 14 + [
        Visit.Status.NO_SHOW,
        Visit.Status.CANCELLED,
        Visit.Status.WALKED_OUT,
    ]
    sources = [Visit.Source.ONLINE] * 5 + [Visit.Source.KIOSK] * 3 + [Visit.Source.DESK] * 2
    first = next_id(Visit)

    def visits() -> Iterator[tuple]:
        for index in range(args.visits):
            office = rng.choices(offices_, cum_weights=weights)[0]
            zone = ZoneInfo(office.timezone)
            day = (END - timedelta(days=rng.randrange(1, span_days))).astimezone(zone).date()
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            status = rng.choice(statuses)
            arrived = datetime(day.year, day.month, day.day, 8, tzinfo=zone) + timedelta(
                minutes=rng.randrange(0, 420)
            )
            came = status in (Visit.Status.DONE, Visit.Status.WALKED_OUT)
            queue_number = None
            if came:
                queue_number = numbers.get((office.pk, day), 0) + 1
                numbers[(office.pk, day)] = queue_number
            started = arrived + timedelta(minutes=rng.uniform(2, 40))
            ended = started + timedelta(minutes=rng.uniform(5, 60))
            done = status == Visit.Status.DONE
            yield (
                first + index,
                office.pk,
                services[office.pk],
                divisions[office.pk],
                status,
                rng.choice(sources),
                f"K{first + index:09d}",
                secrets.token_urlsafe(24),
                f"{rng.choice(NAMES)} {rng.choice(NAMES)}",
                f"08{rng.randrange(10**9, 10**10)}",
                rng.choice(["Dinas Pendidikan", "PT Maju Jaya", "Perorangan", "Universitas"]),
                rng.choice(["Staf", "Direktur", "Mahasiswa", "Warga"]),
                f"Konsultasi {' '.join(rng.sample(WORDS, 3))}",
                day,
                day if came else None,
                queue_number,
                arrived if came else None,
                arrived + timedelta(minutes=1) if came else None,
                started if done else None,
                started if done else None,
                ended if done else None,
                (ended if done else arrived) if came else None,
                arrived - timedelta(days=rng.uniform(0, 7)),
            )

    copier = Copier(
        Visit,
        ["id", "office_id", "service_id", "division_id", "status", "source", "booking_code",
         "token", "name", "phone", "institution", "position", "purpose", "preferred_date",
         "queue_date", "queue_number", "checked_in_at", "routed_at", "called_at",
         "started_at", "ended_at", "closed_at", "created_at"],
    )  # fmt: skip
    copier.load(visits())
    move_sequence(Visit)
    return copier.count


def sizes() -> list[tuple[str, int | None, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup, pg_size_pretty(pg_total_relation_size(relid)) "
            "FROM pg_stat_user_tables WHERE relname IN "
            "('complaints_complaint', 'complaints_event', 'complaints_assignment', "
            "'complaints_answer', 'visits_visit') ORDER BY pg_total_relation_size(relid) DESC"
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        rows.append(("whole database", None, cursor.fetchone()[0]))
    return rows


def timed(label: str, step: Callable[[], object]) -> object:
    started = time.perf_counter()
    result = step()
    print(f"{label}: {time.perf_counter() - started:.1f} s -> {result}", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--visits", type=int, default=500_000)
    parser.add_argument("--offices", type=int, default=24)
    parser.add_argument("--open-share", type=float, default=0.03)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("seed_scale.py needs PostgreSQL (DATABASE_URL=postgres://...)", file=sys.stderr)
        return 1
    started = time.perf_counter()
    timed("migrate", lambda: call_command("migrate", verbosity=0))
    rng = random.Random(args.seed)
    offices_ = timed("offices and staff", lambda: offices(args.offices))
    tables = [m._meta.db_table for m in (Complaint, Event, Assignment, Answer, Visit)]
    connection.set_autocommit(False)  # one transaction: all or nothing
    with connection.cursor() as cursor:
        # The rows are consistent by construction: no foreign-key trigger per row (the
        # `postgres` superuser of the bench database may do this), no fsync per commit.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        indexes = drop_indexes(tables)
    timed("complaints", lambda: seed_complaints(args, offices_, rng))
    timed("visits", lambda: seed_visits(args, offices_, rng))
    with connection.cursor() as cursor:

        def rebuild() -> int:
            for definition in indexes:
                cursor.execute(definition)
            return len(indexes)

        timed("indexes", rebuild)
    connection.commit()
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        # VACUUM too: the visibility map lets counts use index-only scans from the start.
        timed("vacuum analyze", lambda: cursor.execute("VACUUM (ANALYZE)"))
    print(f"total {time.perf_counter() - started:.1f} s")
    for table, rows, size in sizes():
        print(f"| {table} | {'' if rows is None else f'{rows:,}'} | {size} |")
    print(f"logins: bench-tim, bench-pejabat, bench-kepala (password {PASSWORD})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
