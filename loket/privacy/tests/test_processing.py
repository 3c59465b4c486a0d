"""The record of processing activities (generated, completed by the admin, printable) and the
public privacy notice (the office's real retention, its PPDP contact), linked from the forms."""

import pytest
from django.urls import reverse

from loket.privacy import services
from loket.privacy.models import PrivacyEvent, PrivacyProfile

pytestmark = pytest.mark.django_db


def test_the_record_lists_every_activity_with_the_retention_and_jra_the_office_set(
    client, alice, office_a
):
    services.set_retention(
        office_a, record_type="complaints", days=3650, jra_reference="Pergub 12/2020", actor=alice
    )
    client.force_login(alice)
    page = client.get(reverse("privacy:processing", args=["kantor-a"])).content.decode()
    assert "3650 hari" in page
    assert "JRA: Pergub 12/2020" in page
    assert "365 hari" in page
    assert "Pelaksanaan tugas pelayanan publik" in page
    assert "Penyedia layanan e-mail, SMS atau WhatsApp" in page
    assert "belum diisi" in page


def test_the_id_number_is_listed_only_when_the_office_stores_it(office_a, alice):
    from loket.visits import services as visits

    def visit_data():
        return [str(d) for d in services.activities(office_a)[0].data]

    assert "nomor tanda pengenal" not in visit_data()
    visits.save_settings(office_a, actor=alice, retention_days=365, store_id_number=True)
    assert "nomor tanda pengenal" in visit_data()


def test_the_admin_completes_the_record_and_the_change_is_logged(client, alice, office_a):
    client.force_login(alice)
    response = client.post(
        reverse("privacy:processing_edit", args=["kantor-a"]),
        {"dpo_name": "Sari Dewi", "dpo_email": "ppdp@kantor-a.go.id", "storage": "Pusat data"},
    )
    assert response.status_code == 302
    profile = PrivacyProfile.objects.get(office=office_a)
    assert (profile.dpo_name, profile.storage) == ("Sari Dewi", "Pusat data")
    event = PrivacyEvent.objects.get(office=office_a, action="profile_set")
    assert sorted(event.data["fields"]) == ["dpo_email", "dpo_name", "storage"]
    page = client.get(reverse("privacy:processing", args=["kantor-a"])).content.decode()
    assert "Sari Dewi" in page
    assert "belum diisi" not in page


def test_the_record_is_read_by_the_head_refused_to_a_colleague_and_hidden_from_others(
    client, head, bob, carol
):
    url = reverse("privacy:processing", args=["kantor-a"])
    edit = reverse("privacy:processing_edit", args=["kantor-a"])
    client.force_login(head)
    assert client.get(url).status_code == 200
    assert client.get(edit).status_code == 403
    client.force_login(bob)
    assert client.get(url).status_code == 403
    client.force_login(carol)
    assert client.get(url).status_code == 404
    assert client.post(edit, {"dpo_name": "x"}).status_code == 404
    assert not PrivacyProfile.objects.exists()


def test_the_public_notice_states_the_real_retention_and_the_ppdp_contact(client, alice, office_a):
    services.set_retention(
        office_a, record_type="visits", days=180, jra_reference="JRA 2021", actor=alice
    )
    services.set_profile(office_a, actor=alice, dpo_name="Sari Dewi", dpo_email="ppdp@a.go.id")
    response = client.get(reverse("privacy:notice", args=["kantor-a"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "180 hari, lalu data pribadinya dihapus" in page
    assert "1825 hari sejak pengaduan ditutup" in page
    assert "Sari Dewi" in page
    assert "ppdp@a.go.id" in page
    assert "72 jam" in page


def test_the_public_notice_is_in_english_when_chosen(client, office_a, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("privacy:notice", args=["kantor-a"])).content.decode()
    assert "Privacy notice" in page
    assert "365 days, then its personal data is erased." in page


def test_the_complaint_form_and_the_visit_pages_link_the_notice(client, office_a):
    notice = reverse("privacy:notice", args=["kantor-a"])
    client.post(
        reverse("complaints:step_what", args=["kantor-a"]),
        {"title": "Antrean", "description": "Menunggu satu jam.", "service": ""},
    )
    who = client.get(reverse("complaints:step_who", args=["kantor-a"]))
    assert "Anonim" in who.content.decode()
    assert notice in who.content.decode()
    visits = client.get(reverse("visits:start", args=["kantor-a"]))
    assert "Mengapa kami meminta data ini" in visits.content.decode()
    assert notice in visits.content.decode()


def test_the_kiosk_shows_the_notice_as_a_qr_code_and_never_links_out(client, office_a, service):
    import re

    from loket.visits.tests.conftest import enrol

    enrol(client, office_a)
    page = client.get("/instansi/kantor-a/kiosk/buku-tamu/").content.decode()
    assert "Mengapa kami meminta data ini" in page
    assert "http://testserver/instansi/kantor-a/pemberitahuan-privasi/</p>" in page
    assert "<svg" in page
    assert "Kode QR pemberitahuan privasi" in page
    assert not [h for h in re.findall(r'href="([^"]+)"', page) if "pemberitahuan" in h]


def test_the_public_office_page_links_the_notice(client, office_a):
    page = client.get(f"/instansi/{office_a.slug}/").content.decode()
    assert "Data pribadi Anda" in page
    assert reverse("privacy:notice", args=["kantor-a"]) in page
