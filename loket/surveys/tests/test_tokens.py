"""Single-use links: one token, one answer, the tie to the visit dropped once used, clear
pages for a used or unknown link, and two simultaneous answers on PostgreSQL."""

import re
import threading

import pytest
import time_machine
from django.db import connection

from loket.surveys import ikm, services
from loket.surveys.models import Response, Source, SurveyToken

from .conftest import FRIDAY_1000, answers, form_data


def token_of(path):
    return path.rstrip("/").rsplit("/", 1)[1]


def test_issuing_twice_for_one_visit_gives_the_same_link(office_a, service):
    first = services.issue_token_for_visit(41, office_a, service, now=FRIDAY_1000)
    second = services.issue_token_for_visit(41, office_a, service, now=FRIDAY_1000)
    assert first == second
    assert first.startswith("/survei/token/")
    assert SurveyToken.objects.count() == 1
    row = SurveyToken.objects.get()
    assert row.visit_id == 41
    assert token_of(first) not in row.token_hash  # only a hash is stored


def test_visit_and_complaint_links_differ_for_the_same_id(office_a):
    assert services.issue_token_for_visit(7, office_a) != services.issue_token_for_complaint(
        7, office_a
    )


def test_a_link_answers_once_and_forgets_the_visit(office_a, service):
    token = token_of(services.issue_token_for_visit(41, office_a, service, now=FRIDAY_1000))
    with time_machine.travel(FRIDAY_1000, tick=False):
        response = services.submit_by_token(token, answers(3))
    assert response.source == Source.VISIT_LINK
    assert response.service == service
    assert str(response.date) == "2026-05-15"
    row = SurveyToken.objects.get()
    assert row.used
    assert row.visit_id is None
    assert row.complaint_id is None
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not field_names & {"token", "visit", "visit_id", "complaint_id", "created_at"}
    with pytest.raises(services.SurveyError) as refused:
        services.submit_by_token(token, answers(1))
    assert refused.value.code == services.TOKEN_USED
    # A visit answered once cannot be given a fresh link.
    again = services.issue_token_for_visit(41, office_a, service)
    assert token_of(again) == token
    assert Response.objects.count() == 1


def test_a_complaint_link_records_its_source(office_a):
    token = token_of(services.issue_token_for_complaint(9, office_a))
    assert services.submit_by_token(token, answers(2)).source == Source.COMPLAINT_LINK


def test_the_token_page_takes_an_answer_then_shows_it_is_used(client, office_a, service):
    path = services.issue_token_for_visit(41, office_a, service)
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<fieldset") >= 9
    form = html[html.index('<form method="post" novalidate>') :]
    names = set(re.findall(r'name="([^"]+)"', form))
    assert names == {
        "csrfmiddlewaretoken",
        *ikm.CODES,
        "sex",
        "age_band",
        "education",
        "occupation",
        "suggestion",
    }
    sent = client.post(path, form_data(dict.fromkeys(ikm.CODES, 4), sex="P"))
    assert sent.status_code == 302
    assert sent["Location"] == "/survei/terima-kasih/"
    assert Response.objects.get().sex == "P"
    used = client.get(path)
    assert used.status_code == 410
    assert "sudah diisi" in used.content.decode()


def test_an_unknown_link_gets_a_clear_page(client, db):
    page = client.get("/survei/token/tidakada123/")
    assert page.status_code == 404
    assert "Tautan survei tidak dikenal" in page.content.decode()


def test_a_missing_answer_is_shown_in_the_error_summary(client, office_a, service):
    path = services.issue_token_for_visit(41, office_a, service)
    scores = dict.fromkeys(ikm.CODES, 4)
    del scores["U8"]
    page = client.post(path, form_data(scores))
    assert page.status_code == 200
    html = page.content.decode()
    assert "error-summary" in html
    assert 'href="#id_U8_0"' in html
    assert not Response.objects.exists()
    assert not SurveyToken.objects.get().used


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_answers_through_one_link_store_exactly_one(office_a, service):
    if connection.vendor != "postgresql":
        pytest.skip("the race is decided by PostgreSQL row locks; run with DATABASE_URL")
    token = token_of(services.issue_token_for_visit(41, office_a, service))
    barrier = threading.Barrier(4)
    outcomes = []

    def answer():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.submit_by_token(token, answers(4))
            outcomes.append("ok")
        except services.SurveyError as error:
            outcomes.append(error.code)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=answer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "token_used", "token_used", "token_used"]
    assert Response.objects.count() == 1
