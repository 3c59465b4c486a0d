"""The personal-data pages: the office admin keeps them, the head reads them, a receptionist
gets 403 and another office's admin 404."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from loket.privacy import services
from loket.privacy.models import DataSubjectRequest, RetentionPolicy

from .conftest import COLLECTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject_request(office_a, alice, make_complaint):
    make_complaint(phone="081234567890")
    return services.record_request(
        office_a,
        kind="access",
        phone="081234567890",
        verification="KTP asli diperiksa",
        actor=alice,
        now=COLLECTED + timedelta(hours=1),
    )


def test_the_office_admin_sees_retention_with_the_complaints_default_to_confirm(client, alice):
    client.force_login(alice)
    response = client.get(reverse("privacy:home", args=["kantor-a"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "bawaan, perlu dikonfirmasi" in page
    assert "365 hari" in page
    assert "1825 hari" in page


def test_the_office_admin_sets_a_retention_with_its_jra_reference(client, alice, office_a):
    client.force_login(alice)
    url = reverse("privacy:retention", args=["kantor-a", "complaints"])
    response = client.post(url, {"days": "3650", "jra_reference": "Pergub Kalbar 12/2020"})
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(office=office_a, record_type="complaints")
    assert (policy.days, policy.jra_reference) == (3650, "Pergub Kalbar 12/2020")
    refused = client.post(url, {"days": "3650", "jra_reference": ""})
    assert refused.status_code == 400


def test_setting_the_visits_retention_changes_what_the_booking_page_promises(
    client, alice, office_a
):
    from loket.visits import services as visits

    client.force_login(alice)
    client.post(
        reverse("privacy:retention", args=["kantor-a", "visits"]),
        {"days": "180", "jra_reference": "JRA 2021"},
    )
    assert visits.settings_for(office_a).retention_days == 180


def test_the_head_reads_but_may_not_change(client, head, subject_request):
    client.force_login(head)
    assert client.get(reverse("privacy:home", args=["kantor-a"])).status_code == 200
    detail = reverse("privacy:request", args=["kantor-a", subject_request.pk])
    assert client.get(detail).status_code == 200
    url = reverse("privacy:retention", args=["kantor-a", "visits"])
    assert client.post(url, {"days": "10", "jra_reference": "x"}).status_code == 403
    export = reverse("privacy:export", args=["kantor-a", subject_request.pk, "json"])
    assert client.get(export).status_code == 403


@pytest.mark.parametrize(("who", "status"), [("bob", 403), ("carol", 404)])
def test_a_receptionist_gets_403_and_another_offices_admin_404(
    client, who, status, request, subject_request
):
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("privacy:home", args=["kantor-a"]),
        reverse("privacy:request", args=["kantor-a", subject_request.pk]),
        reverse("privacy:export", args=["kantor-a", subject_request.pk, "pdf"]),
    ):
        assert client.get(url).status_code == status


def test_another_offices_request_is_404_even_under_ones_own_office(client, carol, subject_request):
    client.force_login(carol)
    url = reverse("privacy:request", args=["kantor-b", subject_request.pk])
    assert client.get(url).status_code == 404


def test_the_office_admin_records_a_request_and_downloads_both_exports(
    client, alice, make_complaint
):
    make_complaint(phone="081234567890")
    client.force_login(alice)
    response = client.post(
        reverse("privacy:new_request", args=["kantor-a"]),
        {
            "kind": "access",
            "name": "Budi Santoso",
            "phone": "0812-3456-7890",
            "verification": "KTP asli diperiksa",
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "Antrean terlalu lama" in detail.content.decode()
    pk = response["Location"].rstrip("/").rsplit("/", 1)[1]
    # Issue 11 §2: stored in E.164 like every number, shown as Indonesians write it.
    assert DataSubjectRequest.objects.get(pk=pk).phone == "+6281234567890"
    assert "0812-3456-7890" in detail.content.decode()
    as_json = client.get(reverse("privacy:export", args=["kantor-a", pk, "json"]))
    assert json.loads(as_json.content)["complaints"]["records"][0]["name"] == "Budi Santoso"
    as_pdf = client.get(reverse("privacy:export", args=["kantor-a", pk, "pdf"]))
    assert as_pdf["Content-Type"] == "application/pdf"
    assert as_pdf.content.startswith(b"%PDF")


def test_a_request_without_any_identifier_is_refused_with_an_error_summary(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("privacy:new_request", args=["kantor-a"]),
        {"kind": "access", "name": "Budi", "verification": "KTP"},
    )
    assert response.status_code == 400
    assert "sedikitnya satu pengenal" in response.content.decode()


def test_the_pages_read_in_english(client, alice, settings):
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("privacy:home", args=["kantor-a"])).content.decode()
    assert "Retention" in page
    assert "default, to be confirmed" in page
    assert "365 days" in page


def test_the_staff_office_page_links_the_register_for_admin_and_head_only(client, alice, bob):
    url = reverse("offices:staff_office", args=["kantor-a"])
    link = reverse("privacy:home", args=["kantor-a"])
    client.force_login(alice)
    assert link in client.get(url).content.decode()
    client.force_login(bob)
    assert link not in client.get(url).content.decode()


def test_a_purged_complaints_staff_page_says_its_personal_data_was_erased(
    client, office_a, make_complaint, time_machine, django_capture_on_commit_callbacks
):
    from loket.offices.roles import Role
    from loket.offices.tests.factories import MembershipFactory, UserFactory
    from loket.privacy import jobs

    officer = UserFactory(username="oki")
    MembershipFactory(user=officer, office=office_a, role=Role.COMPLAINT_OFFICER)
    complaint = make_complaint(closed=COLLECTED)
    client.force_login(officer)
    notice = "sudah dihapus karena melewati masa simpan"
    assert notice not in client.get(complaint.get_staff_url()).content.decode()
    time_machine.move_to(COLLECTED + timedelta(days=6 * 365), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.purge_personal_data(dry_run=False)
    client.force_login(officer)  # six years on, the first session has long timed out
    page = client.get(complaint.get_staff_url())
    assert page.status_code == 200
    assert notice in page.content.decode()


def test_the_admin_erases_for_a_deletion_request_and_the_head_may_not(
    client, alice, head, carol, office_a, make_complaint
):
    from loket.complaints.models import Complaint

    make_complaint(phone="081234567890", closed=COLLECTED)
    deletion = services.record_request(
        office_a,
        kind="deletion",
        phone="081234567890",
        verification="KTP asli diperiksa",
        actor=alice,
        now=COLLECTED + timedelta(hours=1),
    )
    url = reverse("privacy:erase", args=["kantor-a", deletion.pk])
    client.force_login(carol)
    assert client.post(url).status_code == 404
    client.force_login(head)
    assert client.post(url).status_code == 403
    assert Complaint.objects.get().complainant_phone == "081234567890"
    client.force_login(alice)
    page = client.get(reverse("privacy:request", args=["kantor-a", deletion.pk])).content.decode()
    assert "Hapus data pribadi orang ini" in page
    assert client.post(url).status_code == 302
    assert Complaint.objects.get().complainant_phone == ""
