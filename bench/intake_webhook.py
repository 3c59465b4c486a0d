"""WhatsApp intake: the webhook's store-and-answer time (p95) and the time to process 1,000
queued messages into complaints.

Against the configured database (migrated here; use a scratch one): one office with a
WhatsApp number, then `--requests` signed webhook deliveries of one text message each
through the Django test client (middleware, signature check, the insert, the commit and the
task enqueue included), then `--queued` messages stored at once and processed by
`process_due` (each becomes a complaint through complaints.services.submit with its
acknowledgement queued in the outbox).

    rm -f /tmp/loket-bench-intake.sqlite3*
    DATABASE_URL=sqlite:////tmp/loket-bench-intake.sqlite3 .venv/bin/python bench/intake_webhook.py
"""

import argparse
import json
import os
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

SECRET = "bench-app-secret"  # noqa: S105 - a throwaway secret of the bench database
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
settings.LOKET_WHATSAPP_APP_SECRET = SECRET
settings.LOKET_WHATSAPP_API_URL = "http://127.0.0.1:9/v21.0"  # never called: text only

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from loket.intake import services  # noqa: E402
from loket.intake.models import InboundMessage  # noqa: E402
from loket.intake.whatsapp import webhook  # noqa: E402
from loket.offices.models import Office  # noqa: E402

NUMBER_ID = "900000000000001"
TEXT = "Jalan di depan kantor kelurahan rusak parah sejak dua minggu, mohon segera diperbaiki"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def body(n: int, prefix: str) -> bytes:
    sender = f"62812{n:08d}"
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "6285600001111",
                                "phone_number_id": NUMBER_ID,
                            },
                            "contacts": [{"profile": {"name": f"Warga {n}"}, "wa_id": sender}],
                            "messages": [
                                {
                                    "from": sender,
                                    "id": f"wamid.{prefix}{n}",
                                    "timestamp": str(int(time.time()) - 60),
                                    "type": "text",
                                    "text": {"body": f"{TEXT} ({n})"},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(payload).encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--queued", type=int, default=1000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    office, _created = Office.objects.get_or_create(
        slug="bench-intake", defaults={"name": "Bench Intake"}
    )
    services.connect_whatsapp(
        office=office,
        label="WA",
        phone_number_id=NUMBER_ID,
        access_token="bench-token",  # noqa: S106
    )
    run = str(int(time.time()))
    client = Client()
    times = []
    for n in range(args.requests + 20):
        raw = body(n, f"W{run}-")
        started = time.perf_counter()
        response = client.post(
            "/masuk/whatsapp/",
            data=raw,
            content_type="application/json",
            headers={"X-Hub-Signature-256": webhook.sign(raw, SECRET)},
        )
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if n >= 20:  # warm-up
            times.append(elapsed)
    print(
        f"webhook, one message per delivery ({len(times)} requests): "
        f"mean {statistics.mean(times):.1f} ms, p95 {p95(times):.1f} ms"
    )
    # Everything stored so far is processed first, so the next number is 1,000 alone.
    settings.LOKET_INTAKE_QUEUE_TASKS = False
    services.process_due(limit=100_000)
    for n in range(args.queued):
        services.receive_whatsapp(body(n, f"Q{run}-"))
    waiting = InboundMessage.objects.filter(state="received").count()
    started = time.perf_counter()
    done = services.process_due(limit=100_000)
    elapsed = time.perf_counter() - started
    print(
        f"processing {waiting} queued messages into complaints: {elapsed:.1f} s "
        f"({elapsed / max(done, 1) * 1000:.1f} ms each, {done} processed)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
