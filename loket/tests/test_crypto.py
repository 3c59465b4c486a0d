"""loket.crypto (issue 12 follow-up, OWASP ASVS 4.0.3 V6.1.1, V6.2, V1.6): values encrypted at
rest under LOKET_ENCRYPTION_KEYS (the first encrypts, all decrypt), blind indexes, the
re-encryption command and the production key check. Before: only intake had keys, nothing
rotated them, and personal data was stored in clear."""

import base64
import hashlib
import io
import json

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from loket import crypto
from loket.accounts.models import EncryptedTOTPDevice
from loket.complaints.models import Complaint
from loket.intake.models import ChannelAccount
from loket.offices.tests.factories import UserFactory

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()
NIK = "6171010101900001"


@pytest.fixture
def old_key(settings):
    settings.LOKET_ENCRYPTION_KEYS = [OLD]
    return settings


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()[0]


def test_a_value_round_trips_and_the_token_shows_nothing_of_it(old_key):
    token = crypto.encrypt(NIK)
    assert crypto.decrypt(token) == NIK
    assert NIK not in token
    assert "6171" not in token
    assert crypto.encrypt(NIK) != token  # a random IV each time
    assert Fernet(OLD.encode()).decrypt(token.encode()).decode() == NIK


def test_the_first_key_encrypts_and_every_key_decrypts(settings):
    settings.LOKET_ENCRYPTION_KEYS = [OLD]
    token = crypto.encrypt(NIK)
    settings.LOKET_ENCRYPTION_KEYS = [NEW, OLD]
    assert crypto.decrypt(token) == NIK
    assert not crypto.is_current(token)
    moved = crypto.rotated(token)
    assert crypto.is_current(moved)
    settings.LOKET_ENCRYPTION_KEYS = [NEW]
    assert crypto.decrypt(moved) == NIK
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)  # its only key was removed: an error, never a silent empty


def test_a_blind_index_is_keyed_and_old_indexes_still_match_until_rotated(settings):
    settings.LOKET_ENCRYPTION_KEYS = [OLD]
    before = crypto.blind_index(f" {NIK} ")
    assert before == crypto.blind_index(NIK)
    assert len(before) == 64
    assert before != hashlib.sha256(NIK.encode()).hexdigest()  # keyed, not a bare hash
    assert crypto.blind_index("") == ""
    assert crypto.blind_indexes(" ") == []
    settings.LOKET_ENCRYPTION_KEYS = [NEW, OLD]
    assert crypto.blind_index(NIK) != before
    assert before in crypto.blind_indexes(NIK)


@pytest.mark.django_db
def test_the_field_stores_a_token_reads_text_and_refuses_a_lookup_by_value(old_key):
    user = UserFactory()
    device = EncryptedTOTPDevice.objects.create(user=user, name="Loket")
    seed = device.key
    assert len(seed) == 40
    stored = _raw("accounts_encryptedtotpdevice", "key", device.pk)
    assert seed not in stored
    assert Fernet(OLD.encode()).decrypt(stored.encode()).decode() == seed
    assert EncryptedTOTPDevice.objects.get(pk=device.pk).key == seed
    assert list(EncryptedTOTPDevice.objects.values_list("key", flat=True)) == [seed]
    assert EncryptedTOTPDevice.objects.exclude(key="").count() == 1
    with pytest.raises(TypeError, match="blind index"):
        EncryptedTOTPDevice.objects.filter(key=seed).exists()
    with pytest.raises(Exception, match="Unsupported lookup"):
        EncryptedTOTPDevice.objects.filter(key__contains=seed[:6]).exists()


@pytest.mark.django_db
def test_intake_secrets_written_under_the_former_intake_keys_still_open(settings, office_a):
    """The intake app encrypted with LOKET_INTAKE_KEYS, or a key it derived from the secret
    key; both kinds of stored token still open after the move to the shared kernel."""
    intake_key = Fernet.generate_key()
    settings.LOKET_INTAKE_KEYS = [intake_key.decode()]
    settings.LOKET_ENCRYPTION_KEYS = [NEW]
    derived = base64.urlsafe_b64encode(
        hashlib.sha256(b"loket.intake.secrets:" + settings.SECRET_KEY.encode()).digest()
    )
    accounts = []
    for key, secret in ((intake_key, "EAAG-lama"), (derived, "sandi-imap")):
        account = ChannelAccount.objects.create(
            office=office_a, provider="imap", channel="email", label=secret
        )
        token = Fernet(key).encrypt(json.dumps({"password": secret}).encode()).decode()
        ChannelAccount.objects.filter(pk=account.pk).update(secrets_token="")
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE intake_channelaccount SET secrets_token = %s WHERE id = %s",
                [token, account.pk],
            )
        accounts.append(account)
    assert ChannelAccount.objects.get(pk=accounts[0].pk).secret("password") == "EAAG-lama"
    assert ChannelAccount.objects.get(pk=accounts[1].pk).secret("password") == "sandi-imap"
    fresh = ChannelAccount.objects.get(pk=accounts[0].pk)
    fresh.set_secrets(access_token="EAAG-baru")
    fresh.save()
    stored = _raw("intake_channelaccount", "secrets_token", fresh.pk)
    assert json.loads(Fernet(NEW.encode()).decrypt(stored.encode())) == {
        "access_token": "EAAG-baru",
        "password": "EAAG-lama",
    }
    assert fresh.masked_secrets()["access_token"] == "••••baru"


@pytest.mark.django_db
def test_rotation_re_encrypts_every_column_recomputes_indexes_and_is_idempotent(settings, office_a):
    settings.LOKET_ENCRYPTION_KEYS = [OLD]
    device = EncryptedTOTPDevice.objects.create(user=UserFactory(), name="Loket")
    seed = device.key
    account = ChannelAccount.objects.create(
        office=office_a, provider="imap", channel="email", label="Kotak"
    )
    account.set_secrets(password="sandi-imap")
    account.save()
    complaint = Complaint.objects.create(
        office=office_a,
        tracking_code_hash="x" * 64,
        reference="ADU-2026-000001",
        channel="web",
        title="Uji",
        description="Uji rotasi.",
        complainant_nik=NIK,
        received_at="2026-03-02T02:00:00Z",
    )
    old_index = Complaint.objects.get(pk=complaint.pk).complainant_nik_index
    assert old_index == crypto.blind_index(NIK)

    settings.LOKET_ENCRYPTION_KEYS = [NEW, OLD]
    out = io.StringIO()
    call_command("rotate_encryption_keys", "--batch-size", "1", stdout=out)
    printed = out.getvalue()
    assert "accounts.EncryptedTOTPDevice: 1 rows read, 1 changed" in printed
    assert "intake.ChannelAccount: 1 rows read, 1 changed" in printed
    assert "complaints.Complaint: 1 rows read, 1 changed" in printed
    new_fernet = Fernet(NEW.encode())
    for table, column, pk in (
        ("accounts_encryptedtotpdevice", "key", device.pk),
        ("intake_channelaccount", "secrets_token", account.pk),
        ("complaints_complaint", "complainant_nik", complaint.pk),
    ):
        new_fernet.decrypt(_raw(table, column, pk).encode())  # raises unless under NEW
    assert _raw("complaints_complaint", "complainant_nik_index", complaint.pk) != old_index

    again = io.StringIO()
    call_command("rotate_encryption_keys", stdout=again)
    assert "Done: 0 rows changed." in again.getvalue()

    settings.LOKET_ENCRYPTION_KEYS = [NEW]  # the old key destroyed: everything still opens
    assert EncryptedTOTPDevice.objects.get(pk=device.pk).key == seed
    assert ChannelAccount.objects.get(pk=account.pk).secret("password") == "sandi-imap"
    found = Complaint.objects.filter(complainant_nik_index__in=crypto.blind_indexes(NIK))
    assert list(found.values_list("complainant_nik", flat=True)) == [NIK]


def test_the_command_prints_a_new_key():
    out = io.StringIO()
    call_command("rotate_encryption_keys", "--new-key", stdout=out)
    Fernet(out.getvalue().strip().encode())  # a valid Fernet key


def test_production_needs_keys_of_its_own(settings):
    settings.LOKET_PRODUCTION = True
    settings.LOKET_ENCRYPTION_KEYS = []
    assert [m.id for m in crypto.check_production_keys()] == ["loket.E102"]
    derived = base64.urlsafe_b64encode(
        hashlib.sha256(b"loket.crypto.encryption:" + settings.SECRET_KEY.encode()).digest()
    )
    settings.LOKET_ENCRYPTION_KEYS = [derived.decode()]
    assert [m.id for m in crypto.check_production_keys()] == ["loket.E103"]
    demo = base64.urlsafe_b64encode(
        hashlib.sha256(
            b"loket.crypto.encryption:" + crypto.DEVELOPMENT_SECRET_KEY.encode()
        ).digest()
    )
    settings.LOKET_ENCRYPTION_KEYS = [demo.decode()]
    assert [m.id for m in crypto.check_production_keys()] == ["loket.E103"]
    settings.LOKET_ENCRYPTION_KEYS = [NEW, OLD]
    assert crypto.check_production_keys() == []
    settings.LOKET_PRODUCTION = False
    settings.LOKET_ENCRYPTION_KEYS = []
    assert crypto.check_production_keys() == []  # development may use the derived key


def test_a_malformed_key_is_reported_by_every_check(settings):
    settings.LOKET_ENCRYPTION_KEYS = ["change-me-to-a-fernet-key"]
    assert [m.id for m in crypto.check_keys_valid()] == ["loket.E101"]
    settings.LOKET_ENCRYPTION_KEYS = [NEW]
    assert crypto.check_keys_valid() == []


def test_the_development_key_named_here_is_the_one_settings_use():
    from pathlib import Path

    source = (Path(crypto.__file__).parent / "settings.py").read_text()
    prefix, rest = crypto.DEVELOPMENT_SECRET_KEY.split("-insecure-", 1)
    assert f'"{prefix}-insecure-" + "{rest}"' in source


def test_check_deploy_runs_the_key_check_and_plain_check_the_format(settings):
    from django.core import checks

    settings.LOKET_PRODUCTION = True
    settings.LOKET_ENCRYPTION_KEYS = []
    deploy = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    assert "loket.E102" in {m.id for m in deploy}
    plain = checks.run_checks(tags=[checks.Tags.security])
    assert "loket.E102" not in {m.id for m in plain}
    settings.LOKET_ENCRYPTION_KEYS = ["nope"]
    assert "loket.E101" in {m.id for m in checks.run_checks(tags=[checks.Tags.security])}
