"""Staff pages: the guest book and routing at the front desk, the division queue and the
consultation, with the three users of every staff page (may / may only read / outsider)."""

import pytest

from loket.notify.models import OutboxMessage
from loket.visits import services
from loket.visits.models import Consultation, Visit

from . import files
from .conftest import ROUTED_UNCHECKED, SEED_REQUIREMENTS, TUESDAY_0900, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


def test_the_receptionist_sees_the_whole_offices_guest_book(client, rina, make_walk_in):
    make_walk_in(name="Tamu Pertama")
    make_walk_in(name="Tamu Kedua")
    client.force_login(rina)
    page = client.get("/staf/kantor-a/tamu/").content.decode()
    assert "Tamu Pertama" in page
    assert "Tamu Kedua" in page
    assert 'hx-trigger="every 10s"' in page
    assert "Muat ulang" in page


def test_the_guest_book_runs_a_constant_number_of_queries(
    client, rina, make_walk_in, division_x, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(rina)
    make_walk_in()
    client.get("/staf/kantor-a/tamu/daftar/")  # warm the calendar cache
    with CaptureQueriesContext(connection) as one_visit:
        assert client.get("/staf/kantor-a/tamu/daftar/").status_code == 200
    for _ in range(15):
        services.route(make_walk_in(), division_x, actor=rina, reason=ROUTED_UNCHECKED)
    make_walk_in()
    with django_assert_num_queries(len(one_visit.captured_queries)):
        assert client.get("/staf/kantor-a/tamu/daftar/").status_code == 200


def test_the_division_queue_runs_a_constant_number_of_queries(
    client, rina, consultant, make_walk_in, division_x, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(consultant)
    services.route(make_walk_in(), division_x, actor=rina, reason=ROUTED_UNCHECKED)
    url = "/staf/kantor-a/konsultasi/bagian-satu/daftar/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(12):
        services.route(make_walk_in(), division_x, actor=rina, reason=ROUTED_UNCHECKED)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_receptionist_checks_the_requirements_and_routes(
    client, rina, make_walk_in, division_x
):
    visit = make_walk_in()
    client.force_login(rina)
    page = client.get(f"/staf/kantor-a/tamu/{visit.pk}/").content.decode()
    for requirement in ("Surat Tugas", "Dokumen / Berkas Pendukung", "Tanda Pengenal / Identitas"):
        assert requirement in page
    assert "id_number" not in page  # the office does not store ID numbers
    response = client.post(
        f"/staf/kantor-a/tamu/{visit.pk}/",
        {
            "requirements": ["Surat Tugas", "Tanda Pengenal / Identitas"],
            "unchecked_reason": "Berkas pendukung menyusul lewat e-mail",
            "identity_checked": "on",
            "information_given": "Dijelaskan alur konsultasi",
            "division": division_x.pk,
            "action": "route",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "routed"
    assert visit.division == division_x
    assert visit.requirements_checked == ["Surat Tugas", "Tanda Pengenal / Identitas"]
    assert list(visit.events.values_list("action", flat=True)) == [
        "checked_in",
        "reception",
        "routed",
    ]


def test_routing_without_a_division_asks_for_one(client, rina, make_walk_in):
    visit = make_walk_in()
    client.force_login(rina)
    response = client.post(f"/staf/kantor-a/tamu/{visit.pk}/", {"action": "route"})
    assert response.status_code == 400
    assert "Pilih bagian tujuan" in response.content.decode()


def test_the_head_reads_the_guest_book_but_may_not_route(client, hana, make_walk_in, division_x):
    visit = make_walk_in()
    client.force_login(hana)
    assert client.get(f"/staf/kantor-a/tamu/{visit.pk}/").status_code == 200
    response = client.post(
        f"/staf/kantor-a/tamu/{visit.pk}/", {"division": division_x.pk, "action": "route"}
    )
    assert response.status_code == 403


def test_an_outsider_gets_404_on_another_offices_desk_and_visits(
    client, carol, make_walk_in, office_b
):
    visit = make_walk_in()
    client.force_login(carol)
    assert client.get("/staf/kantor-a/tamu/").status_code == 404
    assert client.get(f"/staf/kantor-a/tamu/{visit.pk}/").status_code == 404
    assert client.get(f"/staf/kantor-b/tamu/{visit.pk}/").status_code == 404
    assert client.get(f"/staf/kantor-b/konsultasi/kunjungan/{visit.pk}/").status_code == 404
    assert client.get("/staf/kantor-a/konsultasi/statistik/").status_code == 404


def test_a_consultant_sees_only_their_divisions_queue_and_visits(
    client, rina, consultant, eka, make_walk_in, division_x, division_y
):
    ours, theirs = make_walk_in(name="Tamu X"), make_walk_in(name="Tamu Y")
    services.route(ours, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.route(theirs, division_y, actor=rina, reason=ROUTED_UNCHECKED)
    client.force_login(consultant)
    queue = client.get("/staf/kantor-a/konsultasi/bagian-satu/").content.decode()
    assert "Tamu X" in queue
    assert "Tamu Y" not in queue
    assert client.get("/staf/kantor-a/konsultasi/bagian-dua/").status_code == 404
    assert client.get(f"/staf/kantor-a/konsultasi/kunjungan/{theirs.pk}/").status_code == 404
    assert client.get(f"/staf/kantor-a/konsultasi/kunjungan/{ours.pk}/").status_code == 200
    assert client.get("/staf/kantor-a/tamu/").status_code == 403  # not the front desk
    # The only division: the consultation home goes straight to it.
    assert client.get("/staf/kantor-a/konsultasi/")["Location"].endswith("/bagian-satu/")


def test_a_visit_handed_to_a_division_becomes_visible_to_it(
    client, rina, consultant, eka, make_walk_in, division_x, division_y
):
    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.call_next(division_x, actor=consultant)
    services.start(visit, actor=consultant)
    client.force_login(consultant)
    response = client.post(
        f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/serahkan/",
        {"division": division_y.pk, "reason": "Materi bagian dua"},
    )
    assert response.status_code == 302
    assert client.get(f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/").status_code == 404
    client.force_login(eka)
    page = client.get("/staf/kantor-a/konsultasi/bagian-dua/").content.decode()
    assert visit.name in page
    assert "dialihkan dari Bagian Satu" in page


def test_the_consultant_calls_starts_and_ends_with_an_outcome_e_mail(
    client, rina, consultant, make_walk_in, division_x
):
    visit = make_walk_in(email="siti@contoh.id")
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    client.force_login(consultant)
    response = client.post("/staf/kantor-a/konsultasi/bagian-satu/panggil/")
    assert response["Location"] == f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/"
    client.post(f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/mulai/")
    response = client.post(
        f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/selesai/",
        {
            "outcome_summary": "Persyaratan bantuan UMKM dijelaskan.",
            "internal_notes": "Perlu cek data dinas",
            "follow_up_needed": "on",
            "send_outcome": "on",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    consultation = visit.consultations.get()
    assert visit.status == "done"
    assert consultation.follow_up_needed
    message = OutboxMessage.objects.get(topic="visit_outcome")
    assert "Persyaratan bantuan UMKM dijelaskan." in message.body
    assert "Perlu cek data dinas" not in message.body  # internal notes stay inside
    summary = client.get(f"/kunjungan/{visit.token}/").content.decode()
    assert "Persyaratan bantuan UMKM dijelaskan." in summary
    assert "Perlu cek data dinas" not in summary
    assert "tindak lanjut" in summary


def test_the_head_reads_a_division_queue_but_may_not_call(client, hana, division_x):
    client.force_login(hana)
    assert client.get("/staf/kantor-a/konsultasi/bagian-satu/").status_code == 200
    assert client.post("/staf/kantor-a/konsultasi/bagian-satu/panggil/").status_code == 403


def test_documents_are_served_only_to_staff_who_may_see_the_visit(
    client, rina, carol, service_a, office_b
):
    from datetime import time

    from loket.visits.forms import check_upload

    from .conftest import TUESDAY, entry

    visit = services.book(
        service_a.office,
        entry(service_a, preferred_date=TUESDAY, preferred_time=time(10)),
        [check_upload(files.pdf(), "surat_tugas")],
        now=TUESDAY_0900.replace(hour=8),
    )
    item = visit.attachments.get()
    url = f"/staf/kantor-a/tamu/{visit.pk}/berkas/{item.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(carol)
    assert client.get(url).status_code == 404
    client.force_login(rina)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="surat-tugas.pdf"'
    assert item.stored_name not in response["Content-Disposition"]


def test_the_office_admin_sets_retention_and_id_storage(client, alice, bob, office_a):
    client.force_login(bob)  # a colleague without the role: 403
    assert client.get("/staf/kantor-a/tamu/pengaturan/").status_code == 403
    client.force_login(alice)
    response = client.post(
        "/staf/kantor-a/tamu/pengaturan/",
        {
            "retention_days": "180",
            "store_id_number": "on",
            "display_message": "Istirahat pukul 12.00-13.00 WIB.",
            "kiosk_location": "Lobi lantai 1",
            "slot_minutes": "30",
            "ticket_paper": "58mm",
        },
    )
    assert response.status_code == 302
    settings = services.settings_for(office_a)
    assert settings.retention_days == 180
    assert settings.store_id_number
    assert settings.display_message == "Istirahat pukul 12.00-13.00 WIB."
    assert settings.kiosk_location == "Lobi lantai 1"
    assert settings.ticket_paper == "58mm"


def test_the_office_pages_link_to_the_desk_by_role(client, rina, consultant, service_a):
    client.force_login(rina)
    page = client.get("/staf/kantor-a/").content.decode()
    assert "/staf/kantor-a/tamu/" in page
    assert "/staf/kantor-a/konsultasi/statistik/" not in page
    public = client.get("/instansi/kantor-a/").content.decode()
    assert "/instansi/kantor-a/kunjungan/" in public


def test_two_receptionists_routing_one_visitor_create_one_consultation_sequentially(
    client, rina, bob, make_walk_in, division_x, division_y
):
    visit = make_walk_in()
    client.force_login(rina)
    checked = {"requirements": SEED_REQUIREMENTS, "action": "route"}
    client.post(f"/staf/kantor-a/tamu/{visit.pk}/", {**checked, "division": division_x.pk})
    client.force_login(bob)
    response = client.post(
        f"/staf/kantor-a/tamu/{visit.pk}/", {**checked, "division": division_y.pk}
    )
    assert response.status_code == 400
    assert Consultation.objects.filter(visit=visit).count() == 1
    assert Visit.objects.get().division == division_x


def test_the_id_number_field_appears_only_when_the_office_stores_numbers(
    client, rina, office_a, make_walk_in
):
    visit = make_walk_in()
    client.force_login(rina)
    assert 'name="id_number"' not in client.get(f"/staf/kantor-a/tamu/{visit.pk}/").content.decode()
    services.save_settings(office_a, actor=None, retention_days=90, store_id_number=True)
    page = client.get(f"/staf/kantor-a/tamu/{visit.pk}/").content.decode()
    assert 'name="id_number"' in page
    enrol(client, office_a)
    public = client.get("/instansi/kantor-a/kiosk/buku-tamu/").content.decode()
    assert "Data ini disimpan 90 hari" in public
    assert "dapat mencatat nomornya" in public
