"""Issue 12, finding 9: a complainant's identity is opened only by the complaint's assignees,
the Pejabat Pengelola Pengaduan and the head (an office setting widens it to the whole
team); every opening is logged as before; anyone else of the team gets 403, another office
404."""

import pytest

from loket.complaints import services
from loket.complaints.models import OfficeComplaintSettings, PersonalDataAccess
from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY_0900, tick=False)


@pytest.fixture
def complaint(make_complaint, officer, handler, asks_nik):
    complaint = make_complaint(complainant_nik="6171010101010001")
    services.classify(complaint, actor=officer, class_code="normatif")
    services.assign(complaint, actor=officer, users=[handler])
    return complaint


def identity_url(complaint):
    return f"{complaint.get_staff_url()}identitas/"


@pytest.mark.parametrize("who", ["handler", "officer", "head"])
def test_the_assignee_the_pejabat_and_the_head_open_it_and_are_logged(
    client, complaint, who, request
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    page = client.get(identity_url(complaint))
    assert page.status_code == 200
    assert "Budi Warga" in page.content.decode()
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.complaint) == (user, complaint)


def test_a_team_member_not_assigned_gets_403_and_nothing_is_logged(client, complaint, handler2):
    client.force_login(handler2)
    detail = client.get(complaint.get_staff_url())
    assert detail.status_code == 200  # the case itself is the team's
    assert identity_url(complaint) not in detail.content.decode()
    refused = client.get(identity_url(complaint))
    assert refused.status_code == 403
    assert "Budi Warga" not in refused.content.decode()
    assert not PersonalDataAccess.objects.exists()
    assert not services.may_view_identity(complaint, handler2)


def test_the_office_setting_opens_it_to_the_whole_team(client, complaint, handler2):
    OfficeComplaintSettings.objects.filter(office=complaint.office).update(
        identity_for_whole_team=True
    )
    client.force_login(handler2)
    assert identity_url(complaint) in client.get(complaint.get_staff_url()).content.decode()
    assert client.get(identity_url(complaint)).status_code == 200
    assert PersonalDataAccess.objects.get().user == handler2


def test_another_offices_complaint_staff_get_404(client, complaint, other_office):
    outsider = UserFactory(username="pejabat-b")
    MembershipFactory(user=outsider, office=other_office, role=Role.COMPLAINT_OFFICER)
    client.force_login(outsider)
    assert client.get(identity_url(complaint)).status_code == 404
    # Even with the other office's setting open, nothing crosses offices.
    OfficeComplaintSettings.objects.create(office=other_office, identity_for_whole_team=True)
    assert not services.may_view_identity(complaint, outsider)
    assert not PersonalDataAccess.objects.exists()


def test_a_colleague_without_a_complaint_role_gets_403(client, complaint, bob):
    client.force_login(bob)  # the office's receptionist
    assert client.get(identity_url(complaint)).status_code == 403
    assert not services.may_view_identity(complaint, bob)
