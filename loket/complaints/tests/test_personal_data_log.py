"""Opening a complainant's files is an access to personal data (UU 27/2022): every staff
download writes one row of the log (who, when, which complaint, which file), refused
downloads write nothing, and the head reads the log on the complaint's page."""

import pytest
import time_machine
from django.urls import reverse

from loket.complaints import services
from loket.complaints.models import OfficeComplaintSettings, PersonalDataAccess

from .conftest import MONDAY_0900
from .test_disclosure import evidence, staff_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint(attachments=[evidence("ktp.pdf")])
        services.classify(complaint, actor=officer, class_code="normatif")
        services.answer(
            complaint, actor=handler, text="Selesai.", attachments=[evidence("jawaban.pdf")]
        )
    return complaint


def _evidence(complaint):
    return complaint.attachments.get(answer__isnull=True)


def test_downloading_evidence_writes_one_row_naming_the_file(client, answered, handler):
    client.force_login(handler)
    response = client.get(staff_link(answered, _evidence(answered)))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.complaint) == (handler, answered)
    assert access.at is not None
    assert "ktp.pdf" in access.purpose
    assert "Bukti" in access.purpose


def test_downloading_an_answers_attachment_is_logged_too(client, answered, officer):
    client.force_login(officer)
    item = answered.attachments.get(answer__isnull=False)
    assert client.get(staff_link(answered, item)).status_code == 200
    access = PersonalDataAccess.objects.get()
    assert access.user == officer
    assert "jawaban.pdf" in access.purpose


def test_evidence_of_an_anonymous_complaint_is_logged_when_opened(client, make_complaint, handler):
    complaint = make_complaint(anonymous=True, attachments=[evidence()])
    client.force_login(handler)
    assert client.get(staff_link(complaint, _evidence(complaint))).status_code == 200
    assert PersonalDataAccess.objects.filter(complaint=complaint, user=handler).count() == 1


def test_another_offices_user_gets_404_and_nothing_is_logged(client, answered, carol, other_office):
    client.force_login(carol)
    assert client.get(staff_link(answered, _evidence(answered))).status_code == 404
    url = reverse(
        "complaints:staff_attachment",
        args=[other_office.slug, answered.reference, _evidence(answered).pk],
    )
    assert client.get(url).status_code == 403  # her own office, where she has no complaint role
    assert not PersonalDataAccess.objects.exists()


def test_staff_without_a_complaint_role_get_403_and_nothing_is_logged(client, answered, bob):
    client.force_login(bob)  # receptionist of the same office
    assert client.get(staff_link(answered, _evidence(answered))).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_a_file_of_another_complaint_is_not_found_and_not_logged(
    client, answered, make_complaint, handler
):
    other = make_complaint(attachments=[evidence("lain.pdf")])
    client.force_login(handler)
    assert client.get(staff_link(answered, _evidence(other))).status_code == 404
    assert client.get(staff_link(answered, _evidence(answered)) + "x").status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_the_head_reads_the_access_log_on_the_complaint_page(client, answered, handler, head):
    # The office opened identities to its whole team (need to know: off by default).
    OfficeComplaintSettings.objects.create(office=answered.office, identity_for_whole_team=True)
    client.force_login(handler)
    client.get(
        reverse("complaints:staff_identity", args=[answered.office.slug, answered.reference])
    )
    client.get(staff_link(answered, _evidence(answered)))
    client.force_login(head)
    page = client.get(answered.get_staff_url()).content.decode()
    assert "Log akses data pribadi" in page
    assert "Bukti diunduh: ktp.pdf" in page
    assert "Dilihat di halaman pengaduan" in page
    assert "Andi" in page  # the handler's name
    # Reading the log is not itself an access to personal data.
    assert PersonalDataAccess.objects.count() == 2


def test_the_access_log_is_for_the_head_only(client, answered, officer, handler):
    for user in (officer, handler):
        client.force_login(user)
        page = client.get(answered.get_staff_url()).content.decode()
        assert "Log akses data pribadi" not in page


def test_the_access_log_shows_only_its_own_complaint(
    client, answered, make_complaint, handler, head
):
    other = make_complaint(attachments=[evidence("lain.pdf")])
    client.force_login(handler)
    client.get(staff_link(other, _evidence(other)))
    client.force_login(head)
    page = client.get(answered.get_staff_url()).content.decode()
    assert "lain.pdf" not in page
    assert "Belum ada yang membuka data pribadi pengaduan ini." in page
