"""The second factor at rest (OWASP ASVS 4.0.3 V2.6.2, V2.6.3, V2.8.2): Loket's own django-otp
devices, the authenticator seed encrypted (loket.crypto) and recovery codes kept as hashes.
Existing authenticator apps move over with their seed, drift and last step, so the same app
keeps working; existing recovery codes (django-otp's, 40 bits) move over as keyed hashes, so
each still works once until new codes are made. The clear rows are deleted. Backward, the
apps move back; recovery codes cannot (only hashes are left) and are dropped."""

import django.db.models.deletion
import loket.accounts.models
import loket.crypto
from django.conf import settings
from django.db import migrations, models

_DEVICE = [
    "user_id",
    "name",
    "confirmed",
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "created_at",
    "last_used_at",
]
_TOTP = ["key", "step", "t0", "digits", "tolerance", "drift", "last_t"]


def _copy(row, names):
    return {name: getattr(row, name) for name in names}


def _forward(apps, schema_editor):
    from loket.accounts.models import legacy_recovery_code_digests

    old_apps = apps.get_model("otp_totp", "TOTPDevice")
    new_apps = apps.get_model("accounts", "EncryptedTOTPDevice")
    for device in old_apps.objects.order_by("pk"):
        new_apps.objects.create(**_copy(device, _DEVICE + _TOTP))
    old_apps.objects.all().delete()

    old_sets = apps.get_model("otp_static", "StaticDevice")
    new_sets = apps.get_model("accounts", "RecoveryCodeDevice")
    codes = apps.get_model("accounts", "RecoveryCode")
    for device in old_sets.objects.order_by("pk"):
        moved = new_sets.objects.create(**_copy(device, _DEVICE))
        codes.objects.bulk_create(
            codes(device=moved, digest=legacy_recovery_code_digests(token.token)[0])
            for token in device.token_set.all()
        )
    old_sets.objects.all().delete()


def _backward(apps, schema_editor):
    new_apps = apps.get_model("accounts", "EncryptedTOTPDevice")
    old_apps = apps.get_model("otp_totp", "TOTPDevice")
    for device in new_apps.objects.order_by("pk"):
        old_apps.objects.create(**_copy(device, _DEVICE + _TOTP))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_refusals_alerted"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EncryptedTOTPDevice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="The human-readable name of this device.", max_length=64
                    ),
                ),
                (
                    "confirmed",
                    models.BooleanField(default=True, help_text="Is this device ready for use?"),
                ),
                (
                    "throttling_failure_timestamp",
                    models.DateTimeField(
                        blank=True,
                        default=None,
                        help_text="A timestamp of the last failed verification attempt. Null if last attempt succeeded.",
                        null=True,
                    ),
                ),
                (
                    "throttling_failure_count",
                    models.PositiveIntegerField(
                        default=0, help_text="Number of successive failed attempts."
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True,
                        help_text="The date and time when this device was initially created in the system.",
                        null=True,
                    ),
                ),
                (
                    "last_used_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="The most recent date and time this device was used.",
                        null=True,
                    ),
                ),
                ("key", loket.crypto.EncryptedTextField(default=loket.accounts.models._totp_key)),
                ("step", models.PositiveSmallIntegerField(default=30)),
                ("t0", models.BigIntegerField(default=0)),
                ("digits", models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)),
                ("tolerance", models.PositiveSmallIntegerField(default=1)),
                ("drift", models.SmallIntegerField(default=0)),
                ("last_t", models.BigIntegerField(default=-1)),
                (
                    "user",
                    models.ForeignKey(
                        help_text="The user that this device belongs to.",
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "aplikasi autentikator",
                "verbose_name_plural": "aplikasi autentikator",
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="RecoveryCodeDevice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="The human-readable name of this device.", max_length=64
                    ),
                ),
                (
                    "confirmed",
                    models.BooleanField(default=True, help_text="Is this device ready for use?"),
                ),
                (
                    "throttling_failure_timestamp",
                    models.DateTimeField(
                        blank=True,
                        default=None,
                        help_text="A timestamp of the last failed verification attempt. Null if last attempt succeeded.",
                        null=True,
                    ),
                ),
                (
                    "throttling_failure_count",
                    models.PositiveIntegerField(
                        default=0, help_text="Number of successive failed attempts."
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True,
                        help_text="The date and time when this device was initially created in the system.",
                        null=True,
                    ),
                ),
                (
                    "last_used_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="The most recent date and time this device was used.",
                        null=True,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        help_text="The user that this device belongs to.",
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "set kode pemulihan",
                "verbose_name_plural": "set kode pemulihan",
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="RecoveryCode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(db_index=True, max_length=80)),
                (
                    "device",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="codes",
                        to="accounts.recoverycodedevice",
                    ),
                ),
            ],
            options={
                "verbose_name": "kode pemulihan",
                "verbose_name_plural": "kode pemulihan",
            },
        ),
        migrations.RunPython(_forward, _backward),
    ]
