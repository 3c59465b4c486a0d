"""Closing and publishing a period cannot be undone: the period page links to a question
styled as a warning (GET), and only its form (POST) acts. Publishing is refused, with a
clear message, while the IKM has no value (an element without any answer)."""

from datetime import date

import pytest
import time_machine

from loket.surveys import ikm, services
from loket.surveys.models import SurveyPeriod

from .conftest import FRIDAY_1000, answers

PLAN = {
    "rencana-TOTAL_FORMS": "1",
    "rencana-INITIAL_FORMS": "0",
    "rencana-MIN_NUM_FORMS": "0",
    "rencana-MAX_NUM_FORMS": "20",
    "rencana-0-element": "U8",
    "rencana-0-activity": "Aktifkan kanal WhatsApp",
    "rencana-0-when": "Juli 2026",
    "rencana-0-responsible": "Kepala Bagian Umum",
    "conclusion": "",
}


def _status(period):
    period.refresh_from_db()
    return period.status


def test_closing_and_publishing_ask_first(client, office_a, service, head, quarter):
    with time_machine.travel(FRIDAY_1000, tick=False):
        services.submit_kiosk(office_a, service, answers(4), device_id=1)
    client.force_login(head)
    base = f"/staf/{office_a.slug}/survei/periode/{quarter.pk}/"
    html = client.get(base).content.decode()
    assert f'href="{base}tutup/"' in html  # a link to the question, not a button that acts
    assert f'action="{base}tutup/"' not in html
    question = client.get(f"{base}tutup/").content.decode()
    assert "Tutup periode survei 01-04-2026 s.d. 30-06-2026?" in question
    assert "tidak dapat diurungkan" in question
    assert '<button type="submit" class="button button-warning">Ya, tutup periode' in question
    assert _status(quarter) == SurveyPeriod.Status.OPEN
    assert client.post(f"{base}tutup/").status_code == 302
    assert _status(quarter) == SurveyPeriod.Status.CLOSED

    assert client.post(f"{base}rencana/", PLAN).status_code == 302
    html = client.get(base).content.decode()
    assert f'href="{base}umumkan/"' in html
    question = client.get(f"{base}umumkan/").content.decode()
    assert "Umumkan hasil survei 01-04-2026 s.d. 30-06-2026?" in question
    assert "Nilai IKM 100,00 dari 1 responden" in question
    assert "tidak dapat diubah atau ditarik kembali" in question
    assert '<button type="submit" class="button button-warning">Ya, umumkan hasil' in question
    assert _status(quarter) == SurveyPeriod.Status.CLOSED
    assert client.post(f"{base}umumkan/").status_code == 302
    assert _status(quarter) == SurveyPeriod.Status.PUBLISHED
    # Nothing left to confirm; the population is set by its form only.
    assert client.get(f"{base}populasi/").status_code == 404


def test_the_questions_are_the_heads_of_this_office_only(client, office_a, carol, bob, quarter):
    for user, status in ((carol, 404), (bob, 403)):
        client.force_login(user)
        for action in ("tutup", "umumkan"):
            url = f"/staf/{office_a.slug}/survei/periode/{quarter.pk}/{action}/"
            assert client.get(url).status_code == status
            assert client.post(url).status_code == status
    assert _status(quarter) == SurveyPeriod.Status.OPEN


def test_a_result_without_an_ikm_is_not_published(client, office_a, service, head, quarter):
    # Every sheet leaves question 5 (U5) blank: U5 has no NRR, so there is no IKM.
    scores = dict.fromkeys(ikm.CODES, 4)
    scores["U5"] = None
    for _ in range(3):
        services.enter_paper(office_a, service, date(2026, 5, 2), answers(scores), actor=head)
    client.force_login(head)
    base = f"/staf/{office_a.slug}/survei/periode/{quarter.pk}/"
    client.post(f"{base}tutup/")
    client.post(f"{base}rencana/", PLAN)
    message = "IKM periode ini belum dapat dihitung: setiap unsur (U1 sampai U9)"
    question = client.get(f"{base}umumkan/").content.decode()
    assert message in question
    assert "Ya, umumkan hasil" not in question  # nothing to confirm
    refused = client.post(f"{base}umumkan/", follow=True).content.decode()
    assert message in refused
    assert _status(quarter) == SurveyPeriod.Status.CLOSED
    with pytest.raises(services.SurveyError) as raised:
        services.publish_period(quarter, actor=head)
    assert raised.value.code == "ikm_undefined"
