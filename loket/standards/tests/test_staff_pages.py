"""Office admins edit, preview and publish; a colleague without the role gets 403, staff of
another office 404. Every edit is recorded with who and when."""

import pytest
import time_machine

from loket.standards import selectors, services
from loket.standards.models import Standard, StandardEvent

from .factories import ServiceFactory
from .helpers import edit_form_data

pytestmark = pytest.mark.django_db

EDITED_AT = "2026-02-10 03:15:00+00:00"


@pytest.fixture
def service(office_a):
    return ServiceFactory(office=office_a, slug="konsultasi", name="Pelayanan Konsultasi")


@pytest.fixture
def draft(service, alice):
    return services.create_draft(
        service,
        actor=alice,
        requirements=["Surat Tugas", "Dokumen / Berkas Pendukung"],
        procedure=[{"label": "a", "text": "Menuju ke Petugas Informasi;"}],
        complaint_classes=[
            {"code": "ringan", "name": "Pengaduan ringan", "amount": 3, "unit": "hours"}
        ],
    )


def _urls(office, service):
    base = f"/staf/{office.slug}/standar/"
    return [
        base,
        f"{base}maklumat/",
        f"{base}{service.slug}/",
        f"{base}{service.slug}/draf/",
        f"{base}{service.slug}/draf/pratinjau/",
        f"{base}{service.slug}/draf/terbitkan/",
    ]


def test_the_office_admin_opens_every_standards_page(client, alice, office_a, service, draft):
    client.force_login(alice)
    for url in _urls(office_a, service):
        assert client.get(url).status_code == 200, url
    assert "Standar pelayanan" in client.get(f"/staf/{office_a.slug}/").content.decode()


def test_a_receptionist_is_refused_with_403(client, bob, office_a, service, draft):
    client.force_login(bob)
    for url in _urls(office_a, service):
        assert client.get(url).status_code == 403, url
    response = client.post(f"/staf/{office_a.slug}/standar/{service.slug}/draf/terbitkan/")
    assert response.status_code == 403
    assert "Standar pelayanan" not in client.get(f"/staf/{office_a.slug}/").content.decode()


def test_an_admin_of_another_office_gets_404(client, carol, office_a, service, draft):
    client.force_login(carol)
    for url in _urls(office_a, service):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/staf/{office_a.slug}/standar/{service.slug}/versi-baru/")
    assert response.status_code == 404


def test_signing_in_is_required(client, office_a, service):
    response = client.get(f"/staf/{office_a.slug}/standar/")
    assert response.status_code == 302
    assert "/staf/masuk/" in response["Location"]


@time_machine.travel(EDITED_AT, tick=False)
def test_editing_a_draft_adds_reorders_and_removes_items_and_logs_it(
    client, alice, office_a, service, draft
):
    client.force_login(alice)
    data = edit_form_data(draft)
    data["requirements-0-delete"] = "on"  # remove Surat Tugas
    data["requirements-2-text"] = "Tanda Pengenal / Identitas"  # a blank row fills in
    data["requirements-2-order"] = "1"  # and moves to the top
    data["procedure-1-label"] = "b"
    data["procedure-1-text"] = "Mengisi buku tamu;"
    data["administration_time_text"] = "20 Menit"
    data["fee_text"] = "Rp 25.000"
    data["fee_legal_basis"] = "Perda 1/2020"
    data["classes-1-code"] = "normatif"
    data["classes-1-name"] = "Pengaduan bersifat normatif"
    data["classes-1-amount"] = "5"
    data["classes-1-unit"] = "working_days"
    data["staff_count"] = "3 orang"
    response = client.post(f"/staf/{office_a.slug}/standar/{service.slug}/draf/", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.requirements == ["Tanda Pengenal / Identitas", "Dokumen / Berkas Pendukung"]
    assert [s["label"] for s in draft.procedure] == ["a", "b"]
    assert draft.administration_time_amount == 20
    assert (draft.fee_amount, draft.fee_legal_basis) == (25_000, "Perda 1/2020")
    assert [c["code"] for c in draft.complaint_classes] == ["ringan", "normatif"]
    assert draft.staff_count == "3 orang"
    event = StandardEvent.objects.filter(standard=draft, action="draft_updated").get()
    assert event.actor == alice
    assert event.at.isoformat() == "2026-02-10T03:15:00+00:00"
    assert {"requirements", "procedure", "complaint_classes"} <= set(event.fields)
    history = client.get(f"/staf/{office_a.slug}/standar/{service.slug}/").content.decode()
    assert "10 Feb 2026 10.15" in history  # shown in the office's zone (WIB)
    assert "alice" in history.lower()


def test_a_half_filled_class_row_is_an_error_and_nothing_is_saved(
    client, alice, office_a, service, draft
):
    client.force_login(alice)
    data = edit_form_data(draft)
    data["classes-1-code"] = "normatif"
    data["requirements-0-text"] = "Berubah"
    response = client.post(f"/staf/{office_a.slug}/standar/{service.slug}/draf/", data)
    assert response.status_code == 400
    assert "Wajib diisi untuk setiap klasifikasi." in response.content.decode()
    draft.refresh_from_db()
    assert draft.requirements[0] == "Surat Tugas"


@time_machine.travel("2026-03-05 03:00:00+00:00", tick=False)
def test_publishing_needs_an_effective_date_confirmed_import_warnings_and_a_confirmed_back_date(
    client, alice, office_a, service, draft
):
    Standard.objects.filter(pk=draft.pk).update(
        import_warnings=[{"code": "legacy", "params": {"text": "Periksa e-mail"}}]
    )
    client.force_login(alice)
    url = f"/staf/{office_a.slug}/standar/{service.slug}/draf/terbitkan/"
    assert "Periksa e-mail" in client.get(url).content.decode()
    response = client.post(url, {"decree_number": "SK 7/2026"})
    assert response.status_code == 400
    assert not selectors.published_versions(service).exists()
    form = {
        "decree_number": "SK 7/2026",
        "effective_date": "2026-03-01",
        "warnings_confirmed": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 400  # 1 March is before today (5 March): back-dated
    assert "berlaku surut" in response.content.decode()
    assert not selectors.published_versions(service).exists()
    response = client.post(url, {**form, "backdate_confirmed": "on"})
    assert response.status_code == 302
    published = selectors.standard_in_force(service)
    assert (published.decree_number, str(published.effective_date)) == ("SK 7/2026", "2026-03-01")
    assert published.published_by == alice
    # republish: a new version starts from the published one
    client.post(f"/staf/{office_a.slug}/standar/{service.slug}/versi-baru/")
    assert selectors.draft_of(service).requirements == published.requirements


def test_a_new_service_starts_with_an_empty_draft(client, alice, office_a):
    client.force_login(alice)
    response = client.post(f"/staf/{office_a.slug}/standar/layanan-baru/", {"name": "Izin Usaha"})
    assert response.status_code == 302
    assert response["Location"] == f"/staf/{office_a.slug}/standar/izin-usaha/draf/"
    response = client.post(f"/staf/{office_a.slug}/standar/layanan-baru/", {"name": "Izin Usaha"})
    assert response.status_code == 400


def test_the_pledge_is_saved_then_published(client, alice, office_a):
    client.force_login(alice)
    url = f"/staf/{office_a.slug}/standar/maklumat/"
    client.post(url, {"text": "Kami sanggup.", "signatory": "Kepala"})
    assert selectors.published_pledge(office_a) is None
    client.post(url, {"text": "Kami sanggup melayani.", "signatory": "Kepala", "publish": "1"})
    assert selectors.published_pledge(office_a).text == "Kami sanggup melayani."
    actions = list(
        StandardEvent.objects.filter(pledge__isnull=False).values_list("action", "actor")
    )
    assert ("pledge_published", alice.pk) in actions
