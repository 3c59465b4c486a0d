"""Finding 2: lockout with back-off per account and per client (django-axes), alerts to the
office admin. Before: 60 wrong passwords in 19 s were all accepted, then the right one worked."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from loket.accounts.models import SecurityEvent
from loket.notify.models import OutboxMessage

from .conftest import PASSWORD

LIMIT = 5


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, sign_in, bob):
    for attempt in range(LIMIT - 1):
        assert sign_in("bob", "salah-sekali").status_code == 200, attempt
    locked = sign_in("bob", "salah-sekali")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()

    right = sign_in("bob", PASSWORD)
    assert right.status_code == 429
    assert int(right["Retry-After"]) == 5 * 60
    assert not _signed_in(client)


def test_the_lock_is_per_account_from_any_address(client, sign_in, bob):
    for _ in range(LIMIT):
        sign_in("bob", "salah-sekali", REMOTE_ADDR="198.51.100.1")
    elsewhere = sign_in("bob", PASSWORD, REMOTE_ADDR="198.51.100.99")
    assert elsewhere.status_code == 429
    assert not _signed_in(client)


def test_the_lock_is_per_client_across_accounts(client, sign_in, alice, bob):
    for number in range(LIMIT):
        sign_in(f"tebakan{number}", "salah-sekali", REMOTE_ADDR="198.51.100.7")
    assert sign_in("bob", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
    # Another client is not affected.
    assert sign_in("alice", PASSWORD, REMOTE_ADDR="198.51.100.8").status_code == 302


def test_the_lock_ends_after_the_cool_off_and_doubles_at_the_next_one(client, sign_in, bob):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(LIMIT):
            sign_in("bob", "salah-sekali")
        clock.shift(timedelta(minutes=5, seconds=1))
        for _ in range(LIMIT - 1):
            assert sign_in("bob", "salah-sekali").status_code == 200
        second = sign_in("bob", "salah-sekali")
        assert second.status_code == 429
        assert int(second["Retry-After"]) == 10 * 60
        clock.shift(timedelta(minutes=6))
        assert sign_in("bob", PASSWORD).status_code == 429  # 10 minutes now, not 5
        clock.shift(timedelta(minutes=11))
        assert sign_in("bob", PASSWORD).status_code == 302


def test_a_lockout_is_recorded_once_and_the_office_admin_is_alerted(client, sign_in, alice, bob):
    for _ in range(LIMIT + 3):
        sign_in("bob", "salah-sekali", REMOTE_ADDR="198.51.100.4")

    lockouts = SecurityEvent.objects.filter(action=SecurityEvent.Action.LOCKED_OUT)
    assert [(e.username, e.ip_address) for e in lockouts] == [("bob", "198.51.100.4")]
    failures = SecurityEvent.objects.filter(action=SecurityEvent.Action.SIGN_IN_FAILED)
    assert failures.count() == LIMIT + 3
    alerts = OutboxMessage.objects.filter(topic="accounts:lockout")
    assert [m.recipient for m in alerts] == [alice.email]
    assert "bob" in alerts[0].subject
    assert "198.51.100.4" in alerts[0].body


def test_the_system_admin_sign_in_goes_through_the_same_lockout(client, sign_in, db):
    from loket.offices.tests.factories import UserFactory

    UserFactory(username="root", is_staff=True, is_superuser=True)
    assert client.get("/admin-sistem/login/?next=/admin-sistem/")["Location"] == (
        "/staf/masuk/?next=/admin-sistem/"
    )
    for _ in range(LIMIT):
        sign_in("root", "salah-sekali")
    assert sign_in("root", PASSWORD).status_code == 429
    assert client.get("/admin-sistem/").status_code == 302
