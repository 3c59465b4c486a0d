"""Render time of the survey results over 100,000 responses, on the configured database.

Seeds (once, when the office has fewer responses) 100,000 responses of one office in one
quarter with bulk inserts, then renders with the Django test client, `--repeat` times after
one warm-up: the period's results page (aggregates, profile, trend), the first and the last
page of the processing table, and the public JSON; prints mean and p95 in ms and the queries.

    export DATABASE_URL=sqlite:////tmp/loket-bench-surveys.sqlite3   # or postgres://...
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python bench/surveys_results.py --repeat 20
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from loket.offices.models import Membership, Office, Role  # noqa: E402
from loket.surveys import ikm  # noqa: E402
from loket.surveys.models import Response, Source, SurveyPeriod  # noqa: E402
from loket.surveys.selectors import SETTLE, stored_totals  # noqa: E402

N = 100_000
SOURCES = [
    Source.VISIT_LINK,
    Source.COMPLAINT_LINK,
    Source.KIOSK,
    Source.POSTER,
    Source.PAPER_ENTRY,
]


def seed(office):
    have = Response.objects.filter(office=office).count()
    rng = random.Random(14)
    start = date(2026, 4, 1)
    batch = []
    for i in range(have, N):
        scores = {code.lower(): rng.choice((2, 3, 3, 4, 4)) for code in ikm.CODES}
        if i % 11 == 0:
            scores["u5"] = None
        batch.append(
            Response(
                office=office,
                date=start + timedelta(days=i % 91),
                source=SOURCES[i % 5],
                sex=rng.choice("LP"),
                age_band=rng.choice(["20-29", "30-39", "40-49"]),
                education=rng.choice(["SMA", "S1"]),
                occupation=rng.choice(["PNS", "swasta"]),
                **scores,
            )
        )
        if len(batch) == 5000:
            Response.objects.bulk_create(batch)
            batch = []
    Response.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(client, url, repeat, cold=False):
    client.get(url)
    times = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return statistics.mean(times), p95, len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    office, _ = Office.objects.get_or_create(slug="bench-skm", defaults={"name": "Bench SKM"})
    user, _ = get_user_model().objects.get_or_create(username="bench-skm-head")
    Membership.objects.get_or_create(user=user, office=office, role=Role.HEAD)
    period, _ = SurveyPeriod.objects.get_or_create(
        office=office,
        kind="quarter",
        start=date(2026, 4, 1),
        end=date(2026, 6, 30),
        defaults={
            "opened_at": datetime(2026, 4, 1, tzinfo=UTC),
            "status": SurveyPeriod.Status.PUBLISHED,
            "published_at": datetime(2026, 7, 1, tzinfo=UTC),
        },
    )
    seed(office)
    # Closed as `close_period` does: the result is then fixed and its summary cached.
    period.last_response_id = Response.objects.order_by("-id").values_list("id", flat=True)[0]
    period.totals = stored_totals(period)
    period.save(update_fields=["last_response_id", "totals"])
    # The same answers in a period still open (May; no overlap check in a bench): its counted
    # rows stay in the cache and only newer ones are read once they have settled.
    open_period, _ = SurveyPeriod.objects.get_or_create(
        office=office,
        kind="custom",
        start=date(2026, 4, 1),
        end=date(2026, 6, 30),
        service=None,
        status=SurveyPeriod.Status.OPEN,
        defaults={"opened_at": datetime(2026, 4, 1, tzinfo=UTC)},
    )
    client = Client()
    client.force_login(user)
    base = f"/staf/{office.slug}/survei/periode/{period.pk}/"
    open_url = f"/staf/{office.slug}/survei/periode/{open_period.pk}/"
    pages = [
        ("results page, closed period, after a cache flush (stored totals)", base, True),
        ("results page, closed period (summary cached)", base, False),
        ("processing table, first page", f"{base}pengolahan/", False),
        ("processing table, last page", f"{base}pengolahan/?halaman=2000", False),
        ("public JSON", f"/instansi/{office.slug}/survei.json", False),
    ]
    print(f"database: {connection.vendor}, responses: {Response.objects.count()}")
    print("| page | mean ms | p95 ms | queries |")
    print("|---|---|---|---|")
    for label, url, cold in pages:
        mean, p95, queries = measure(client, url, args.repeat, cold)
        print(f"| {label} | {mean:.0f} | {p95:.0f} | {queries} |")
    # An open period's first render after a cache flush: its rows are read once (the
    # trend's earlier, closed period reads the totals stored when it closed).
    mean, p95, queries = measure(client, open_url, args.repeat, cold=True)
    label = "results page, open period, first render after a cache flush"
    print(f"| {label} | {mean:.0f} | {p95:.0f} | {queries} |")
    cache.clear()
    client.get(open_url)  # the first render reads every row
    time.sleep(SETTLE.total_seconds() + 1)
    client.get(open_url)  # they settle and join the kept part
    mean, p95, queries = measure(client, open_url, args.repeat)
    print(f"| results page, open period, counted rows kept | {mean:.0f} | {p95:.0f} | {queries} |")


if __name__ == "__main__":
    main()
