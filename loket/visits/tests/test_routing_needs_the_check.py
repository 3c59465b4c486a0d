"""Issue #11: the front desk routed a visitor with no requirement checked while the history
said the check was recorded. Routing now needs the standard's requirements checked, or the
reason why not; the history says what was and was not checked."""

import pytest

from loket.visits import services
from loket.visits.services import ConsultationRefused

from .conftest import SEED_REQUIREMENTS

pytestmark = pytest.mark.django_db


def test_routing_with_nothing_checked_is_refused_and_names_what_is_missing(
    make_walk_in, rina, division_x
):
    visit = make_walk_in()
    with pytest.raises(ConsultationRefused) as refusal:
        services.route(visit, division_x, actor=rina)
    assert refusal.value.code == "requirements_not_checked"
    assert refusal.value.field == "unchecked_reason"
    assert "Surat Tugas, Dokumen / Berkas Pendukung, Tanda Pengenal / Identitas" in str(
        refusal.value
    )
    visit.refresh_from_db()
    assert visit.status == "checked_in"
    assert not visit.consultations.exists()


def test_routing_with_every_requirement_checked_needs_no_reason(make_walk_in, rina, division_x):
    visit = make_walk_in()
    services.record_reception(
        visit,
        actor=rina,
        requirements=SEED_REQUIREMENTS,
        identity_checked=True,
        information_given="",
    )
    visit = services.route(visit, division_x, actor=rina)
    assert visit.status == "routed"
    assert visit.events.get(action="routed").note == ""


def test_routing_with_a_reason_keeps_the_reason_in_the_history(make_walk_in, rina, division_x):
    visit = make_walk_in()
    services.record_reception(
        visit,
        actor=rina,
        requirements=["Surat Tugas"],
        identity_checked=True,
        information_given="",
    )
    services.route(visit, division_x, actor=rina, reason="  Identitas   dibawa besok ")
    reception = visit.events.get(action="reception")
    assert reception.note == (
        "Diperiksa: Surat Tugas. Belum diperiksa: Dokumen / Berkas Pendukung, "
        "Tanda Pengenal / Identitas."
    )
    assert reception.data == {
        "checked": ["Surat Tugas"],
        "missing": ["Dokumen / Berkas Pendukung", "Tanda Pengenal / Identitas"],
    }
    assert visit.events.get(action="routed").note == "Identitas dibawa besok"


def test_the_desk_page_asks_for_the_reason_under_its_field(client, rina, make_walk_in, division_x):
    visit = make_walk_in()
    client.force_login(rina)
    response = client.post(
        f"/staf/kantor-a/tamu/{visit.pk}/",
        {"requirements": ["Surat Tugas"], "division": division_x.pk, "action": "route"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_unchecked_reason"' in page
    assert "Persyaratan belum diperiksa" in page
    visit.refresh_from_db()
    assert visit.status == "checked_in"
    # All or nothing (found by a tester): the refused routing recorded no check, and the
    # retry with a reason records it once. The reason's label does not say "opsional".
    assert not visit.events.filter(action="reception").exists()
    assert "Alasan mengarahkan tanpa memeriksa semua persyaratan (opsional)" not in page
    retry = client.post(
        f"/staf/kantor-a/tamu/{visit.pk}/",
        {
            "requirements": ["Surat Tugas"],
            "division": division_x.pk,
            "action": "route",
            "unchecked_reason": "Identitas dibawa besok",
        },
    )
    assert retry.status_code == 302
    assert visit.events.filter(action="reception").count() == 1
