"""Issue #11 §2: complainants' phone numbers stored as they were typed before the numbering
plan was checked ("0812-3456-7890", "+62 0812 ...") become E.164 ("+6281234567890",
`loket.validators.e164`), as visits' and offices' numbers did. A number that does not parse
is kept as it was; the identity page marks it for review."""

from django.db import migrations

BATCH = 500


def to_e164(apps, schema_editor):
    from loket.validators import e164_or_none

    Complaint = apps.get_model("complaints", "Complaint")
    rows = Complaint.objects.exclude(complainant_phone="").only("pk", "complainant_phone")
    changed = []
    for complaint in rows.iterator(chunk_size=BATCH):
        stored = e164_or_none(complaint.complainant_phone)
        if stored and stored != complaint.complainant_phone:
            complaint.complainant_phone = stored
            changed.append(complaint)
        if len(changed) >= BATCH:
            Complaint.objects.bulk_update(changed, ["complainant_phone"])
            changed = []
    if changed:
        Complaint.objects.bulk_update(changed, ["complainant_phone"])


class Migration(migrations.Migration):
    dependencies = [("complaints", "0012_consent_withdrawn")]

    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop, elidable=True)]
