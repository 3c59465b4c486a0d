"""The sample's population is the people served in the period: every finished visit and
every closed complaint of the office (or of the period's service), counted from the survey
tokens the visits and complaints apps issue at finish and close time, whether or not the
link was ever shown or answered; and the answers are counted per source."""

from datetime import UTC, date, datetime

import time_machine

from loket.surveys import ikm, selectors, services
from loket.surveys.models import Source

from .conftest import FRIDAY_1000, answers, publish_service


def token_of(path):
    return path.rstrip("/").rsplit("/", 1)[1]


def test_the_computed_population_counts_the_people_served_in_the_period(
    office_a, office_b, service, head
):
    other_service = publish_service(office_a, slug="izin-usaha", name="Izin Usaha")
    whole = services.open_period(
        office_a, kind="quarter", start=date(2026, 4, 1), end=date(2026, 6, 30), actor=head
    )
    one_service = services.open_period(
        office_a,
        kind="quarter",
        start=date(2026, 4, 1),
        end=date(2026, 6, 30),
        service=service,
        actor=head,
    )
    # Served inside the quarter: two visits of the service, one of another service, one
    # complaint about the service and one naming no service.
    for visit_id in (1, 2):
        services.issue_token_for_visit(visit_id, office_a, service, now=FRIDAY_1000)
    services.issue_token_for_visit(3, office_a, other_service, now=FRIDAY_1000)
    services.issue_token_for_complaint(10, office_a, service, now=FRIDAY_1000)
    services.issue_token_for_complaint(11, office_a, now=FRIDAY_1000)
    # Not counted: another office, and a visit finished on 1 July at 00:30 WIB (30 June in
    # UTC: the office's own date decides).
    services.issue_token_for_visit(4, office_b, None, now=FRIDAY_1000)
    services.issue_token_for_visit(
        5, office_a, service, now=datetime(2026, 6, 30, 17, 30, tzinfo=UTC)
    )
    assert selectors.computed_population(whole) == 5
    assert selectors.computed_population(one_service) == 3
    # An answered link still counts: the person was served.
    with time_machine.travel(FRIDAY_1000, tick=False):
        services.submit_by_token(
            token_of(services.issue_token_for_visit(1, office_a, service)), answers(4)
        )
    assert selectors.computed_population(one_service) == 3
    progress = selectors.progress(one_service)
    assert (progress.population, progress.population_entered) == (3, False)
    assert progress.required == ikm.sample_size(3) == 3
    # A number the head enters replaces the computed one.
    services.set_population(one_service, 250, actor=head)
    one_service.refresh_from_db()
    assert selectors.progress(one_service).population == 250
    assert selectors.progress(one_service).required == ikm.sample_size(250)


def test_a_complaint_link_carries_the_complaints_service_to_the_answer(office_a, service):
    path = services.issue_token_for_complaint(12, office_a, service, now=FRIDAY_1000)
    state = services.token_state(token_of(path))
    assert state.token.service == service
    with time_machine.travel(FRIDAY_1000, tick=False):
        response = services.submit_by_token(token_of(path), answers(3))
    assert (response.source, response.service) == (Source.COMPLAINT_LINK, service)


def test_progress_counts_the_answers_per_source(client, office_a, service, head, quarter):
    with time_machine.travel(FRIDAY_1000, tick=False):
        for visit_id in (1, 2):
            path = services.issue_token_for_visit(visit_id, office_a, service)
            services.submit_by_token(token_of(path), answers(4))
        path = services.issue_token_for_complaint(3, office_a, service)
        services.submit_by_token(token_of(path), answers(3))
        services.issue_token_for_visit(4, office_a, service)  # served, never answered
        for _ in range(3):
            services.submit_kiosk(office_a, service, answers(4), device_id=1)
        services.submit_without_token(office_a, service, answers(2))
        services.enter_paper(office_a, service, date(2026, 5, 2), answers(3), actor=head)
    progress = selectors.progress(quarter)
    assert progress.by_source == {
        Source.VISIT_LINK: 2,
        Source.COMPLAINT_LINK: 1,
        Source.KIOSK: 3,
        Source.POSTER: 1,
        Source.PAPER_ENTRY: 1,
        Source.PAPER_IMPORT: 0,
    }
    assert progress.total == 8
    assert progress.population == 4  # three visits and one complaint served
    assert progress.required == ikm.sample_size(4)
    client.force_login(head)
    html = client.get(f"/staf/{office_a.slug}/survei/periode/{quarter.pk}/").content.decode()
    assert f"8 jawaban dari sampel minimum {ikm.sample_size(4)}" in html
    assert "populasi 4" in html
    assert '<th scope="row">Kios</th><td>3</td>' in html
    assert '<th scope="row">Tautan kunjungan</th><td>2</td>' in html
    assert '<th scope="row">Tautan pengaduan</th><td>1</td>' in html
    assert '<th scope="row">Poster/QR (tanpa token)</th><td>1</td>' in html
