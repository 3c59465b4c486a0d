"""Render time and query count of the reports' pages on a seeded database.

Renders, with the Django test client against the configured database (seed it with
bench/seed_scale.py, or bench/seed_complaints.py), for the busiest office `bench-pengaduan`
and its head `bench-kepala`: the office report for last month, this quarter and this year
(complaints, desk, surveys), the XLSX export of the year, the PDF report of last month and
of the year, and the public statistics page with its cache emptied before each render (the
worst case), computed from the live rows and then from the summary rows of
`refresh_report_figures`, and the province view (every office) before and after the job
has run (live rows, then summary rows). Each `--repeat` times after one warm-up; prints
mean, p95 and the number of queries, and the time of one `refresh_report_figures`. The
clock is frozen at 2026-11-27 12:00 WIB, the end of the seeded data.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench
    .venv/bin/python bench/reports_pages.py --repeat 10
"""

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
# bench/README.md measured with the in-process cache unless it says Redis (LOKET_CACHE_URL).
os.environ.setdefault("LOKET_CACHE_URL", "locmemcache://bench")

import django

django.setup()

from django.conf import settings  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Throttling would refuse the repeated public renders of one client.
settings.RATELIMIT_ENABLE = False

import time_machine  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from loket.complaints.models import Complaint  # noqa: E402
from loket.reports import jobs  # noqa: E402
from loket.reports.models import DailyComplaintFigures, FiguresRefresh  # noqa: E402

OFFICE = "bench-pengaduan"
NOW = datetime(2026, 11, 27, 5, 0, tzinfo=UTC)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def measure(client: Client, url: str, repeat: int, clear: bool) -> tuple[list[float], int]:
    if clear:
        cache.clear()
    assert client.get(url).status_code == 200, url  # warm-up
    timings = []
    for _ in range(repeat):
        if clear:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return timings, len(queries.captured_queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    total = Complaint.objects.filter(office__slug=OFFICE).count()
    if not total:
        print("no complaints: run bench/seed_scale.py first", file=sys.stderr)
        return 1
    head = get_user_model().objects.get(username="bench-kepala")
    staff = Client()
    staff.force_login(head)
    public = Client()
    # The province view (issue 16): the system administrator compares every office.
    root, _created = get_user_model().objects.get_or_create(
        username="bench-sistem", defaults={"is_superuser": True, "is_staff": True}
    )
    province = Client()
    province.force_login(root)
    report = f"/staf/{OFFICE}/laporan/"
    pages = [
        ("office report, last month", staff, f"{report}?periode=bulan-lalu", False),
        ("office report, this quarter", staff, f"{report}?periode=triwulan-ini", False),
        ("office report, this year", staff, f"{report}?periode=tahun-ini", False),
        ("XLSX export, this year", staff, f"{report}unduh.xlsx?periode=tahun-ini", False),
        ("PDF report, last month", staff, f"{report}unduh.pdf?periode=bulan-lalu", False),
        ("PDF report, this year", staff, f"{report}unduh.pdf?periode=tahun-ini", False),
        ("public page, live rows, no cache", public, f"/instansi/{OFFICE}/statistik/", True),
        (
            "province view, every office, last month",
            province,
            "/staf/provinsi/?periode=bulan-lalu",
            False,
        ),
        (
            "province view, every office, this year",
            province,
            "/staf/provinsi/?periode=tahun-ini",
            False,
        ),
        (
            "province drill-down, last month",
            province,
            f"/staf/provinsi/{OFFICE}/?periode=bulan-lalu",
            False,
        ),
        ("deployment public page, live rows, no cache", public, "/statistik/", True),
    ]
    print(f"{total} complaints in {OFFICE}; {connection.vendor}; {args.repeat} renders each")
    print("| page | mean ms | p95 ms | queries |\n|---|---|---|---|")
    with time_machine.travel(NOW, tick=True):
        DailyComplaintFigures.objects.all().delete()
        FiguresRefresh.objects.all().delete()
        for label, client, url, clear in pages:
            timings, queries = measure(client, url, args.repeat, clear)
            print(f"| {label} | {statistics.mean(timings):.1f} | {p95(timings):.1f} | {queries} |")
        started = time.perf_counter()
        written = jobs.refresh_report_figures(now=NOW)
        first = time.perf_counter() - started
        started = time.perf_counter()
        jobs.refresh_report_figures(now=NOW)
        again = time.perf_counter() - started
        url = f"/instansi/{OFFICE}/statistik/"
        timings, queries = measure(public, url, args.repeat, True)
        print(
            f"| public page, summary rows, no cache | {statistics.mean(timings):.1f} "
            f"| {p95(timings):.1f} | {queries} |"
        )
        for label, preset in (
            ("province view, every office, last month, summary rows", "bulan-lalu"),
            ("province view, every office, this year, summary rows", "tahun-ini"),
        ):
            timings, queries = measure(
                province, f"/staf/provinsi/?periode={preset}", args.repeat, False
            )
            print(f"| {label} | {statistics.mean(timings):.1f} | {p95(timings):.1f} | {queries} |")
        timings, queries = measure(public, "/statistik/", args.repeat, True)
        print(
            f"| deployment public page, summary rows, no cache | {statistics.mean(timings):.1f} "
            f"| {p95(timings):.1f} | {queries} |"
        )
        timings, queries = measure(public, "/statistik/", args.repeat, False)
        print(
            f"| deployment public page, cached | {statistics.mean(timings):.1f} "
            f"| {p95(timings):.1f} | {queries} |"
        )
        timings, queries = measure(public, url, args.repeat, False)
        print(
            f"| public page, cached | {statistics.mean(timings):.1f} | {p95(timings):.1f} "
            f"| {queries} |"
        )
    print(
        f"refresh_report_figures, every office: first run (13 months) {first:.1f} s, "
        f"{written} day rows; next run (2 months) {again:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
