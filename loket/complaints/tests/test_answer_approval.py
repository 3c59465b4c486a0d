"""Issue 14, answering well: where the office requires it, the team's answers wait for the
Pejabat Pengelola Pengaduan or the head, who approve them (sent as any answer) or return
them with a comment (revised and submitted again). The office admin or the Pejabat switch
it on the complaint settings page."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.complaints import selectors, services
from loket.complaints.models import DraftAnswer, Event, OfficeComplaintSettings, Status
from loket.complaints.services import InvalidInput, NotAllowed
from loket.events import Visibility
from loket.notify.models import OutboxMessage, StaffNotification
from loket.tests.auth import force_login_confirmed

from .conftest import MONDAY_0900
from .test_citizen_flow import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def approval_on(office):
    OfficeComplaintSettings.objects.create(office=office, answers_need_approval=True)
    return office


@pytest.fixture
def assigned(make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="normatif")
        services.assign(complaint, actor=officer, users=[handler])
    return complaint


def act(client, complaint, action, data):
    url = reverse("complaints:staff_act", args=[complaint.office.slug, complaint.reference, action])
    return client.post(url, data)


def answer_mail(complaint):
    return OutboxMessage.objects.filter(
        topic="complaint.answered", related=f"complaint:{complaint.pk}"
    )


# --- Off: as before ------------------------------------------------------------------------


def test_without_the_setting_the_teams_answer_goes_out_at_once(client, assigned, handler):
    client.force_login(handler)
    response = act(client, assigned, "jawab", {"text": "Petugas sudah ditegur."})
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == Status.ANSWERED
    assert answer_mail(assigned).count() == 1
    assert not DraftAnswer.objects.exists()


# --- On: the team drafts, the Pejabat or the head decides ---------------------------------


def test_with_the_setting_the_teams_answer_waits_and_the_clock_runs_on(
    client, approval_on, assigned, handler, officer
):
    client.force_login(handler)
    page = client.get(assigned.get_staff_url()).content.decode()
    assert "Ajukan untuk persetujuan" in page
    response = act(client, assigned, "jawab", {"text": "Petugas sudah ditegur."})
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == Status.IN_PROGRESS
    assert assigned.answered_at is None
    assert not assigned.answers.exists()
    assert not answer_mail(assigned).exists()
    draft = DraftAnswer.objects.get()
    assert (draft.status, draft.author, draft.text) == (
        "pending",
        handler,
        "Petugas sudah ditegur.",
    )
    event = assigned.events.get(action=Event.Action.ANSWER_SUBMITTED)
    assert event.visibility == Visibility.INTERNAL
    assert not assigned.events.public().filter(action=Event.Action.ANSWER_SUBMITTED).exists()
    # The approvers are told by mail and in the app; the complainant's tracking page
    # shows nothing.
    assert OutboxMessage.objects.filter(
        topic="complaint.staff_approval_requested", recipient=officer.email
    ).exists()
    notice = StaffNotification.objects.get(recipient=officer, kind="approval_requested")
    assert notice.kind == "approval_requested"
    assert notice.title == f"{assigned.reference}: jawaban menunggu persetujuan Anda"
    assert not StaffNotification.objects.filter(
        recipient=handler, kind="approval_requested"
    ).exists()


def test_the_service_refuses_a_direct_answer_from_the_team_where_approval_is_required(
    approval_on, assigned, handler
):
    with pytest.raises(NotAllowed) as refused:
        services.answer(assigned, actor=handler, text="Langsung saja.")
    assert refused.value.code == "approval_required"
    assert not assigned.answers.exists()


@pytest.mark.parametrize("approver", ["officer", "head"])
def test_the_pejabat_or_the_head_approves_and_it_is_sent_as_any_answer(
    client, approval_on, assigned, handler, approver, request
):
    user = request.getfixturevalue(approver)
    upload = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    services.submit_answer(assigned, actor=handler, text="Petugas sudah ditegur.", attachments=[])
    draft = DraftAnswer.objects.get()
    # A file added on revision travels with the draft.
    client.force_login(handler)
    act(client, assigned, "jawab", {"text": "Petugas sudah ditegur.", "files": upload})
    assert draft.attachments.count() == 1
    client.force_login(user)
    page = client.get(assigned.get_staff_url()).content.decode()
    assert "Setujui dan kirim" in page
    assert 'id="jawaban-menunggu"' in page
    response = act(client, assigned, "setujui-jawaban", {})
    assert response.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == Status.ANSWERED
    given = assigned.answers.get()
    assert (given.text, given.author) == ("Petugas sudah ditegur.", handler)
    assert list(given.attachments.values_list("name", flat=True)) == ["surat.pdf"]
    assert assigned.public_attachments().count() == 1
    assert answer_mail(assigned).count() == 1
    draft.refresh_from_db()
    assert (draft.status, draft.reviewer, draft.answer) == ("approved", user, given)
    answered = assigned.events.get(action=Event.Action.ANSWERED)
    assert answered.visibility == Visibility.PUBLIC
    assert answered.actor == user
    approved = assigned.events.get(action=Event.Action.ANSWER_APPROVED)
    assert approved.visibility == Visibility.INTERNAL


def test_the_approver_returns_it_with_a_comment_and_the_team_revises_it(
    client, approval_on, assigned, handler, officer
):
    services.submit_answer(assigned, actor=handler, text="Draf pertama.")
    client.force_login(officer)
    empty = act(client, assigned, "kembalikan-jawaban", {"return-comment": " "})
    assert empty.status_code == 400
    assert "Apa yang perlu diperbaiki: Wajib diisi." in empty.content.decode()
    returned = act(
        client, assigned, "kembalikan-jawaban", {"return-comment": "Sebutkan tanggal teguran."}
    )
    assert returned.status_code == 302
    draft = DraftAnswer.objects.get()
    assert (draft.status, draft.review_comment) == ("returned", "Sebutkan tanggal teguran.")
    event = assigned.events.get(action=Event.Action.ANSWER_RETURNED)
    assert (event.note, event.visibility) == ("Sebutkan tanggal teguran.", Visibility.INTERNAL)
    assert OutboxMessage.objects.filter(
        topic="complaint.staff_answer_returned", recipient=handler.email
    ).exists()
    # The handler sees the comment and the draft in the answer box, and submits it again.
    client.force_login(handler)
    page = client.get(assigned.get_staff_url()).content.decode()
    assert "Sebutkan tanggal teguran." in page
    assert "Draf pertama.</textarea>" in page
    assert act(client, assigned, "setujui-jawaban", {}).status_code == 403
    act(client, assigned, "jawab", {"text": "Petugas ditegur pada 3 Maret."})
    draft.refresh_from_db()
    assert (draft.status, draft.text) == ("pending", "Petugas ditegur pada 3 Maret.")
    assert DraftAnswer.objects.count() == 1
    assert assigned.events.filter(action=Event.Action.ANSWER_SUBMITTED).count() == 2
    assert not assigned.answers.exists()


def test_the_pejabat_answers_directly_even_with_approval_on(client, approval_on, assigned, officer):
    client.force_login(officer)
    page = client.get(assigned.get_staff_url()).content.decode()
    assert "Ajukan untuk persetujuan" not in page
    act(client, assigned, "jawab", {"text": "Jawaban Pejabat."})
    assigned.refresh_from_db()
    assert assigned.status == Status.ANSWERED
    assert not DraftAnswer.objects.exists()


def test_decisions_are_refused_with_domain_errors(approval_on, assigned, handler, officer):
    draft = services.submit_answer(assigned, actor=handler, text="Draf.")
    with pytest.raises(NotAllowed) as not_approver:
        services.approve_answer(draft, actor=handler)
    assert not_approver.value.code == "approver_only"
    with pytest.raises(InvalidInput) as no_comment:
        services.return_answer(draft, actor=officer, comment="")
    assert (no_comment.value.code, no_comment.value.field) == ("comment_required", "comment")
    services.return_answer(draft, actor=officer, comment="Perbaiki.")
    with pytest.raises(NotAllowed) as decided:
        services.approve_answer(draft, actor=officer)
    assert decided.value.code == "draft_not_pending"
    with pytest.raises(InvalidInput) as empty:
        services.submit_answer(assigned, actor=handler, text="  ")
    assert empty.value.code == "text_required"
    with pytest.raises(NotAllowed) as direct:
        services.submit_answer(assigned, actor=officer, text="Saya sendiri.")
    assert direct.value.code == "approval_not_required"


def test_a_draft_cannot_be_approved_once_the_complaint_cannot_be_answered(
    approval_on, assigned, handler, officer
):
    draft = services.submit_answer(assigned, actor=handler, text="Draf.")
    services.request_completion(assigned, actor=officer, message="Kirim foto kuitansi.")
    with pytest.raises(NotAllowed) as refused:
        services.approve_answer(draft, actor=officer)
    assert refused.value.code == "transition_not_allowed"
    draft.refresh_from_db()
    assert draft.status == "pending"


def test_a_colleague_without_the_role_gets_403_and_another_office_404(
    client, approval_on, assigned, handler, bob, carol, other_office
):
    services.submit_answer(assigned, actor=handler, text="Draf.")
    pending = reverse("complaints:staff_pending_answers", args=["kantor-a"])
    client.force_login(handler)
    assert client.get(pending).status_code == 403
    assert act(client, assigned, "kembalikan-jawaban", {"return-comment": "x"}).status_code == 403
    client.force_login(bob)
    assert client.get(pending).status_code == 403
    client.force_login(carol)
    assert client.get(pending).status_code == 404
    assert act(client, assigned, "setujui-jawaban", {}).status_code == 404
    assert DraftAnswer.objects.get().status == "pending"


def test_the_waiting_list_counts_the_drafts_in_a_constant_number_of_queries(
    client, approval_on, make_complaint, officer, handler, head, django_assert_num_queries
):
    def drafted(n):
        complaint = make_complaint(title=f"Aduan {n}")
        services.classify(complaint, actor=officer, class_code="normatif")
        services.submit_answer(complaint, actor=handler, text=f"Jawaban {n}")
        return complaint

    first = drafted(0)
    url = reverse("complaints:staff_pending_answers", args=["kantor-a"])
    client.force_login(head)
    client.get(url)  # warm caches
    # session, user, membership check, the drafts, the unread notifications badge
    with django_assert_num_queries(5) as one:
        page = client.get(url).content.decode()
    assert "1 jawaban menunggu persetujuan." in page
    assert first.reference in page
    for n in range(1, 6):
        drafted(n)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert "6 jawaban menunggu persetujuan." in page
    assert selectors.pending_answer_count(approval_on) == 6
    services.approve_answer(DraftAnswer.objects.get(complaint=first), actor=head)
    assert selectors.pending_answer_count(approval_on) == 5
    assert first.reference not in client.get(url).content.decode()


def test_another_offices_drafts_are_not_in_the_list(
    client, approval_on, assigned, handler, officer, other_office
):
    from loket.offices.models import Role
    from loket.offices.tests.factories import MembershipFactory, UserFactory

    services.submit_answer(assigned, actor=handler, text="Draf.")
    b_head = UserFactory(username="kepala-b")
    MembershipFactory(user=b_head, office=other_office, role=Role.HEAD)
    client.force_login(b_head)
    page = client.get(reverse("complaints:staff_pending_answers", args=["kantor-b"]))
    assert "0 jawaban menunggu persetujuan." in page.content.decode()
    assert selectors.pending_answer_count(other_office) == 0


# --- The setting ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "officer"])
def test_the_office_admin_or_the_pejabat_switch_approval_on_and_off(client, office, who, request):
    user = request.getfixturevalue(who)
    url = reverse("complaints:staff_settings", args=["kantor-a"])
    force_login_confirmed(client, user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"answers_need_approval": "on"}).status_code == 302
    assert services.complaint_settings(office).answers_need_approval is True
    client.post(url, {})
    assert services.complaint_settings(office).answers_need_approval is False


def test_the_settings_page_is_403_for_a_colleague_and_404_for_another_office(
    client, office, head, handler, carol, other_office
):
    url = reverse("complaints:staff_settings", args=["kantor-a"])
    for user in (head, handler):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"answers_need_approval": "on"}).status_code == 403
    client.force_login(carol)
    assert client.get(url).status_code == 404
    assert not OfficeComplaintSettings.objects.filter(answers_need_approval=True).exists()
    with pytest.raises(NotAllowed) as refused:
        services.update_complaint_settings(office, actor=handler, answers_need_approval=True)
    assert refused.value.code == "settings_editor_only"


def test_the_staff_office_page_links_the_new_pages_by_role(client, office, alice, officer):
    client.force_login(alice)
    page = client.get(reverse("offices:staff_office", args=["kantor-a"])).content.decode()
    assert reverse("complaints:staff_settings", args=["kantor-a"]) in page
    assert reverse("complaints:staff_templates", args=["kantor-a"]) in page
    assert reverse("complaints:staff_pending_answers", args=["kantor-a"]) not in page
    client.force_login(officer)
    page = client.get(reverse("offices:staff_office", args=["kantor-a"])).content.decode()
    assert reverse("complaints:staff_pending_answers", args=["kantor-a"]) in page


def test_due_time_is_unchanged_while_a_draft_waits(approval_on, assigned, handler):
    due = assigned.due_at
    services.submit_answer(
        assigned, actor=handler, text="Draf.", now=MONDAY_0900 + timedelta(hours=2)
    )
    assigned.refresh_from_db()
    assert assigned.due_at == due
    assert assigned.paused_at is None


def test_a_direct_answer_supersedes_the_open_draft(approval_on, assigned, handler, officer):
    draft = services.submit_answer(assigned, actor=handler, text="Draf tim.")
    services.answer(assigned, actor=officer, text="Jawaban Pejabat sendiri.")
    draft.refresh_from_db()
    assert (draft.status, draft.reviewer) == ("superseded", officer)
    assert services.open_draft(assigned) is None
    with pytest.raises(NotAllowed) as refused:
        services.approve_answer(draft, actor=officer)
    assert refused.value.code == "draft_not_pending"
    assert assigned.answers.count() == 1


def test_the_office_page_counts_the_waiting_answers_for_approvers(
    client, approval_on, assigned, handler, officer
):
    link = reverse("complaints:staff_pending_answers", args=["kantor-a"])
    client.force_login(officer)
    page = client.get(reverse("offices:staff_office", args=["kantor-a"])).content.decode()
    assert f'{link}">Jawaban menunggu persetujuan</a></li>' in page
    services.submit_answer(assigned, actor=handler, text="Draf.")
    page = client.get(reverse("offices:staff_office", args=["kantor-a"])).content.decode()
    assert (
        f'{link}">Jawaban menunggu persetujuan</a> <strong class="tag tag-warn">1</strong>' in page
    )
