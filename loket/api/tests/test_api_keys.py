"""Issue 12, finding 3 (API keys): a system's key works on the operations it names, for its
office only, within its own limit; revoked, expired, unknown keys answer 401 at once; every use
and refusal is a security event."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from loket.accounts import services as accounts
from loket.accounts.client import Client
from loket.accounts.models import ApiKey, SecurityEvent
from loket.complaints import services as complaints
from loket.complaints.models import Complaint

pytestmark = pytest.mark.django_db
Action = SecurityEvent.Action
QUEUE = "/api/v1/staff/offices/kantor-a/complaints/"
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 in Pontianak


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def new_key(office, operations=("complaints:read",), **extra):
    return accounts.create_api_key(
        office=office,
        name="Dasbor",
        operations=list(operations),
        actor=None,
        client=Client(),
        **extra,
    )


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def complaints_ab(office_a, office_b):
    complaints.submit(
        office=office_a, channel="web", title="Antre lama", description="x", anonymous=True
    )
    complaints.submit(
        office=office_b, channel="web", title="Kantor B", description="y", anonymous=True
    )


def test_a_key_reads_its_offices_queue_and_each_use_is_logged(client, office_a, complaints_ab):
    created = new_key(office_a)
    response = client.get(QUEUE, **bearer(created.secret), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["items"]] == ["Antre lama"]
    used = SecurityEvent.objects.get(action=Action.API_KEY_USED)
    assert (used.office, used.ip_address) == (office_a, "10.1.2.3")
    assert used.data == {"key": created.key.prefix, "operation": "complaints:read"}
    created.key.refresh_from_db()
    assert created.key.last_used_at == NOW
    assert created.key.last_used_ip == "10.1.2.3"


def test_another_offices_key_gets_404_and_is_logged(client, office_a, office_b, complaints_ab):
    created = new_key(office_b)
    response = client.get(QUEUE, **bearer(created.secret))
    assert response.status_code == 404
    assert "Antre lama" not in response.content.decode()
    refused = SecurityEvent.objects.get(action=Action.API_KEY_REFUSED)
    assert refused.data["reason"] == "office"
    assert refused.office == office_b


def test_a_key_without_the_operation_gets_403(client, office_a, complaints_ab):
    created = new_key(office_a, operations=["complaints:create"])
    response = client.get(QUEUE, **bearer(created.secret))
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "forbidden"
    assert SecurityEvent.objects.get(action=Action.API_KEY_REFUSED).data["reason"] == "operation"


def test_a_revoked_key_answers_401_at_once(client, alice, office_a, complaints_ab):
    created = new_key(office_a)
    assert client.get(QUEUE, **bearer(created.secret)).status_code == 200
    accounts.revoke_api_key(created.key, actor=alice, client=Client())
    response = client.get(QUEUE, **bearer(created.secret))
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "revoked_key"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_key_answers_401(client, office_a, complaints_ab):
    created = new_key(office_a, expires_at=NOW + timedelta(days=1))
    assert client.get(QUEUE, **bearer(created.secret)).status_code == 200
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        response = client.get(QUEUE, **bearer(created.secret))
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "expired_key"


def test_a_wrong_secret_or_an_unknown_key_answers_401(client, office_a, complaints_ab):
    created = new_key(office_a)
    wrong = created.secret[:-4] + ("AAAA" if not created.secret.endswith("AAAA") else "BBBB")
    for token in (wrong, "lkt_000000000000_nope", "lkt_garbage"):
        response = client.get(QUEUE, **bearer(token))
        assert response.status_code == 401, token
        assert response.json()["errors"][0]["code"] == "invalid_key"
    assert SecurityEvent.objects.filter(action=Action.API_KEY_REFUSED).count() == 3
    assert not SecurityEvent.objects.filter(action=Action.API_KEY_USED).exists()


def test_a_bearer_token_that_is_no_key_is_not_a_sign_in(client, office_a, complaints_ab):
    response = client.get(QUEUE, **bearer("something-else"))
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_signed_in"


def test_each_key_has_its_own_rate_limit(client, office_a, complaints_ab):
    slow = new_key(office_a, rate_per_minute=2)
    other = new_key(office_a, rate_per_minute=2)
    assert [client.get(QUEUE, **bearer(slow.secret)).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert client.get(QUEUE, **bearer(other.secret)).status_code == 200
    refused = SecurityEvent.objects.get(action=Action.API_KEY_REFUSED)
    assert refused.data == {
        "reason": "rate_limited",
        "key": slow.key.prefix,
        "operation": "complaints:read",
    }


def test_only_the_keyed_hash_of_the_secret_is_stored(office_a):
    created = new_key(office_a)
    assert created.secret.startswith(f"lkt_{created.key.prefix}_")
    secret = created.secret.split("_", 2)[2]
    row = ApiKey.objects.values().get(pk=created.key.pk)
    assert secret not in str(row)
    assert row["secret_hash"] == accounts.api_keys.hash_secret(secret)
    assert len(row["secret_hash"]) == 64


# --- The public complaint create --------------------------------------------------------

COMPLAINT = {"title": "Kios", "description": "Antrean kios macet.", "anonymous": True}


def test_a_kiosk_key_files_a_complaint_for_its_office(client, office_a, office_b):
    created = new_key(office_a, operations=["complaints:create"])
    response = client.post(
        "/api/v1/complaints/",
        {**COMPLAINT, "office": "kantor-a"},
        content_type="application/json",
        **bearer(created.secret),
    )
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.office == office_a
    # The staff see that it came through the API, from the office's own system.
    assert complaint.channel_details == {"submitted_via": "API: Dasbor"}
    assert ("Disampaikan melalui", "API: Dasbor") in complaint.case_details
    used = SecurityEvent.objects.get(action=Action.API_KEY_USED)
    assert used.data["operation"] == "complaints:create"


def test_a_kiosk_key_cannot_file_for_another_office(client, office_a, office_b):
    created = new_key(office_a, operations=["complaints:create"])
    response = client.post(
        "/api/v1/complaints/",
        {**COMPLAINT, "office": "kantor-b"},
        content_type="application/json",
        **bearer(created.secret),
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    assert not Complaint.objects.exists()
    refused = SecurityEvent.objects.get(action=Action.API_KEY_REFUSED)
    assert refused.data["reason"] == "office"
    assert not SecurityEvent.objects.filter(action=Action.API_KEY_USED).exists()


def test_a_read_key_or_a_revoked_key_cannot_file_a_complaint(client, alice, office_a):
    reader = new_key(office_a)
    revoked = new_key(office_a, operations=["complaints:create"])
    accounts.revoke_api_key(revoked.key, actor=alice, client=Client())
    statuses = [
        client.post(
            "/api/v1/complaints/",
            {**COMPLAINT, "office": "kantor-a"},
            content_type="application/json",
            **bearer(created.secret),
        ).status_code
        for created in (reader, revoked)
    ]
    assert statuses == [403, 401]
    assert not Complaint.objects.exists()


def test_the_public_create_still_works_without_a_key(client, office_a):
    response = client.post(
        "/api/v1/complaints/", {**COMPLAINT, "office": "kantor-a"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert not SecurityEvent.objects.filter(action=Action.API_KEY_USED).exists()


def test_a_keys_mine_filter_lists_nothing_rather_than_failing(client, office_a, complaints_ab):
    created = new_key(office_a)
    response = client.get(QUEUE + "?mine=true", **bearer(created.secret))
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_a_kiosk_key_files_a_multipart_complaint_without_naming_the_office(client, office_a):
    created = new_key(office_a, operations=["complaints:create"])
    response = client.post(
        "/api/v1/complaints/",
        {"title": "Kios", "description": "Formulir dari kios.", "anonymous": "true"},
        **bearer(created.secret),
    )
    assert response.status_code == 201  # the only office: the key's
    assert Complaint.objects.get().office == office_a


def test_a_kiosk_key_is_held_to_its_own_limit_not_the_forms_per_address_limit(client, office_a):
    kiosk = new_key(office_a, operations=("complaints:create",), rate_per_minute=30)
    body = {"office": "kantor-a", "title": "Antre", "description": "Lama", "anonymous": True}

    def send(**headers):
        return client.post(
            "/api/v1/complaints/", body, content_type="application/json", **headers
        ).status_code

    # The form's limit (20 a minute per address) stops a client without a key...
    assert [send() for _ in range(21)][-1] == 429
    # ...while the kiosk on the same address sends its visitors' complaints under its own.
    assert {send(**bearer(kiosk.secret)) for _ in range(25)} == {201}
