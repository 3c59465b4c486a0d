"""Issue 11: the complaint forms store phone numbers in E.164 (`validators.PhoneField`),
a WhatsApp number must be a mobile number, and the start page shows the office's numbers as
people read them."""

import importlib

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from loket.complaints.models import Complaint
from loket.offices.models import Channel
from loket.offices.tests.factories import ChannelFactory

from .conftest import MONDAY_0900
from .test_citizen_flow import fill_what

pytestmark = pytest.mark.django_db


def url(name, office):
    return reverse(f"complaints:{name}", args=[office.slug])


@pytest.mark.parametrize("typed", ["0812-3456-7890", "+62 812 3456 7890", "6281234567890"])
@time_machine.travel(MONDAY_0900, tick=False)
def test_the_web_form_stores_the_number_in_e164(client, office, typed):
    fill_what(client, office)
    client.post(url("step_evidence", office), {"action": "continue"})
    client.post(url("step_who", office), {"identity": "identified", "name": "A", "phone": typed})
    # Shown again as Indonesians write it when the citizen changes their answers.
    assert 'value="0812-3456-7890"' in client.get(url("step_who", office)).content.decode()
    assert "0812-3456-7890" in client.get(url("check", office)).content.decode()  # not +62...
    client.post(url("check", office))
    assert Complaint.objects.get().complainant_phone == "+6281234567890"


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_intake_stores_numbers_in_e164_and_wants_a_mobile_for_whatsapp(client, office, officer):
    client.force_login(officer)
    base = {
        "received_at": "2026-03-02T08:45",
        "title": "Antrean",
        "description": "Lama.",
        "name": "Siti",
        "phone": "0812 3456 7890",
    }
    landline = {**base, "channel": "whatsapp", "phone_number": "(0561) 736541"}
    page = client.post(url("staff_intake", office), landline)
    assert page.status_code == 400
    assert not Complaint.objects.exists()
    whatsapp = {**base, "channel": "whatsapp", "phone_number": "0816-4911-2053"}
    assert client.post(url("staff_intake", office), whatsapp).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.complainant_phone == "+6281234567890"
    assert complaint.channel_details["phone_number"] == "+6281649112053"


def test_the_start_page_shows_the_numbers_as_people_read_them(client, office):
    ChannelFactory(office=office, kind=Channel.Kind.PHONE, value="+62561736541;ext=213")
    ChannelFactory(office=office, kind=Channel.Kind.WHATSAPP, value="+6281234567890")
    page = client.get(url("start", office)).content.decode()
    assert "+6281234567890</a>" not in page
    assert ">0812-3456-7890</a>" in page
    assert "(0561) 736541" in page


migration = importlib.import_module("loket.complaints.migrations.0013_complainant_phones_in_e164")


def test_the_migration_stores_existing_numbers_in_e164_and_keeps_what_does_not_parse(
    make_complaint,
):
    written = {
        make_complaint().pk: "0812-3456-7890",
        make_complaint().pk: "+62 0812 3456 7890",
        make_complaint().pk: "(0385) 42042",
        make_complaint().pk: "bukan nomor",
        make_complaint().pk: "",
    }
    for pk, phone in written.items():
        Complaint.objects.filter(pk=pk).update(complainant_phone=phone)
    migration.to_e164(apps, None)
    stored = dict(Complaint.objects.values_list("pk", "complainant_phone"))
    assert [stored[pk] for pk in written] == [
        "+6281234567890",
        "+6281234567890",
        "+6238542042",
        "bukan nomor",
        "",
    ]


def test_the_identity_page_links_the_number_and_marks_one_that_does_not_parse(
    client, make_complaint, officer
):
    complaint = make_complaint(complainant_phone="+62561736541;ext=213")
    client.force_login(officer)
    page = client.get(f"{complaint.get_staff_url()}identitas/").content.decode()
    assert '<a href="tel:+62561736541;ext=213">(0561) 736541 ext. 213</a>' in page
    Complaint.objects.filter(pk=complaint.pk).update(complainant_phone="0561-73 65")
    page = client.get(f"{complaint.get_staff_url()}identitas/").content.decode()
    assert "0561-73 65" in page
    assert "periksa nomor ini: tidak sesuai penomoran Indonesia" in page
