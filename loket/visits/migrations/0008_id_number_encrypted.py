"""The visitor's ID number (NIK or NIP) encrypted at rest (loket.crypto, OWASP ASVS 4.0.3
V6.1.1), with a blind index for the data subject requests that find a person by NIK. Existing
numbers are encrypted in place: the column becomes plain text (a token does not fit 40
characters), is encrypted, then declared encrypted. Reversible."""

from django.db import migrations, models

import loket.crypto

forward, backward = loket.crypto.column_encryption(
    "visits", "Visit", "id_number", "id_number_index"
)


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0007_consent_withdrawn"),
    ]

    operations = [
        migrations.AlterField(
            model_name="visit",
            name="id_number",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="visit",
            name="id_number_index",
            field=loket.crypto.BlindIndexField(db_default="", source="id_number"),
        ),
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="visit",
            name="id_number",
            field=loket.crypto.EncryptedTextField(blank=True),
        ),
    ]
