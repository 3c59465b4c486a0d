"""Refused probes (issue 12; OWASP ASVS 4.0.3 V7.2.2, V8.1.4, V11.1.8): a staff user who gets
404 on another office's (or division's) pages and records, or 403 beyond their role, leaves a
security event each time, and a burst of them alerts the office admins once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from loket.accounts.models import SecurityEvent
from loket.notify.models import OutboxMessage
from loket.offices.roles import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory

Action = SecurityEvent.Action


@pytest.fixture
def budi(office_b):
    """A second office admin of office B, carol's colleague, who is told about her."""
    user = UserFactory(username="budi")
    MembershipFactory(user=user, office=office_b, role=Role.OFFICE_ADMIN)
    return user


def test_a_probe_of_another_office_is_recorded_without_its_url(client, alice, carol):
    client.force_login(carol)
    assert client.get("/staf/kantor-a/akun-staf/?cari=rahasia").status_code == 404
    event = SecurityEvent.objects.get(action=Action.ACCESS_REFUSED)
    assert (event.user, event.data) == (
        carol,
        {"view": "accounts:staff_list", "method": "GET", "status": 404},
    )
    assert "rahasia" not in str(event.data) + event.note


def test_a_missing_office_or_record_is_not_a_probe(client, alice, carol):
    client.force_login(carol)
    assert client.get("/staf/tidak-ada/akun-staf/").status_code == 404
    client.force_login(alice)
    assert client.get("/staf/kantor-a/akun-staf/99999/peran/").status_code == 404
    assert not SecurityEvent.objects.filter(action=Action.ACCESS_REFUSED).exists()


def test_a_burst_of_refusals_alerts_the_office_admins_once(client, settings, carol, budi, alice):
    settings.LOKET_REFUSAL_ALERT_LIMIT = 3
    settings.LOKET_REFUSAL_ALERT_MINUTES = 10
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(carol)
        for _ in range(2):
            client.get("/staf/kantor-a/akun-staf/")
        assert not OutboxMessage.objects.filter(topic="accounts:refusals").exists()
        for _ in range(4):
            client.get("/staf/kantor-a/akun-staf/")
        alerts = OutboxMessage.objects.filter(topic="accounts:refusals")
        assert [m.recipient for m in alerts] == [budi.email]  # not carol herself, not office A
        assert "carol" in alerts[0].subject
        assert "3" in alerts[0].body
        alerted = SecurityEvent.objects.get(action=Action.REFUSALS_ALERTED)
        assert (alerted.user, alerted.data) == (carol, {"refusals": 3, "mails": 1})
        assert SecurityEvent.objects.filter(action=Action.ACCESS_REFUSED).count() == 6

        # A new burst after the window alerts again.
        clock.shift(timedelta(minutes=11))
        for _ in range(3):
            client.get("/staf/kantor-a/akun-staf/")
        assert OutboxMessage.objects.filter(topic="accounts:refusals").count() == 2


def test_refusals_beyond_ones_role_count_too(client, settings, alice, bob):
    settings.LOKET_REFUSAL_ALERT_LIMIT = 3
    client.force_login(bob)  # a receptionist of office A: 403 on the admin's pages
    for _ in range(3):
        assert client.get("/staf/kantor-a/akun-staf/").status_code == 403
    alerts = OutboxMessage.objects.filter(topic="accounts:refusals")
    assert [m.recipient for m in alerts] == [alice.email]
