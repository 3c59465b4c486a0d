"""Issue #15, ways in: every finished visit gets one single-use survey link, on the visitor's
page, in the outcome e-mail and behind the second QR code of the printed slip. The link works
once and the answer keeps the office, the service and the date only."""

from datetime import date, timedelta

import pytest
from django.conf import settings

from loket.notify.models import OutboxMessage
from loket.surveys import ikm
from loket.surveys.models import Response, Source, SurveyToken
from loket.visits import services

from .conftest import ROUTED_UNCHECKED, TUESDAY_0900
from .qr import page_qr_codes

pytestmark = pytest.mark.django_db

ANSWERS = dict.fromkeys(ikm.CODES, "4")


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


def _finish(visit, rina, consultant, division, **extra):
    services.route(visit, division, actor=rina, reason=ROUTED_UNCHECKED)
    services.call_next(division, actor=consultant)
    services.start(visit, actor=consultant)
    return services.end(
        visit,
        actor=consultant,
        outcome_summary="Syarat pengajuan dijelaskan.",
        now=TUESDAY_0900 + timedelta(minutes=20),
        **extra,
    )


def _path(url: str) -> str:
    assert url.startswith(settings.SITE_URL)
    return url[len(settings.SITE_URL) :]


def test_an_unfinished_visit_has_no_survey_link(client, make_walk_in):
    visit = make_walk_in()
    assert services.survey_url(visit) == ""
    page = client.get(f"/kunjungan/{visit.token}/").content.decode()
    assert "Isi survei kepuasan" not in page
    assert not SurveyToken.objects.exists()


def test_the_visitors_link_answers_once_and_keeps_office_service_and_date_only(
    client, make_walk_in, rina, consultant, division_x, service_a
):
    visit = _finish(make_walk_in(), rina, consultant, division_x)
    url = services.survey_url(visit)
    assert url.startswith(f"{settings.SITE_URL}/survei/token/")
    assert services.survey_url(visit) == url  # the same link wherever it is shown
    page = client.get(f"/kunjungan/{visit.token}/").content.decode()
    assert f'<a class="button" href="{url}">Isi survei kepuasan</a>' in page

    path = _path(url)
    token_row = SurveyToken.objects.get()
    assert (token_row.visit_id, token_row.used) == (visit.pk, False)
    sent = client.post(path, ANSWERS)
    assert sent.status_code == 302
    assert sent["Location"] == "/survei/terima-kasih/"
    again = client.post(path, ANSWERS)
    assert again.status_code == 410
    assert client.get(path).status_code == 410
    assert Response.objects.count() == 1

    response = Response.objects.get()
    assert (response.office_id, response.service_id) == (visit.office_id, service_a.pk)
    assert response.date == date(2026, 12, 1)
    assert response.source == Source.VISIT_LINK
    token_row.refresh_from_db()
    assert (token_row.used, token_row.visit_id, token_row.complaint_id) == (True, None, None)
    # Nothing on the response row points back at the visit or the person.
    names = {field.attname for field in Response._meta.concrete_fields}
    assert not names & {"visit_id", "token_hash", "name", "phone", "email", "nik"}


def test_the_outcome_email_carries_the_survey_link(make_walk_in, rina, consultant, division_x):
    visit = _finish(
        make_walk_in(email="siti@contoh.id"), rina, consultant, division_x, send_outcome=True
    )
    message = OutboxMessage.objects.get(topic="visit_outcome")
    assert services.survey_url(visit) in message.body
    assert SurveyToken.objects.count() == 1


@pytest.mark.usefixtures("enrolled")
def test_the_slips_survey_code_opens_the_survey_once_the_visit_is_finished(
    client, service_a, rina, consultant, division_x
):
    response = client.post(
        "/instansi/kantor-a/kiosk/buku-tamu/",
        {
            "service": service_a.pk,
            "name": "Budi Santoso",
            "phone": "0812 1111 2222",
            "institution": "Bappeda",
            "position": "Staf",
            "purpose": "Konsultasi",
        },
    )
    slip = client.get(response["Location"] + "slip/").content.decode()
    codes = [text for text, kind in page_qr_codes(slip) if kind == "QRCode"]
    assert len(codes) == 2
    survey_code = _path(codes[1])
    assert survey_code.startswith("/kunjungan/survei/")

    waiting = client.get(survey_code)
    assert waiting.status_code == 200
    assert "Survei dibuka setelah konsultasi Anda selesai" in waiting.content.decode()
    assert "Budi" not in waiting.content.decode()
    assert not SurveyToken.objects.exists()

    visit = _finish(
        services.visit_by_survey_ticket(survey_code.split("/")[-2]), rina, consultant, division_x
    )
    opened = client.get(survey_code)
    assert opened.status_code == 302
    assert opened["Location"] == services.survey_url(visit)
    assert client.post(_path(opened["Location"]), ANSWERS).status_code == 302
    assert client.post(_path(opened["Location"]), ANSWERS).status_code == 410


def test_a_forged_survey_code_is_not_found(client, make_walk_in):
    visit = make_walk_in()
    ticket = services.survey_ticket(visit)
    assert client.get(f"/kunjungan/survei/{ticket}x/").status_code == 404
    assert client.get(f"/kunjungan/survei/{visit.pk}/").status_code == 404


def test_a_visit_that_ended_without_consultation_gets_no_survey(client, make_walk_in, rina):
    visit = services.walk_out(make_walk_in(), actor=rina)
    page = client.get(f"/kunjungan/survei/{services.survey_ticket(visit)}/")
    assert page.status_code == 200
    assert "tidak ada survei" in page.content.decode()
    assert not SurveyToken.objects.exists()
