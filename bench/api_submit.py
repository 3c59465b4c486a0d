"""Complaint submission through the public API, served by gunicorn's sync workers.

Issue 18 asks that the API sustain at least 300 complaints per second on PostgreSQL on this
machine with none lost. This script:

1. prepares the configured database (migrate, the demo office) and counts its complaints,
2. starts gunicorn (sync workers as production's unit file runs them, two by default: the
   unit's four are slower on this 2-core machine, bench/README.md) on a free port with
   `LOKET_TRUSTED_PROXIES=1`,
3. runs `wrk` POSTing a JSON complaint for `--seconds`, every request from another client
   address (X-Forwarded-For, as the proxy would set it) so the per-address limits count as
   they would for real citizens; to the demo office only, or with `--offices N` to the N
   offices of `bench/seed_scale.py` in turn (a province: each office numbers its own
   register, so one office's receipts wait for each other's reference lock, not for
   another office's),
4. counts the complaints again and compares: every 201 wrk saw must be one new row, each
   with its reference, its acknowledgement in the outbox and its events; prints the rate.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench_api
    .venv/bin/python bench/api_submit.py --seconds 20
    .venv/bin/python bench/api_submit.py --seconds 20 --offices 24
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
from loket.complaints import selectors  # noqa: E402
from loket.notify.models import OutboxMessage  # noqa: E402
from loket.offices.services import office_by_slug  # noqa: E402
from loket.site.demo import DEMO_OFFICE_SLUG  # noqa: E402

LUA = """
counter = 0
offices = {%s}
wrk.method = "POST"
request = function()
  counter = counter + 1
  local address = string.format("10.%%d.%%d.%%d", math.floor(counter / 65536) %% 256,
                                math.floor(counter / 256) %% 256, counter %% 256)
  local body = '{"office": "' .. offices[counter %% #offices + 1] .. '", '
    .. '"title": "Antrean konsultasi terlalu lama", '
    .. '"description": "Saya menunggu dua jam tanpa kepastian di ruang tunggu.", '
    .. '"name": "Warga Bench", "email": "warga.bench@contoh.id"}'
  return wrk.format(nil, nil, {["X-Forwarded-For"] = address,
                               ["Content-Type"] = "application/json"}, body)
end
"""


def counts(offices) -> tuple[int, int]:
    complaints = sum(selectors.office_complaints(office).count() for office in offices)
    acknowledgements = OutboxMessage.objects.filter(topic="complaint.acknowledgement").count()
    return complaints, acknowledgements


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--offices", type=int, default=1, help="1: the demo office; N: seed_scale's N offices"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if args.offices > 1:
        from bench.seed_scale import offices as bench_offices

        offices = bench_offices(args.offices)
    else:
        call_command("load_demo", verbosity=0)
        offices = [office_by_slug(DEMO_OFFICE_SLUG)]
    before = counts(offices)
    with gunicorn(args.workers) as base:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA % ", ".join(f'"{office.slug}"' for office in offices))
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{args.connections}",
                f"-d{args.seconds}s",
                "--latency",
                "-s",
                lua.name,
                f"{base}/api/v1/complaints/",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    after = counts(offices)
    sent = int(re.search(r"(\d+) requests in", out).group(1))
    refused = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    refused_count = int(refused.group(1)) if refused else 0
    created = after[0] - before[0]
    acknowledged = after[1] - before[1]
    seconds = float(re.search(r"requests in ([\d.]+)s", out).group(1))
    # The latency distribution's own lines ("     50%    8.11ms"), not a thread statistic's
    # share that happens to end in "50%" ("87.50%").
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)
    print(
        f"database: {django.db.connection.vendor}; {args.seconds} s, {args.connections} "
        f"connections, {args.workers} sync workers, {len(offices)} office(s)"
    )
    print(f"requests answered: {sent} ({refused_count} not 2xx)")
    print(f"complaints created: {created}; acknowledgements queued: {acknowledged}")
    print(f"rate: {created / seconds:.0f} complaints/s; latency p50 {p50}, p99 {p99}")
    # wrk stops counting at the deadline: the requests then in flight (at most one per
    # connection) are finished by the server but not counted by wrk.
    answered_ok = sent - refused_count
    in_flight = created - answered_ok
    print(f"created beyond the answers counted (in flight at the end): {in_flight}")
    if not 0 <= in_flight <= args.connections or acknowledged != created:
        raise SystemExit("complaints or acknowledgements lost")


if __name__ == "__main__":
    main()
