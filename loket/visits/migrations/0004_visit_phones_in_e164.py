"""Issue #11: visitors' phone numbers stored as they were typed ("0812-3456-7890",
"+62 0812 ...") become E.164 ("+6281234567890") by the numbering plan
(`loket.validators.e164`). A number that does not parse is kept as it was; the staff visit
page marks it for review (`validators.phone_needs_review`)."""

from django.db import migrations

BATCH = 500


def to_e164(apps, schema_editor):
    from loket.validators import e164_or_none

    Visit = apps.get_model("visits", "Visit")
    changed = []
    for visit in Visit.objects.exclude(phone="").only("pk", "phone").iterator(chunk_size=BATCH):
        stored = e164_or_none(visit.phone)
        if stored and stored != visit.phone:
            visit.phone = stored
            changed.append(visit)
        if len(changed) >= BATCH:
            Visit.objects.bulk_update(changed, ["phone"])
            changed = []
    if changed:
        Visit.objects.bulk_update(changed, ["phone"])


class Migration(migrations.Migration):
    dependencies = [("visits", "0003_kiosk_devices_capacity_display")]

    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop, elidable=True)]
