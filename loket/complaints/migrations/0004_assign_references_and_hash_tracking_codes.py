"""Issue 12, finding 1 (step 2 of 3): staff get a reference number per office and year;
the tracking code becomes the complainant's secret, kept only as a keyed hash.

Existing complaints keep working: their codes are hashed with the same function the lookups
use (`tracking.hash_code`), references are given per office in the order of receipt (the
year in the office's zone), the counters start after the last one given, and the codes that
events and forwarded complaints carried for staff (forwarded to/from, duplicate of) become
references. Then the plain column is dropped. Going back cannot bring the codes back: the
reverse step leaves the hashes, and the old column returns with fresh codes.
"""

from zoneinfo import ZoneInfo

from django.db import migrations

from loket.complaints.tracking import format_reference, hash_code

BATCH = 1000
CODE_KEYS = {
    "forwarded": "to_code",
    "forward_received": "from_code",
    "duplicate": "original",
}
REFERENCE_KEYS = {"to_code": "to_reference", "from_code": "from_reference", "original": "original"}


def _assign(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Counter = apps.get_model("complaints", "ReferenceCounter")
    Event = apps.get_model("complaints", "Event")
    Office = apps.get_model("offices", "Office")
    references: dict[str, str] = {}
    for office in Office.objects.order_by("pk"):
        zone = ZoneInfo(office.timezone)
        last: dict[int, int] = {}
        batch = []
        rows = Complaint.objects.filter(office=office).order_by("received_at", "pk")
        for complaint in rows.iterator(chunk_size=BATCH):
            year = complaint.received_at.astimezone(zone).year
            last[year] = last.get(year, 0) + 1
            complaint.reference = format_reference(year, last[year])
            complaint.tracking_code_hash = hash_code(complaint.tracking_code)
            references[complaint.tracking_code] = complaint.reference
            batch.append(complaint)
            if len(batch) >= BATCH:
                Complaint.objects.bulk_update(batch, ["reference", "tracking_code_hash"])
                batch = []
        Complaint.objects.bulk_update(batch, ["reference", "tracking_code_hash"])
        Counter.objects.bulk_create(
            [Counter(office=office, year=year, last=n) for year, n in last.items()]
        )
    # What staff saw of another complaint's code becomes its reference.
    events = Event.objects.filter(action__in=list(CODE_KEYS))
    for event in events.iterator(chunk_size=BATCH):
        data = dict(event.data or {})
        key = CODE_KEYS[event.action]
        if key in data:
            code = data.pop(key)
            data[REFERENCE_KEYS[key]] = references.get(code, "")
            event.data = data
            event.save(update_fields=["data"])
    forwarded = Complaint.objects.filter(forwarded_from__isnull=False)
    for complaint in forwarded.iterator(chunk_size=BATCH):
        details = dict(complaint.channel_details or {})
        if "forwarded_from_code" in details:
            code = details.pop("forwarded_from_code")
            details["forwarded_from_reference"] = references.get(code, "")
            complaint.channel_details = details
            complaint.save(update_fields=["channel_details"])


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0003_reference_number_and_hashed_tracking_code"),
        ("offices", "0001_initial"),
    ]

    operations = [migrations.RunPython(_assign, migrations.RunPython.noop)]
