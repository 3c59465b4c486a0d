"""Accounts fixtures: signing in through the real sign-in page, codes from a real TOTP."""

import pytest
from django_otp.oath import TOTP

PASSWORD = "sandi-uji-123"  # the factories' password


@pytest.fixture
def sign_in(client):
    def post(username, password=PASSWORD, client=client, **extra):
        return client.post("/staf/masuk/", {"username": username, "password": password}, **extra)

    return post


def code_for(device, at=None) -> str:
    """The six digits the authenticator app shows for `device` now (or at `at`, a unix time)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():0{device.digits}d}"
