"""Issue 12, finding 1 (step 3 of 3): the plain tracking code is dropped; the hash is unique
(its index serves the lookups) and the reference unique per office."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_assign_references_and_hash_tracking_codes")]

    operations = [
        migrations.RemoveField(model_name="complaint", name="tracking_code"),
        migrations.AlterField(
            model_name="complaint",
            name="tracking_code_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.UniqueConstraint(
                fields=("office", "reference"), name="complaint_reference_per_office"
            ),
        ),
    ]
