"""The complainant's NIK encrypted at rest (loket.crypto, OWASP ASVS 4.0.3 V6.1.1), with a blind
index for the data subject requests that find a person by NIK. Existing NIKs are encrypted in
place: the column becomes plain text (a token does not fit 16 characters), is encrypted, then
declared encrypted. Reversible."""

from django.db import migrations, models

import loket.crypto

forward, backward = loket.crypto.column_encryption(
    "complaints", "Complaint", "complainant_nik", "complainant_nik_index"
)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0015_office_asks_nik"),
    ]

    operations = [
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
    ]
