"""How long the SIPPN importer and the PDF take on the seed.

Usage: .venv/bin/python bench/standards_import_pdf.py [--repeat 200]

Runs against a throw-away test database (in-memory SQLite by default, a `test_` database
when DATABASE_URL points at PostgreSQL), so it never touches real data. Times, per run:
  parse   - reading the seed text into fields (pure Python, no database)
  import  - parse + writing the draft in one transaction (rolled back after each run)
  pdf     - rendering the published standard as an A4 PDF with reportlab
  page    - the public service page through Django's test client (template + queries)
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
# bench/README.md measured with the in-process cache unless it says Redis (LOKET_CACHE_URL).
os.environ.setdefault("LOKET_CACHE_URL", "locmemcache://bench")


def measure(label: str, repeat: int, run) -> dict:
    run()  # warm up: imports, font registration, query compilation
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
        "max": samples[-1],
    }
    print(
        f"{label:<7} mean {row['mean']:7.2f} ms   p50 {row['p50']:7.2f} ms   "
        f"p95 {row['p95']:7.2f} ms   max {row['max']:7.2f} ms"
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    # Plain static URLs, as in the tests: the page is timed without needing collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    real_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from loket.site.demo import DEMO_STANDARD_FILE, load_demo_office, load_demo_standard
        from loket.standards import pdf
        from loket.standards.services import import_standards
        from loket.standards.sippn import parse

        seed = DEMO_STANDARD_FILE.read_bytes()
        office = load_demo_office()

        def import_once():
            with transaction.atomic():
                import_standards(seed, office=office)
                transaction.set_rollback(True)

        print(
            f"Seed: {DEMO_STANDARD_FILE.name} ({len(seed)} bytes), {args.repeat} runs each, "
            f"database {connection.vendor}, Python {sys.version.split()[0]}"
        )
        measure("parse", args.repeat, lambda: parse(seed))
        measure("import", args.repeat, import_once)
        standard = load_demo_standard(office)
        size = len(pdf.render_standard(standard))
        measure("pdf", args.repeat, lambda: pdf.render_standard(standard))
        client = Client()
        url = standard.service.get_absolute_url()
        measure("page", args.repeat, lambda: client.get(url))
        print(f"PDF size {size / 1024:.1f} KB")
    finally:
        connection.creation.destroy_test_db(real_name, verbosity=0)


if __name__ == "__main__":
    main()
