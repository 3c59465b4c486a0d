"""p95 render time and query count of the complaint staff lists on a seeded database.

Renders, with the Django test client against the configured database (seed it first with
bench/seed_complaints.py or bench/seed_scale.py), the team queue and the head's list of
every complaint: first pages, filtered (class + channel + overdue, status + channel, a month
of receipt), sorted, a deep page, searched by words and with a typo, each `--repeat` times
after one warm-up; prints mean, p95 and the number of queries. With `--explain DIR`
(PostgreSQL), it also writes `EXPLAIN (ANALYZE, BUFFERS)` of every query of one render that
reads the complaints table to DIR/<page>.txt and prints each plan's top line and execution
time. bench/seed_scale.py seeds the same office at 1,000,000 complaints.

    export DATABASE_URL=sqlite:////tmp/loket-bench-complaints.sqlite3
    .venv/bin/python bench/complaints_pages.py --repeat 30
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench \
        .venv/bin/python bench/complaints_pages.py --explain bench/results
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
# bench/README.md measured with the in-process cache unless it says Redis (LOKET_CACHE_URL).
os.environ.setdefault("LOKET_CACHE_URL", "locmemcache://bench")

import django

django.setup()

from django.conf import settings  # noqa: E402

# The test client's host and plain static file names (no collectstatic manifest needed).
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from loket.complaints.models import Complaint  # noqa: E402

OFFICE = "bench-pengaduan"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def explain(label: str, queries: list[dict], folder: Path) -> list[str]:
    """EXPLAIN ANALYZE the queries of one render that read complaints; the plans go to a file,
    a one-line summary of each is returned."""
    folder.mkdir(parents=True, exist_ok=True)
    summary, text = [], []
    for query in queries:
        sql = query["sql"]
        if '"complaints_complaint"' not in sql.split(" WHERE ")[0]:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = [row[0] for row in cursor.fetchall()]
        text += [sql, *plan, ""]
        took = next((line for line in reversed(plan) if line.startswith("Execution Time")), "")
        summary.append(f"    {plan[0].strip()[:110]} | {took}")
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    (folder / f"{slug}.txt").write_text("\n".join(text))
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--explain", type=Path, help="write EXPLAIN ANALYZE plans here")
    args = parser.parse_args()
    total = Complaint.objects.filter(office__slug=OFFICE).count()
    if not total:
        print("no complaints: run bench/seed_complaints.py first", file=sys.stderr)
        return 1
    users = get_user_model().objects.in_bulk(["bench-tim", "bench-kepala"], field_name="username")
    queue = f"/staf/{OFFICE}/pengaduan/"
    head = f"/staf/{OFFICE}/pengaduan/semua/"
    pages = [
        ("team queue, first page", "bench-tim", queue),
        (
            "team queue, filtered",
            "bench-tim",
            f"{queue}?complaint_class=normatif&channel=phone&overdue=on",
        ),
        ("team queue, assigned to me", "bench-tim", f"{queue}?mine=on"),
        ("team queue, word search", "bench-tim", f"{queue}?q=antrean+loket"),
        ("team queue, sorted by receipt", "bench-tim", f"{queue}?urut=-diterima"),
        ("head's list, first page", "bench-kepala", head),
        ("head's list, page 100", "bench-kepala", f"{head}?halaman=100"),
        ("head's list, newest first", "bench-kepala", f"{head}?urut=-diterima"),
        (
            "head's list, one month received",
            "bench-kepala",
            f"{head}?dari=2026-06-01&sampai=2026-06-30",
        ),
        ("head's list, status and channel", "bench-kepala", f"{head}?status=closed&channel=web"),
        ("head's list, word search", "bench-kepala", f"{head}?q=antrean+loket"),
        ("head's list, typo search", "bench-kepala", f"{head}?q=antren"),
    ]
    print(f"{total} complaints in {OFFICE}; {connection.vendor}; {args.repeat} renders each")
    print("| page | mean ms | p95 ms | queries |\n|---|---|---|---|")
    for label, username, url in pages:
        client = Client()
        client.force_login(users[username])
        assert client.get(url).status_code == 200, url  # warm-up
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        print(
            f"| {label} | {statistics.mean(timings):.1f} | {p95(timings):.1f} "
            f"| {len(queries.captured_queries)} |"
        )
        if args.explain and connection.vendor == "postgresql":
            print("\n".join(explain(label, queries.captured_queries, args.explain)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
