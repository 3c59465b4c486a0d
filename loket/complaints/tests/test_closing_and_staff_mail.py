"""Plain-text mail is not HTML-escaped (issue 12, finding 7), staff mail carries the reference
and never the tracking code, and the closing message carries the complainant's single-use
satisfaction-survey link (issue 15)."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from loket.complaints import services
from loket.notify.models import OutboxMessage
from loket.surveys.services import token_state

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY_0900, tick=False)


def test_plain_text_mail_keeps_the_characters_people_typed(
    make_complaint, officer, handler, settings
):
    handler.email = "tim@kantor.go.id"
    handler.save()
    complaint = make_complaint(title='Loket <b>3</b> & "antrean"')
    services.classify(complaint, actor=officer, class_code="normatif")
    services.assign(complaint, actor=officer, users=[handler])
    services.answer(complaint, actor=handler, text="Jam 08.00 & 12.00 <di loket 3>")
    assigned = OutboxMessage.objects.get(topic="complaint.staff_assigned")
    # Staff mail names the complaint by its reference only, never its title (the citizen's
    # words: test_staff_notices.py); the answer below keeps what the officer typed.
    assert "antrean" not in assigned.body
    assert complaint.reference in assigned.subject
    assert complaint.tracking_code not in assigned.subject + assigned.body
    # Issue 11 §5: a time reads "10.20 WIB" in mail as on the pages, never "10:20 WIB".
    assert re.search(r"Batas waktu: \d{1,2} \w+ \d{4} \d\d\.\d\d WIB", assigned.body)
    answered = OutboxMessage.objects.get(topic="complaint.answered")
    assert "Jam 08.00 & 12.00 <di loket 3>" in answered.body
    assert "&amp;" not in answered.body
    assert "&lt;" not in answered.body


def _survey_link(body: str) -> str:
    [link] = re.findall(r"http://\S+/survei/token/[a-z0-9]+/", body)
    return link


def test_the_closing_message_carries_a_working_single_use_survey_link(
    make_complaint, officer, handler, settings
):
    complaint = make_complaint()
    services.classify(complaint, actor=officer, class_code="normatif")
    services.answer(complaint, actor=officer, text="Sudah diperbaiki.")
    code = complaint.tracking_code
    assert Client().post(f"/pengaduan/{code}/nilai/", {"score": 4}).status_code == 302
    closed = OutboxMessage.objects.get(topic="complaint.closed")
    link = _survey_link(closed.body)
    assert link.startswith(settings.SITE_URL)
    token = link.rstrip("/").rsplit("/", 1)[1]
    state = token_state(token)
    assert state.known
    assert not state.used
    assert state.token.office == complaint.office
    assert state.token.complaint_id == complaint.pk
    # The link opens the questionnaire (an unknown token answers 404, a used one 410).
    page = Client().get(link.removeprefix(settings.SITE_URL))
    assert page.status_code == 200
    assert '<form method="post"' in page.content.decode()
    # The staff who answered never get that link.
    staff_bodies = OutboxMessage.objects.filter(topic__startswith="complaint.staff_")
    assert all(token not in m.body for m in staff_bodies)


def test_an_unanswered_complaint_closed_by_the_office_carries_the_link_too(make_complaint, officer):
    complaint = make_complaint()
    services.classify(complaint, actor=officer, class_code="normatif")
    services.answer(complaint, actor=officer, text="Sudah.")
    assert services.close(complaint, reason="Tidak ada tanggapan.", now=MONDAY_0900)
    body = OutboxMessage.objects.get(topic="complaint.closed").body
    assert token_state(_survey_link(body).rstrip("/").rsplit("/", 1)[1]).known


def test_a_complaint_that_is_not_the_offices_gets_no_survey(make_complaint, officer):
    complaint = make_complaint()
    services.mark_not_authority(complaint, actor=officer, reason="Wewenang pemerintah pusat.")
    body = OutboxMessage.objects.get(topic="complaint.closed").body
    assert "/survei/" not in body
    assert "Wewenang pemerintah pusat." in body


def test_a_second_close_does_not_issue_another_token(make_complaint, officer):
    complaint = make_complaint()
    services.classify(complaint, actor=officer, class_code="normatif")
    services.answer(complaint, actor=officer, text="Sudah.")
    assert services.close(complaint, now=MONDAY_0900)
    assert not services.close(complaint, now=MONDAY_0900 + timedelta(minutes=1))
    assert OutboxMessage.objects.filter(topic="complaint.closed").count() == 1


def test_the_survey_link_of_a_closed_complaint_carries_its_service(
    make_complaint, officer, head, office
):
    from datetime import date

    from loket.standards.models import Service
    from loket.surveys import selectors
    from loket.surveys import services as surveys

    service = Service.objects.get(office=office)
    period = surveys.open_period(
        service.office,
        kind="month",
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        service=service,
        actor=head,
    )
    complaint = make_complaint(service=service)
    services.classify(complaint, actor=officer, class_code="normatif")
    services.answer(complaint, actor=officer, text="Sudah.")
    assert selectors.computed_population(period) == 0
    assert services.close(complaint, now=MONDAY_0900)
    body = OutboxMessage.objects.get(topic="complaint.closed").body
    state = token_state(_survey_link(body).rstrip("/").rsplit("/", 1)[1])
    assert state.token.service == service  # the questionnaire is preset to it
    assert selectors.computed_population(period) == 1  # counted in the service's period
