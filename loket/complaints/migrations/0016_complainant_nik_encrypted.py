"""The complainant's NIK encrypted at rest (loket.crypto, OWASP ASVS 4.0.3 V6.1.1), with a blind
index for the data subject requests that find a person by NIK. Existing NIKs are encrypted in
place: the column becomes plain text (a token does not fit 16 characters), is encrypted, then
declared encrypted. Reversible. Altering the column remakes the table on SQLite, which drops the
queue index and the word-search triggers of 0007: they are made again after it, both ways
(0009's function)."""

import importlib

from django.db import migrations, models

import loket.crypto

_RESTORE = importlib.import_module(
    "loket.complaints.migrations.0009_complaint_restriction_consent_and_correction_events"
).restore_sqlite_index_and_triggers

forward, backward = loket.crypto.column_encryption(
    "complaints", "Complaint", "complainant_nik", "complainant_nik_index"
)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0015_office_asks_nik"),
    ]

    operations = [
        # Backward, this runs last: after the column is made CharField(16) again.
        migrations.RunPython(migrations.RunPython.noop, _RESTORE, elidable=False),
        migrations.AlterField(
            model_name="complaint",
            name="complainant_nik",
            field=models.TextField(blank=True, verbose_name="NIK"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="complainant_nik_index",
            field=loket.crypto.BlindIndexField(db_default="", source="complainant_nik"),
        ),
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="complaint",
            name="complainant_nik",
            field=loket.crypto.EncryptedTextField(blank=True, verbose_name="NIK"),
        ),
        migrations.RunPython(_RESTORE, migrations.RunPython.noop, elidable=False),
    ]
