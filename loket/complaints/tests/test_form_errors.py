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
