"""The public pages against a trivial view, served together by gunicorn's sync workers.

Issue 18 asks that the tracking page, the service standard page and the office page reach at
least 40% of a trivial Django view's requests per second in the same run. This script:

1. prepares the configured database (migrate, the demo office, one complaint submitted
   through the service so its tracking code is known; the table holds what
   `bench/seed_complaints.py` put there),
2. starts gunicorn (two sync workers, as production's unit file does) on a free port with
   `LOKET_TRUSTED_PROXIES=1`,
3. runs `wrk` against each page for `--seconds`, every request from another client address
   (a Lua script sets X-Forwarded-For, as the proxy would), so the per-address rate limits
   count as they would for real visitors instead of refusing the benchmark,
4. prints requests per second and the ratio to the trivial view (`/healthz`: one `SELECT 1`
   through the whole middleware stack).

    export DATABASE_URL=sqlite:////tmp/loket-bench-complaints.sqlite3
    .venv/bin/python bench/seed_complaints.py --count 100000
    .venv/bin/python bench/public_pages.py --seconds 5 --rounds 3
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
# bench/README.md measured with the in-process cache unless it says Redis (LOKET_CACHE_URL).
os.environ.setdefault("LOKET_CACHE_URL", "locmemcache://bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.serve import gunicorn  # noqa: E402
from loket.complaints import services as complaint_services  # noqa: E402
from loket.offices.services import office_by_slug  # noqa: E402
from loket.site.demo import DEMO_OFFICE_SLUG  # noqa: E402

LUA = """
counter = 0
request = function()
  counter = counter + 1
  local address = string.format("10.%d.%d.%d", math.floor(counter / 65536) % 256,
                                math.floor(counter / 256) % 256, counter % 256)
  return wrk.format(nil, nil, {["X-Forwarded-For"] = address})
end
"""


def prepare() -> dict[str, str]:
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    office = office_by_slug(DEMO_OFFICE_SLUG)
    complaint = complaint_services.submit(
        office=office,
        channel="web",
        title="Antrean konsultasi terlalu lama",
        description="Saya menunggu dua jam tanpa kepastian di ruang tunggu.",
        complainant_name="Warga Bench",
        complainant_email="warga.bench@contoh.id",
    )
    return {
        "trivial view (/healthz)": "/healthz",
        "tracking page": f"/pengaduan/{complaint.tracking_code}/",
        "service standard page": f"/instansi/{office.slug}/layanan/pelayanan-konsultasi/",
        "office page": f"/instansi/{office.slug}/",
    }


def rate(url: str, seconds: int, connections: int, script: str) -> float:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{url}: answers other than 2xx:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = prepare()
    with gunicorn() as base:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA)
        trivial_path = pages.pop("trivial view (/healthz)")
        rows = []
        for label, path in pages.items():
            rate(base + path, 2, args.connections, lua.name)  # warm-up
            # The machine's load drifts: the trivial view and the page take turns, and each
            # page's share is the median of the turns' ratios.
            pairs = [
                (
                    rate(base + trivial_path, args.seconds, args.connections, lua.name),
                    rate(base + path, args.seconds, args.connections, lua.name),
                )
                for _ in range(args.rounds)
            ]
            rows.append((label, pairs))
    print(
        f"database: {django.db.connection.vendor}; {args.rounds} turns of {args.seconds} s, "
        f"{args.connections} connections, 2 sync workers"
    )
    print("| page | requests/s (turns) | trivial view requests/s (turns) | share (median) |")
    print("|---|---|---|---|")
    for label, pairs in rows:
        shares = sorted(page / trivial for trivial, page in pairs)
        page_rates = ", ".join(f"{page:.0f}" for _, page in pairs)
        trivial_rates = ", ".join(f"{trivial:.0f}" for trivial, _ in pairs)
        print(f"| {label} | {page_rates} | {trivial_rates} | {shares[len(shares) // 2]:.0%} |")


if __name__ == "__main__":
    main()
