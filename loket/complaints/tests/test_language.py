"""Issue 11 §5: a complaint filed in English is acknowledged, and answered, in English;
the language is kept on the complaint at receipt, whoever acts later in which language."""

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from loket.complaints import services
from loket.complaints.models import Complaint
from loket.notify.models import OutboxMessage

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


def url(name, office):
    return reverse(f"complaints:{name}", args=[office.slug])


def send_web_form(client, office):
    client.post(
        url("step_what", office),
        {
            "title": "Nobody at the desk",
            "description": "I waited an hour.",
            "incident_date": "",
            "incident_place": "",
            "service": "",
        },
    )
    client.post(url("step_evidence", office), {"action": "continue"})
    who = {"identity": "identified", "name": "Jane", "email": "jane@contoh.id", "phone": ""}
    client.post(url("step_who", office), who)
    client.post(url("check", office))
    return Complaint.objects.get()


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_complaint_filed_in_english_is_acknowledged_and_answered_in_english(
    client, office, officer, handler
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    complaint = send_web_form(client, office)
    assert complaint.language == "en"
    ack = OutboxMessage.objects.get(topic="complaint.acknowledgement")
    assert "We have received your complaint to" in ack.body
    assert "Pengaduan Anda" not in ack.body
    # The officer works in Indonesian: the complainant still reads English.
    with translation.override("id"):
        services.classify(complaint, actor=officer, class_code="ringan")
        services.answer(complaint, actor=handler, text="Sudah ditegur.")
    answered = OutboxMessage.objects.get(topic="complaint.answered")
    assert "telah menjawab" not in answered.body
    assert "Sudah ditegur." in answered.body


@time_machine.travel(MONDAY_0900, tick=False)
def test_a_complaint_filed_in_indonesian_is_acknowledged_in_indonesian(client, office):
    complaint = send_web_form(client, office)
    assert complaint.language == "id"
    ack = OutboxMessage.objects.get(topic="complaint.acknowledgement")
    assert "Pengaduan Anda kepada Kantor A telah kami terima." in ack.body


def test_an_unknown_language_is_kept_as_the_default(make_complaint):
    assert make_complaint(language="fr").language == "id"
    assert make_complaint(language="en-us").language == "en"
