"""The second factor at rest (OWASP ASVS 4.0.3 V2.8.2, V2.6.2, V2.6.3): the authenticator's seed
is stored encrypted, recovery codes have 120 random bits, are shown once in four groups and
stored only as hashes; codes carried over from django-otp still work once. Before: the seed
was hex in `otp_totp_totpdevice.key` and the codes (40 bits) in clear in
`otp_static_statictoken`."""

import re

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.accounts.models import (
    EncryptedTOTPDevice,
    RecoveryCode,
    RecoveryCodeDevice,
    legacy_recovery_code_digests,
)
from loket.accounts.services import two_factor
from loket.tests.migrating import latest, migrate_to

from .conftest import code_for
from .test_two_factor import _set_up_two_factor

NOW = timezone.now()
CODE_SHAPE = re.compile(r"^[A-Z2-7]{6}(-[A-Z2-7]{6}){3}$")


def _raw_seed(device) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM accounts_encryptedtotpdevice WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


def test_the_seed_is_stored_encrypted_and_the_app_signs_in(client, sign_in, bob):
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in("bob")
        device, _codes = _set_up_two_factor(client)
        seed = device.key
        assert re.fullmatch(r"[0-9a-f]{40}", seed)
        stored = _raw_seed(device)
        assert seed not in stored
        assert seed.upper() not in stored
        assert not TOTPDevice.objects.exists()  # nothing in django-otp's clear table
        client.post("/staf/keluar/")
        clock.shift(90)
        sign_in("bob")
        # The code an app computes from the seed it scanned (hex -> bytes), as a phone would.
        totp = TOTP(bytes.fromhex(seed), 30, 0, 6, 0)
        response = client.post("/staf/masuk/kode/", {"token": f"{totp.token():06d}"})
        assert response["Location"] == "/staf/"


def test_recovery_codes_have_120_bits_in_four_groups_and_only_hashes_are_stored(
    client, sign_in, bob
):
    with time_machine.travel(NOW, tick=False):
        sign_in("bob")
        _device, codes = _set_up_two_factor(client)
    assert len(set(codes)) == 10
    assert all(CODE_SHAPE.match(code) for code in codes), codes
    # 24 characters of a 32-symbol alphabet: 120 bits (ASVS V2.6.2 asks at least 112).
    assert len(codes[0].replace("-", "")) * 5 >= 112
    digests = list(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(digests) == 10
    assert all(d.startswith("sha256:") and len(d) == 71 for d in digests)
    flat = " ".join(digests).lower()
    assert not any(code.replace("-", "").lower() in flat for code in codes)
    assert not StaticToken.objects.exists()


def test_a_recovery_code_is_accepted_in_any_spelling_once(client, sign_in, bob):
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in("bob")
        _device, codes = _set_up_two_factor(client)
        client.post("/staf/keluar/")
        typed = codes[3].replace("-", " ").lower()
        clock.shift(60)
        sign_in("bob")
        assert client.post("/staf/masuk/kode/", {"token": typed})["Location"] == "/staf/"
        client.post("/staf/keluar/")
        clock.shift(60)
        sign_in("bob")
        again = client.post("/staf/masuk/kode/", {"token": codes[3]})
        assert again.status_code == 200  # used up
    assert RecoveryCode.objects.count() == 9


def test_new_codes_replace_the_old_ones(bob):
    client_info = two_factor.Client(ip="127.0.0.1", user_agent="pytest")
    with time_machine.travel(NOW, tick=False) as clock:
        first = two_factor.new_recovery_codes(bob, client=client_info)
        second = two_factor.new_recovery_codes(bob, client=client_info)
        assert not set(first) & set(second)
        assert two_factor.verify_second_factor(bob, first[0], client=client_info) is None
        clock.shift(5)  # past django-otp's throttle after one wrong code
        assert two_factor.verify_second_factor(bob, second[0], client=client_info) is not None


def test_a_code_carried_over_from_django_otp_works_once_by_its_keyed_hash(bob):
    device = RecoveryCodeDevice.objects.create(user=bob, name="Loket", confirmed=True)
    RecoveryCode.objects.create(device=device, digest=legacy_recovery_code_digests("k7qx2m4t")[0])
    stored = RecoveryCode.objects.get().digest
    assert stored.startswith("hmac:")
    assert "k7qx2m4t" not in stored
    client_info = two_factor.Client(ip="127.0.0.1", user_agent="pytest")
    assert two_factor.verify_second_factor(bob, "K7QX 2M4T", client=client_info) == device
    assert two_factor.verify_second_factor(bob, "k7qx2m4t", client=client_info) is None


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_schema")
def test_existing_apps_and_codes_move_over_and_keep_working():
    old = migrate_to(
        [
            ("accounts", "0002_api_keys"),
            ("otp_totp", "0003_add_timestamps"),
            ("otp_static", "0003_add_timestamps"),
        ]
    )
    user = old.get_model("auth", "User").objects.create(username="lama", password="!")
    seed = "3132333435363738393031323334353637383930"
    old.get_model("otp_totp", "TOTPDevice").objects.create(
        user_id=user.pk, name="Loket", confirmed=True, key=seed, last_t=5, drift=0
    )
    static = old.get_model("otp_static", "StaticDevice").objects.create(
        user_id=user.pk, name="Loket", confirmed=True
    )
    for token in ("abcd2345", "efgh6723"):
        old.get_model("otp_static", "StaticToken").objects.create(device=static, token=token)

    new = migrate_to(
        [
            ("accounts", "0004_second_factor_at_rest"),
            ("otp_totp", "0003_add_timestamps"),
            ("otp_static", "0003_add_timestamps"),
        ]
    )
    assert not new.get_model("otp_totp", "TOTPDevice").objects.exists()
    assert not new.get_model("otp_static", "StaticToken").objects.exists()
    migrate_to(latest())

    device = EncryptedTOTPDevice.objects.get(user_id=user.pk)
    assert (device.key, device.last_t, device.confirmed) == (seed, 5, True)
    assert seed not in _raw_seed(device)
    assert device.verify_token(code_for(device))  # the phone's app, unchanged, still works
    codes = RecoveryCodeDevice.objects.get(user_id=user.pk)
    assert sorted(codes.codes.values_list("digest", flat=True)) == sorted(
        legacy_recovery_code_digests(t)[0] for t in ("abcd2345", "efgh6723")
    )
    assert codes.verify_token("ABCD2345")
    assert not codes.verify_token("ABCD2345")
