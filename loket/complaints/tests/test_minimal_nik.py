"""Issue 13, minimal collection (UU 27/2022 Pasal 16 ayat 2 huruf a): the complainant's NIK
is asked only where the office enables it (`OfficeComplaintSettings.ask_nik`, off by
default). The rule is `services.submit`'s (`nik_not_collected`); the web form and the staff
intake hide the field, the API answers 422, the settings page switches it and records who
did."""

import json

import pytest
import time_machine
from django.urls import reverse

from loket.complaints import services
from loket.complaints.models import Complaint, OfficeComplaintSettings, OfficeEvent
from loket.complaints.services import InvalidInput
from loket.tests.auth import force_login_confirmed

from .conftest import MONDAY_0900
from .test_citizen_flow import fill_what, url

pytestmark = pytest.mark.django_db

NIK = "6171010101900001"
API = "/api/v1/complaints/"
BODY = {
    "office": "kantor-a",
    "title": "Loket tutup",
    "description": "Loket tutup pada jam layanan.",
    "name": "Rudi",
    "email": "rudi@contoh.id",
}
SETTINGS = reverse("complaints:staff_settings", args=["kantor-a"])


def post_api(client, body):
    return client.post(API, json.dumps(body), content_type="application/json")


@time_machine.travel(MONDAY_0900, tick=False)
def test_an_office_collects_no_nik_by_default_and_submit_refuses_one(office, make_complaint):
    assert not services.collects_nik(office)
    with pytest.raises(InvalidInput) as refused:
        make_complaint(complainant_nik=NIK)
    assert (refused.value.code, refused.value.field) == ("nik_not_collected", "nik")
    # Anonymous or not: what the office does not collect is refused, never kept.
    with pytest.raises(InvalidInput):
        make_complaint(complainant_nik=NIK, anonymous=True)
    assert not Complaint.objects.exists()
    assert make_complaint(complainant_nik="  ").complainant_nik == ""


@time_machine.travel(MONDAY_0900, tick=False)
def test_an_office_that_asks_keeps_the_nik(office, make_complaint, asks_nik):
    assert services.collects_nik(office)
    assert make_complaint(complainant_nik=NIK).complainant_nik == NIK


def test_the_web_form_asks_no_nik_by_default(client, office):
    fill_what(client, office)
    page = client.get(url("step_who", office)).content.decode()
    assert 'name="nik"' not in page
    # A NIK posted anyway is not even read.
    client.post(
        url("step_who", office),
        {"identity": "identified", "name": "A", "email": "a@b.id", "nik": NIK},
    )
    with time_machine.travel(MONDAY_0900, tick=False):
        client.post(url("check", office))
    assert Complaint.objects.get().complainant_nik == ""


def test_the_web_form_asks_the_nik_where_the_office_enables_it(client, office, asks_nik):
    fill_what(client, office)
    assert 'name="nik"' in client.get(url("step_who", office)).content.decode()
    client.post(
        url("step_who", office),
        {"identity": "identified", "name": "A", "email": "a@b.id", "nik": NIK},
    )
    with time_machine.travel(MONDAY_0900, tick=False):
        client.post(url("check", office))
    assert Complaint.objects.get().complainant_nik == NIK


def test_a_draft_nik_the_office_stopped_collecting_sends_back_to_who_you_are(
    client, office, asks_nik
):
    fill_what(client, office)
    client.post(
        url("step_who", office),
        {"identity": "identified", "name": "A", "email": "a@b.id", "nik": NIK},
    )
    OfficeComplaintSettings.objects.filter(office=office).update(ask_nik=False)
    with time_machine.travel(MONDAY_0900, tick=False):
        response = client.post(url("check", office), follow=True)
    assert response.redirect_chain[-1][0] == url("step_who", office)
    assert "Instansi ini tidak menanyakan NIK." in response.content.decode()
    assert not Complaint.objects.exists()
    client.post(url("step_who", office), {"identity": "identified", "name": "A", "email": "a@b.id"})
    with time_machine.travel(MONDAY_0900, tick=False):
        client.post(url("check", office))
    assert Complaint.objects.get().complainant_nik == ""


def _intake(client, office, **extra):
    return client.post(
        reverse("complaints:staff_intake", args=[office.slug]),
        {
            "channel": "face_to_face",
            "received_at": "2026-03-02T08:30",
            "title": "Petugas kasar",
            "description": "Petugas membentak saya.",
            "name": "Siti Aminah",
            "phone": "081234567890",
            **extra,
        },
    )


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_staff_intake_asks_no_nik_by_default(client, office, officer):
    client.force_login(officer)
    page = client.get(reverse("complaints:staff_intake", args=[office.slug])).content.decode()
    assert 'name="nik"' not in page
    _intake(client, office, nik=NIK)
    assert Complaint.objects.get().complainant_nik == ""


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_staff_intake_asks_the_nik_where_the_office_enables_it(
    client, office, officer, asks_nik
):
    client.force_login(officer)
    page = client.get(reverse("complaints:staff_intake", args=[office.slug])).content.decode()
    assert 'name="nik"' in page
    # The officer types what the complainant says: the help speaks of the complainant, not to
    # "Anda" (found by a tester: "Hanya bila Anda ingin pengaduan dikaitkan dengan KTP Anda").
    assert "NIK pengadu" in page
    assert "KTP Anda" not in page
    _intake(client, office, nik=NIK)
    assert Complaint.objects.get().complainant_nik == NIK


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_api_refuses_a_nik_the_office_does_not_collect_in_english(client, office):
    response = post_api(client, {**BODY, "nik": NIK})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "nik",
            "code": "nik_not_collected",
            "message": "This office does not ask for the NIK. Leave the NIK empty.",
        }
    ]
    assert not Complaint.objects.exists()
    assert post_api(client, {**BODY, "nik": ""}).status_code == 201
    doc = client.get("/api/v1/openapi.json").json()
    described = json.dumps(doc["paths"][API]["post"])
    assert "nik_not_collected" in described


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_api_keeps_the_nik_where_the_office_asks_for_it(client, office, asks_nik):
    response = post_api(client, {**BODY, "nik": NIK})
    assert response.status_code == 201
    assert Complaint.objects.get().complainant_nik == NIK


def test_the_settings_page_switches_the_nik_question_and_records_it(client, office, officer):
    force_login_confirmed(client, officer)
    page = client.get(SETTINGS).content.decode()
    assert 'name="ask_nik"' in page
    assert "UU 27/2022" in page
    with time_machine.travel(MONDAY_0900, tick=False):
        response = client.post(SETTINGS, {"ask_nik": "on"})
    assert response.status_code == 302
    assert services.collects_nik(office)
    event = OfficeEvent.objects.get()
    assert (event.actor, event.at, event.action) == (
        officer,
        MONDAY_0900,
        OfficeEvent.Action.SETTINGS_CHANGED,
    )
    assert event.data == {"ask_nik": {"from": False, "to": True}}
    history = client.get(SETTINGS).content.decode()
    assert "NIK pengadu ditanyakan" in history
    # Saving the same values again records nothing; approval was left as it was.
    client.post(SETTINGS, {"ask_nik": "on"})
    assert OfficeEvent.objects.count() == 1
    assert not services.complaint_settings(office).answers_need_approval


def test_a_colleague_who_may_not_edit_settings_cannot_switch_it(client, office, handler):
    client.force_login(handler)
    assert client.post(SETTINGS, {"ask_nik": "on"}).status_code == 403
    assert not services.collects_nik(office)


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_forwarded_complaint_takes_the_nik_only_to_an_office_that_collects_it(
    make_complaint, officer, other_office, asks_nik
):
    complaint = make_complaint(complainant_nik=NIK)
    received = services.forward(complaint, actor=officer, to_office=other_office, reason="B")
    assert received.complainant_nik == ""
    OfficeComplaintSettings.objects.create(office=other_office, ask_nik=True)
    again = make_complaint(complainant_nik=NIK)
    assert (
        services.forward(again, actor=officer, to_office=other_office, reason="B").complainant_nik
        == NIK
    )
