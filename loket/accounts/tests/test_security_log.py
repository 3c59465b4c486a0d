"""Finding 8: security events in an append-only log the office admin and the system admin
can read and export; read-only and undeletable in the admin. Before: no security events,
and the admin could change or delete every log."""

import csv
import io

import pytest
from django.contrib import admin

from loket.accounts.client import Client
from loket.accounts.models import AppendOnlyError, SecurityEvent
from loket.accounts.services import record_security_event
from loket.offices.tests.factories import UserFactory

Action = SecurityEvent.Action


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def events(bob, carol):
    return {
        "bob": record_security_event(
            Action.SIGN_IN_FAILED, user=bob, client=Client(ip="198.51.100.2")
        ),
        "carol": record_security_event(Action.SIGNED_IN, user=carol),
        "formula": record_security_event(
            Action.SIGN_IN_FAILED, username="=HYPERLINK(1)", client=Client(ip="198.51.100.3")
        ),
    }


def test_the_office_admin_reads_the_events_of_the_office_staff_only(client, alice, events):
    client.force_login(alice)
    response = client.get("/staf/kantor-a/keamanan/")
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert rows == [events["bob"]]
    assert "no-store" in response["Cache-Control"]


def test_the_office_log_is_closed_to_a_colleague_and_to_another_office(client, bob, carol, events):
    client.force_login(bob)  # a colleague without the role: 403
    assert client.get("/staf/kantor-a/keamanan/").status_code == 403
    client.force_login(carol)
    assert client.get("/staf/kantor-a/keamanan/").status_code == 404
    assert client.get("/staf/kantor-a/keamanan/csv/").status_code == 404
    assert client.get("/staf/keamanan/").status_code == 404


def test_the_export_is_csv_a_spreadsheet_will_not_run(client, root, events):
    client.force_login(root)
    response = client.get("/staf/keamanan/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 3
    accounts = {row["account"] for row in rows}
    assert accounts == {"bob", "carol", "'=HYPERLINK(1)"}
    assert {row["ip"] for row in rows} == {"198.51.100.2", "198.51.100.3", ""}


def test_the_office_export_has_only_the_office_rows(client, alice, events):
    client.force_login(alice)
    response = client.get("/staf/kantor-a/keamanan/csv/")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["account"] for row in rows] == ["bob"]
    assert rows[0]["action"] == "sign_in_failed"


def test_a_security_event_cannot_be_changed_or_deleted(events):
    event = events["bob"]
    event.note = "diubah"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.update(note="x")
    assert SecurityEvent.objects.count() == 3


def test_the_admin_shows_the_log_read_only_and_undeletable(client, root, events):
    client.force_login(root)
    # The superuser would otherwise need a verified second factor only in production.
    base = "/admin-sistem/accounts/securityevent/"
    pk = events["bob"].pk
    assert client.get(base).status_code == 200
    detail = client.get(f"{base}{pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.post(f"{base}{pk}/change/", {"note": "diubah"}).status_code == 403
    assert client.get(f"{base}{pk}/delete/").status_code == 403
    assert client.post(f"{base}{pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{base}add/").status_code == 403
    bulk = client.post(base, {"action": "delete_selected", "_selected_action": [pk]})
    assert bulk.status_code in (200, 302)
    assert SecurityEvent.objects.filter(pk=pk, note="").exists()
    # Nothing deleted; each refused change was itself recorded.
    assert SecurityEvent.objects.exclude(action=Action.ACCESS_REFUSED).count() == 3
    assert SecurityEvent.objects.filter(action=Action.ACCESS_REFUSED).count() == 4


def test_every_event_and_log_model_registered_in_the_admin_is_read_only(rf, root):
    """Finding 8 for the whole project: an event or log model in the admin must use
    loket.admin_mixins.ReadOnlyAdminMixin. The list grows as the other apps adopt it."""
    from loket.admin_mixins import ReadOnlyAdminMixin

    request = rf.get("/")
    request.user = root
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("accounts", "axes") or model.__name__ == "AccessAttempt":
            continue
        assert isinstance(model_admin, ReadOnlyAdminMixin), model
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
        assert "delete_selected" not in model_admin.get_actions(request)


def test_role_changes_and_refusals_can_be_recorded_by_other_apps(alice, bob, office_a):
    event = record_security_event(
        Action.ROLE_GRANTED, user=bob, actor=alice, office=office_a, data={"role": "head"}
    )
    assert (event.username, event.actor, event.office) == ("bob", alice, office_a)


def test_a_refused_staff_request_is_recorded_without_its_url(client, bob, office_a):
    client.force_login(bob)
    response = client.get(f"/staf/{office_a.slug}/standar/")
    assert response.status_code == 403
    event = SecurityEvent.objects.get(action=Action.ACCESS_REFUSED)
    assert event.user == bob
    assert event.data == {"view": "standards:staff_services", "method": "GET"}


def test_deleting_an_account_keeps_its_events_with_the_username(bob, events):
    bob.delete()
    event = SecurityEvent.objects.get(pk=events["bob"].pk)
    assert (event.user, event.username) == (None, "bob")
