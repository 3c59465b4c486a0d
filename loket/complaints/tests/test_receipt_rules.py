"""The rules of receipt live in `services.submit`, so every channel follows them: an anonymous
complainant's name and NIK are never kept (web form, API, staff intake alike), and "the
incident is not in the future" is judged by the OFFICE's calendar day (WIB, WITA or WIT),
not the server's."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from loket.complaints import services
from loket.complaints.models import Complaint
from loket.complaints.services import InvalidInput
from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory, OfficeFactory, UserFactory

from .conftest import MONDAY_0900, publish_classes

pytestmark = pytest.mark.django_db

# 00:30 WIT (Asia/Jayapura, UTC+9) on Tuesday 3 March 2026 is still Monday 2 March 22:30 WIB.
JAYAPURA_0030 = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)
# 00:30 WITA (Asia/Makassar, UTC+8) on Tuesday 3 March 2026 is Monday 23:30 WIB.
MAKASSAR_0030 = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)
TUESDAY = date(2026, 3, 3)


@pytest.fixture
def jayapura(db):
    office = OfficeFactory(slug="kantor-papua", name="Kantor Papua", timezone="Asia/Jayapura")
    publish_classes(office)
    return office


@pytest.fixture
def makassar(db):
    office = OfficeFactory(slug="kantor-sulsel", name="Kantor Sulsel", timezone="Asia/Makassar")
    publish_classes(office)
    return office


def _submit(office, **fields):
    values = {
        "office": office,
        "channel": "web",
        "title": "Loket tutup",
        "description": "Loket tutup sebelum jamnya.",
        "complainant_email": "warga@contoh.id",
    }
    return services.submit(**{**values, **fields})


# --- Anonim ---------------------------------------------------------------------------------


@time_machine.travel(MONDAY_0900, tick=False)
def test_submit_keeps_neither_name_nor_nik_of_an_anonymous_complainant(office, asks_nik):
    complaint = _submit(
        office, anonymous=True, complainant_name="Budi", complainant_nik="6171010101900001"
    )
    complaint.refresh_from_db()
    assert complaint.complainant_name == ""
    assert complaint.complainant_nik == ""
    assert complaint.complainant_email == "warga@contoh.id"  # only to send the answer


@time_machine.travel(MONDAY_0900, tick=False)
def test_staff_intake_of_an_anonymous_complaint_keeps_neither_name_nor_nik(
    client, office, officer, asks_nik
):
    client.force_login(officer)
    response = client.post(
        reverse("complaints:staff_intake", args=[office.slug]),
        {
            "channel": "face_to_face",
            "received_at": "2026-03-02T08:30",
            "title": "Petugas kasar",
            "description": "Petugas membentak saya.",
            "name": "Siti Aminah",
            "nik": "6171010101900001",
            "phone": "081234567890",
            "anonymous": "on",
        },
    )
    complaint = Complaint.objects.get()
    assert response["Location"] == reverse("complaints:staff_intake_done", args=["kantor-a"])
    assert complaint.anonymous
    assert (complaint.complainant_name, complaint.complainant_nik) == ("", "")
    page = client.get(complaint.get_staff_url()).content.decode()
    assert "Siti Aminah" not in page


# --- The incident date, by the office's calendar day ------------------------------------------


@time_machine.travel(JAYAPURA_0030, tick=False)
def test_a_wit_office_at_0030_accepts_an_incident_of_that_same_local_day(jayapura):
    complaint = _submit(jayapura, incident_date=TUESDAY)
    assert complaint.incident_date == TUESDAY


@time_machine.travel(JAYAPURA_0030, tick=False)
def test_a_wit_office_at_0030_refuses_the_next_day(jayapura):
    with pytest.raises(InvalidInput, match="Tanggal kejadian tidak boleh di masa depan"):
        _submit(jayapura, incident_date=date(2026, 3, 4))


@time_machine.travel(MAKASSAR_0030, tick=False)
def test_a_wita_office_at_0030_accepts_an_incident_of_that_same_local_day(makassar):
    assert _submit(makassar, incident_date=TUESDAY).incident_date == TUESDAY


@time_machine.travel(MAKASSAR_0030, tick=False)
def test_a_wib_office_at_the_same_moment_refuses_that_day(office):
    # 23:30 WIB on Monday: Tuesday has not begun in Pontianak.
    with pytest.raises(InvalidInput, match="Tanggal kejadian tidak boleh di masa depan"):
        _submit(office, incident_date=TUESDAY)


@time_machine.travel(JAYAPURA_0030, tick=False)
def test_the_web_form_of_a_wit_office_accepts_the_same_local_day(client, jayapura):
    response = client.post(
        reverse("complaints:step_what", args=[jayapura.slug]),
        {
            "title": "Loket tutup",
            "description": "Tutup pukul 00.00.",
            "incident_date": "2026-03-03",
        },
    )
    assert response.status_code == 302
    tomorrow = client.post(
        reverse("complaints:step_what", args=[jayapura.slug]),
        {"title": "Loket tutup", "description": "Tutup.", "incident_date": "2026-03-04"},
    )
    assert tomorrow.status_code == 200
    assert "Tanggal kejadian tidak boleh di masa depan." in tomorrow.content.decode()


@time_machine.travel(JAYAPURA_0030, tick=False)
def test_the_staff_intake_of_a_wit_office_accepts_the_same_local_day(client, jayapura):
    officer = UserFactory(username="pejabat-papua")
    MembershipFactory(user=officer, office=jayapura, role=Role.COMPLAINT_OFFICER)
    client.force_login(officer)
    response = client.post(
        reverse("complaints:staff_intake", args=[jayapura.slug]),
        {
            "channel": "face_to_face",
            "received_at": "2026-03-03T00:15",
            "incident_date": "2026-03-03",
            "title": "Loket tutup",
            "description": "Loket tutup sebelum jamnya.",
            "name": "Yakobus",
        },
    )
    assert response.status_code == 302
    assert Complaint.objects.get().incident_date == TUESDAY


@time_machine.travel(JAYAPURA_0030, tick=False)
def test_the_api_maps_the_refusal_to_its_code_and_field_in_english(client, jayapura):
    body = {
        "office": jayapura.slug,
        "title": "Loket tutup",
        "description": "Loket tutup sebelum jamnya.",
        "name": "Yakobus",
        "email": "yakobus@contoh.id",
    }
    accepted = client.post(
        "/api/v1/complaints/", {**body, "incident_date": "2026-03-03"}, "application/json"
    )
    assert accepted.status_code == 201
    refused = client.post(
        "/api/v1/complaints/", {**body, "incident_date": "2026-03-04"}, "application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "field": "incident_date",
            "code": "incident_date_in_future",
            "message": "The date of the incident cannot be in the future.",
        }
    ]
