"""Provider secrets move onto the shared encrypted field (loket.crypto): the stored format (a
Fernet token of the JSON secrets) is unchanged, and tokens written under LOKET_INTAKE_KEYS or the
intake key derived from the secret key stay readable; `rotate_encryption_keys` re-encrypts them
under LOKET_ENCRYPTION_KEYS."""

import loket.crypto
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0002_outbound_whatsapp_complaint'),
    ]

    operations = [
        migrations.AlterField(
            model_name='channelaccount',
            name='secrets_token',
            field=loket.crypto.EncryptedTextField(blank=True, editable=False),
        ),
    ]
