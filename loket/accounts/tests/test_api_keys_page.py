"""Issue 12, finding 3: the office admin's page of system keys (`/staf/<office>/kunci-sistem/`):
create (the key shown once), list with last use, revoke; a colleague without the role gets 403,
another office's admin 404 and cannot revoke."""

from datetime import UTC, datetime

import pytest
import time_machine

from loket.accounts import services
from loket.accounts.client import Client
from loket.accounts.errors import AccountError
from loket.accounts.models import ApiKey, SecurityEvent
from loket.tests.auth import force_login_confirmed

pytestmark = pytest.mark.django_db
Action = SecurityEvent.Action
PAGE = "/staf/kantor-a/kunci-sistem/"
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_office_admin_creates_a_key_shown_once(client, alice, office_a):
    force_login_confirmed(client, alice)
    response = client.post(
        PAGE,
        {
            "name": "Kios lobi",
            "operations": ["complaints:create", "visits:checkin"],
            "expires_on": "2026-03-31",
            "rate_per_minute": "30",
        },
    )
    assert response.status_code == 200
    secret = response.context["created"].secret
    key = ApiKey.objects.get()
    assert secret.startswith(f"lkt_{key.prefix}_")
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert (key.office, key.name, key.rate_per_minute) == (office_a, "Kios lobi", 30)
    assert key.operations == ["complaints:create", "visits:checkin"]
    # Through 31 March in Pontianak (UTC+7): until 1 April 00:00 WIB.
    assert key.expires_at == datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
    event = SecurityEvent.objects.get(action=Action.API_KEY_CREATED)
    assert (event.actor, event.office, event.data["key"]) == (alice, office_a, key.prefix)
    assert secret.split("_", 2)[2] not in str(event.data)

    again = client.get(PAGE)
    assert secret not in again.content.decode()
    assert f"lkt_{key.prefix}" in again.content.decode()


def test_a_key_needs_a_name_and_an_operation(client, alice):
    force_login_confirmed(client, alice)
    response = client.post(PAGE, {"name": "", "operations": [], "rate_per_minute": "60"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "operations"}
    assert not ApiKey.objects.exists()


def test_a_past_expiry_is_refused(client, alice):
    force_login_confirmed(client, alice)
    response = client.post(
        PAGE,
        {
            "name": "Lama",
            "operations": ["complaints:read"],
            "expires_on": "2026-03-01",
            "rate_per_minute": "60",
        },
    )
    assert "expires_on" in response.context["form"].errors
    assert not ApiKey.objects.exists()


def test_the_list_shows_the_last_use(client, alice, office_a):
    created = services.create_api_key(
        office=office_a,
        name="Dasbor",
        operations=["complaints:read"],
        actor=alice,
        client=Client(),
    )
    services.authenticate_api_key(
        created.secret, operation="complaints:read", office_slug="kantor-a", client=Client()
    )
    force_login_confirmed(client, alice)
    response = client.get(PAGE)
    [row] = response.context["keys"]
    assert row.last_used_at == NOW
    assert (
        "2 Mar 2026 09.00" in response.content.decode()
    )  # in the office's zone, as people write it


def test_the_office_admin_revokes_a_key(client, alice, office_a):
    created = services.create_api_key(
        office=office_a,
        name="Dasbor",
        operations=["complaints:read"],
        actor=alice,
        client=Client(),
    )
    force_login_confirmed(client, alice)
    response = client.post(f"{PAGE}{created.key.pk}/cabut/")
    assert response["Location"] == PAGE
    created.key.refresh_from_db()
    assert (created.key.revoked_at, created.key.revoked_by) == (NOW, alice)
    event = SecurityEvent.objects.get(action=Action.API_KEY_REVOKED)
    assert (event.actor, event.data["key"]) == (alice, created.key.prefix)
    with pytest.raises(services.ApiKeyRefused) as refused:
        services.authenticate_api_key(
            created.secret, operation="complaints:read", office_slug=None, client=Client()
        )
    assert refused.value.status == 401


def test_a_colleague_without_the_role_gets_403(client, bob, office_a):
    force_login_confirmed(client, bob)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"name": "x", "operations": ["complaints:read"]}).status_code == 403
    assert not ApiKey.objects.exists()


def test_another_offices_admin_can_neither_see_nor_revoke_the_keys(
    client, alice, carol, office_a, office_b
):
    created = services.create_api_key(
        office=office_a,
        name="Dasbor A",
        operations=["complaints:read"],
        actor=alice,
        client=Client(),
    )
    force_login_confirmed(client, carol)
    assert client.get(PAGE).status_code == 404
    assert client.post(f"{PAGE}{created.key.pk}/cabut/").status_code == 404
    # Through carol's own office the key of office A is not found either.
    assert client.post(f"/staf/kantor-b/kunci-sistem/{created.key.pk}/cabut/").status_code == 404
    own = client.get("/staf/kantor-b/kunci-sistem/")
    assert "Dasbor A" not in own.content.decode()
    created.key.refresh_from_db()
    assert created.key.revoked_at is None
    assert not SecurityEvent.objects.filter(action=Action.API_KEY_REVOKED).exists()


def test_only_operations_of_the_fixed_list_can_be_granted(alice, office_a):
    with pytest.raises(AccountError) as refused:
        services.create_api_key(
            office=office_a,
            name="Serba bisa",
            operations=["complaints:read", "complaints:delete"],
            actor=alice,
            client=Client(),
        )
    assert refused.value.code == "operations"
    assert not ApiKey.objects.exists()


def test_the_form_offers_the_fixed_list(client, alice):
    force_login_confirmed(client, alice)
    choices = [value for value, _label in response_choices(client.get(PAGE))]
    assert choices == ["complaints:read", "complaints:create", "visits:checkin"]


def response_choices(response):
    return response.context["form"].fields["operations"].choices
