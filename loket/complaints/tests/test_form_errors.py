"""Issue 11 §5: every form error names its field, in both languages (no bare "Wajib diisi."
repeated, no Django "Bidang ini tidak boleh kosong.")."""

import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


def errors(html: str) -> list[str]:
    found = re.findall(r'<span class="error-message"[^>]*>(.*?)</span>\s*\n', html, re.S)
    return [
        re.sub(r"<[^>]+>", "", e).replace("Galat:", "").replace("Error:", "").strip() for e in found
    ]


def post_empty_what(client, office):
    data = {"title": "", "description": "", "incident_date": "", "service": ""}
    return client.post(reverse("complaints:step_what", args=[office.slug]), data)


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_citizen_form_names_each_missing_field_in_indonesian(client, office):
    page = post_empty_what(client, office).content.decode()
    assert errors(page) == ["Judul pengaduan: Wajib diisi.", "Apa yang terjadi: Wajib diisi."]


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_citizen_form_names_each_missing_field_in_english(client, office):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = post_empty_what(client, office).content.decode()
    assert errors(page) == ["Complaint title: Required.", "What happened: Required."]


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_staff_action_names_its_field(client, make_complaint, officer):
    complaint = make_complaint()
    client.force_login(officer)
    url = reverse(
        "complaints:staff_act",
        args=[complaint.office.slug, complaint.reference, "minta-kelengkapan"],
    )
    page = client.post(url, {"message": ""}).content.decode()
    assert errors(page) == ["Pesan: Wajib diisi."]


@pytest.mark.parametrize("name", ["Promo www.judi-online.xyz", "Budi budi@contoh.com"])
def test_the_complaint_forms_refuse_a_name_holding_a_link(name):
    """Issue 12, finding 7: a name is a person's name, not a place for a link to be mailed on."""
    from loket.complaints.forms import WhoForm
    from loket.complaints.staff_forms import IntakeForm

    who = WhoForm(data={"identity": WhoForm.IDENTIFIED, "name": name, "email": "a@contoh.id"})
    assert not who.is_valid()
    # The page names the field ("Nama lengkap: ..."), as for every form (loket.field_errors).
    assert who.errors["name"] == ["Tulis nama orang saja, tanpa alamat situs atau alamat e-mail."]
    with pytest.raises(Exception, match="tanpa alamat situs"):
        IntakeForm.base_fields["name"].clean(name)


def test_a_name_with_initials_and_titles_passes_the_complaint_form():
    from loket.complaints.forms import WhoForm

    data = {"identity": WhoForm.IDENTIFIED, "name": "H. M. Yusuf, S.Sos.", "email": "a@contoh.id"}
    who = WhoForm(data=data)
    who.is_valid()
    assert "name" not in who.errors
