"""The Pejabat Pengelola Pengaduan's inbox: what waits, newest first; the four actions,
each an event; scoped to the office (another office's message answers 404)."""

import pytest
from django.urls import reverse

from loket.complaints.models import Complaint
from loket.complaints.services import submit
from loket.intake import services
from loket.intake.models import InboundMessage, IntakeEvent
from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory
from loket.tests.samples import JPEG

from .conftest import delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(post_webhook, wa_account, batch):
    """A greeting and a voice note in the inbox (no words enough to be complaints)."""
    post_webhook(batch)
    services.process_due()
    return InboundMessage.objects.get(provider_id="wamid.BATCH2")


def _url(office, name, *args):
    return reverse(f"intake:{name}", args=[office.slug, *args])


def test_the_inbox_lists_unhandled_messages_newest_first(
    client, officer, waiting, office_a, django_assert_max_num_queries
):
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get(_url(office_a, "staff_inbox"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bayu" in page
    assert "+6281311100004" in page
    assert "halo" in page
    rows = list(response.context["page"].object_list)
    assert [m.received_at for m in rows] == sorted((m.received_at for m in rows), reverse=True)
    assert all(m.outcome == "inbox" for m in rows)


def test_the_inbox_list_costs_the_same_queries_for_many_messages(
    client, officer, wa_account, office_a, django_assert_num_queries
):
    from loket.intake.services.ingress import store_message

    def fill(count, start):
        for n in range(start, start + count):
            store_message(
                account=wa_account,
                channel="whatsapp",
                dedupe_key=f"msg:{n}",
                raw=b"{}",
                raw_type="application/json",
                text="halo",
                outcome="inbox",
                state="processed",
            )

    client.force_login(officer)
    fill(2, 0)
    with django_assert_num_queries(8) as few:  # 7, and 1 for the notifications badge
        assert client.get(_url(office_a, "staff_inbox")).status_code == 200
    fill(20, 10)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(_url(office_a, "staff_inbox")).status_code == 200


def test_without_a_connected_channel_the_inbox_explains_how_to_connect_one(
    client, officer, office_a
):
    client.force_login(officer)
    response = client.get(_url(office_a, "staff_inbox"))
    assert response.status_code == 200
    assert "Belum ada kanal yang terhubung" in response.content.decode()
    assert "/masuk/whatsapp/" in response.content.decode()


def test_another_office_s_officer_gets_404(client, outsider, waiting, office_a):
    client.force_login(outsider)
    assert client.get(_url(office_a, "staff_inbox")).status_code == 404
    assert client.get(_url(office_a, "staff_message", waiting.pk)).status_code == 404
    response = client.post(_url(office_a, "staff_message", waiting.pk), {"tindakan": "spam"})
    assert response.status_code == 404
    waiting.refresh_from_db()
    assert waiting.outcome == "inbox"


def test_a_colleague_without_the_officer_role_gets_403(client, waiting, office_a):
    handler = UserFactory(username="tim")
    MembershipFactory(user=handler, office=office_a, role=Role.COMPLAINT_HANDLER)
    client.force_login(handler)
    assert client.get(_url(office_a, "staff_inbox")).status_code == 403


def test_making_a_complaint_is_prefilled_and_recorded(client, officer, waiting, office_a):
    client.force_login(officer)
    page = client.get(_url(office_a, "staff_message", waiting.pk))
    assert page.context["make_form"].initial["complainant_phone"] == "+6281311100004"
    assert page.context["make_form"].initial["complainant_name"] == "Bayu"
    response = client.post(
        _url(office_a, "staff_message", waiting.pk),
        {
            "tindakan": "buat",
            "title": "Pungutan liar di loket",
            "description": "Dari percakapan WhatsApp: diminta uang tambahan.",
            "complainant_name": "Bayu",
            "complainant_phone": "+6281311100004",
        },
    )
    complaint = Complaint.objects.get(title="Pungutan liar di loket")
    assert response.status_code == 302
    assert response.url == complaint.get_staff_url()
    assert complaint.channel == "whatsapp"
    assert complaint.created_by == officer
    waiting.refresh_from_db()
    assert (waiting.outcome, waiting.complaint, waiting.handled_by) == (
        "created",
        complaint,
        officer,
    )
    event = IntakeEvent.objects.get(message=waiting, action="created")
    assert event.actor == officer


def test_adding_to_an_existing_complaint_by_code(client, officer, waiting, office_a):
    existing = submit(office=office_a, channel="web", title="Antrean", description="Lama sekali")
    client.force_login(officer)
    response = client.post(
        _url(office_a, "staff_message", waiting.pk),
        {"tindakan": "gabung", "code": existing.tracking_code.lower().replace("-", " ")},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.outcome, waiting.complaint) == ("joined", existing)
    assert existing.events.filter(action="replied", actor=officer, visibility="public").exists()


def test_a_code_of_another_office_is_not_found(client, officer, waiting, office_a, office_b):
    elsewhere = submit(office=office_b, channel="web", title="Lain", description="Lain")
    client.force_login(officer)
    response = client.post(
        _url(office_a, "staff_message", waiting.pk),
        {"tindakan": "gabung", "code": elsewhere.tracking_code},
    )
    assert response.status_code == 400
    assert "Tidak ada pengaduan dengan kode itu" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.outcome == "inbox"


def test_not_a_complaint_needs_a_reason(client, officer, waiting, office_a):
    client.force_login(officer)
    url = _url(office_a, "staff_message", waiting.pk)
    assert client.post(url, {"tindakan": "bukan", "reason": ""}).status_code == 400
    assert client.post(url, {"tindakan": "bukan", "reason": "Hanya menyapa"}).status_code == 302
    waiting.refresh_from_db()
    assert (waiting.outcome, waiting.reason) == ("not_complaint", "Hanya menyapa")
    assert IntakeEvent.objects.filter(message=waiting, action="not_complaint", actor=officer)


def test_spam_leaves_the_inbox_and_cannot_be_handled_twice(client, officer, waiting, office_a):
    client.force_login(officer)
    url = _url(office_a, "staff_message", waiting.pk)
    assert client.post(url, {"tindakan": "spam"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.outcome == "spam"
    assert waiting not in client.get(_url(office_a, "staff_inbox")).context["page"].object_list
    with pytest.raises(services.IntakeError):
        services.dismiss(waiting, actor=officer, reason="lagi")


def test_a_stored_attachment_is_served_only_to_the_office(
    client, officer, outsider, post_webhook, wa_account, stub, office_a, settings
):
    settings.LOKET_INTAKE_MIN_WORDS = 50  # keep the image in the inbox
    sha = stub.state.add_media("1003383421387256", JPEG, "image/jpeg")
    post_webhook(delivery("image", SHA256=sha))
    services.process_due()
    message = InboundMessage.objects.get()
    attachment = message.attachments.get()
    url = _url(office_a, "staff_attachment", message.pk, attachment.pk)
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == attachment.file.read()  # re-encoded
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_inbox_and_a_message_read_in_english(client, officer, waiting, office_a, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(officer)
    inbox = client.get(_url(office_a, "staff_inbox")).content.decode()
    assert "Inbound messages" in inbox
    assert "Not handled yet: 2" in inbox
    page = client.get(_url(office_a, "staff_message", waiting.pk)).content.decode()
    for words in ("Make it a complaint", "Add to an existing complaint", "Mark as spam"):
        assert words in page
    assert "Tandai spam" not in page


def test_an_anonymous_complaint_withholds_its_message_s_sender(client, officer, waiting, office_a):
    client.force_login(officer)
    client.post(
        _url(office_a, "staff_message", waiting.pk),
        {"tindakan": "buat", "title": "Pungli", "description": "Diminta uang.", "anonymous": "on"},
    )
    waiting.refresh_from_db()
    assert waiting.withhold_sender is True
    page = client.get(_url(office_a, "staff_message", waiting.pk)).content.decode()
    assert "+6281311100004" not in page
    assert "Bayu" not in page
    assert "Dirahasiakan" in page
