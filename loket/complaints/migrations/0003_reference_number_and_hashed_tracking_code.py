"""Issue 12, finding 1 (step 1 of 3): the columns for the staff's reference number and the
tracking code's keyed hash, the per-office yearly counter, and the need-to-know setting."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_event_base_and_answer"),
        ("offices", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferenceCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                ("last", models.PositiveIntegerField(default=0)),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="offices.office",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("office", "year"), name="reference_counter_unique"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="complaint",
            name="reference",
            field=models.CharField(
                default="", editable=False, max_length=30, verbose_name="nomor pengaduan"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="complaint",
            name="tracking_code_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="officecomplaintsettings",
            name="identity_for_whole_team",
            field=models.BooleanField(
                default=False,
                help_text="Bila tidak dicentang, identitas pengadu hanya dapat dibuka oleh "
                "petugas yang ditugaskan, Pejabat Pengelola Pengaduan dan kepala instansi.",
                verbose_name="identitas pengadu terbuka bagi seluruh tim",
            ),
        ),
    ]
