"""A finished visit counts in the satisfaction survey's population (issue 15) even when
nobody ever opens the visitor's page or the e-mail that shows the survey link: ending the
consultation issues the visit's survey token, and the link shown later is that same one."""

from datetime import date

import pytest

from loket.surveys import selectors
from loket.surveys import services as surveys
from loket.surveys.models import SurveyToken
from loket.visits import services

from .conftest import ROUTED_UNCHECKED, TUESDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


def test_ending_a_visit_counts_it_in_the_survey_population(
    client, rina, consultant, hana, make_walk_in, division_x, service_a, office_a
):
    month = surveys.open_period(
        office_a, kind="month", start=date(2026, 12, 1), end=date(2026, 12, 31), actor=hana
    )
    of_service = surveys.open_period(
        office_a,
        kind="month",
        start=date(2026, 12, 1),
        end=date(2026, 12, 31),
        service=service_a,
        actor=hana,
    )
    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    assert selectors.computed_population(month) == 0
    client.force_login(consultant)
    client.post("/staf/kantor-a/konsultasi/bagian-satu/panggil/")
    client.post(f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/mulai/")
    ended = client.post(
        f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/selesai/",
        {"outcome_summary": "Persyaratan dijelaskan."},
    )
    assert ended.status_code == 302
    token = SurveyToken.objects.get()
    assert (token.visit_id, token.service, token.issued_on) == (
        visit.pk,
        service_a,
        date(2026, 12, 1),
    )
    assert selectors.computed_population(month) == 1
    assert selectors.computed_population(of_service) == 1
    visit.refresh_from_db()
    services.survey_url(visit)  # the link shown afterwards is the same token
    assert SurveyToken.objects.count() == 1
