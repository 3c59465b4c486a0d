"""A sent WhatsApp message names the complaint it carried the tracking code of, not the code:
the code is the complainant's secret, stored by the complaints app only as a keyed hash
(issue 12, finding 1). Existing rows are linked through that hash (`tracking.hash_code`, as
the complaints app's own migration 0004 uses it) within the sending account's office, then the
plain codes are dropped. A code that names no complaint of that office is simply forgotten (a
reply quoting that message then threads by its text or its sender, as any other)."""

import django.db.models.deletion
from django.db import migrations, models

from loket.codes import normalize_code
from loket.complaints.tracking import hash_code


def _link(apps, schema_editor):
    OutboundWhatsApp = apps.get_model("intake", "OutboundWhatsApp")
    Complaint = apps.get_model("complaints", "Complaint")
    rows = OutboundWhatsApp.objects.exclude(tracking_code="").select_related("account")
    for row in rows.iterator():
        canonical = normalize_code(row.tracking_code)
        if canonical:
            row.complaint = Complaint.objects.filter(
                office_id=row.account.office_id, tracking_code_hash=hash_code(canonical)
            ).first()
        row.tracking_code = ""
        row.save(update_fields=["complaint", "tracking_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0005_drop_plain_tracking_code"),
        ("intake", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundwhatsapp",
            name="complaint",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="complaints.complaint",
            ),
        ),
        migrations.RunPython(_link, migrations.RunPython.noop),
        migrations.RemoveField(model_name="outboundwhatsapp", name="tracking_code"),
    ]
