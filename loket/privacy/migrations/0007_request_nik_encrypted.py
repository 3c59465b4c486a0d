"""The NIK a data subject gave with their request, encrypted at rest (loket.crypto, OWASP ASVS
4.0.3 V6.1.1); requests are never looked up by it, so no blind index. Existing values are
encrypted in place. Reversible."""

from django.db import migrations, models

import loket.crypto

forward, backward = loket.crypto.column_encryption("privacy", "DataSubjectRequest", "nik")


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0006_breach_notified_records"),
    ]

    operations = [
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="nik",
            field=models.TextField(blank=True, verbose_name="NIK"),
        ),
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="datasubjectrequest",
            name="nik",
            field=loket.crypto.EncryptedTextField(blank=True, verbose_name="NIK"),
        ),
    ]
