# ruff: noqa: F811 (the complaint fixtures are imported, then requested by name)
"""Security review of the features that landed last (issue 12, OWASP ASVS 4.0.3 level 2):
answer approval, reply templates, the disposition sheet, staff notifications, the public
reports API, API keys, the PDF-prefix upload rule and the shared public page cache. Each test
is an attack through the running application (Django's test client) as no one, a role, a
colleague without the role (`bob`), staff of another office (`carol`, another office's
Pejabat) or a complainant with only their tracking code; it passes when the attack fails."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.accounts import services as accounts
from loket.accounts.client import Client
from loket.accounts.models import SecurityEvent
from loket.complaints import services
from loket.complaints.models import Complaint, DraftAnswer, OfficeComplaintSettings
from loket.complaints.services import InvalidInput
from loket.complaints.tests.conftest import (  # noqa: F401 (fixtures)
    MONDAY_0900,
    _in_indonesian,
    handler,
    head,
    make_complaint,
    office,
    officer,
    other_office,
)
from loket.notify import services as notify
from loket.notify.models import StaffNotification
from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory
from loket.tests.samples import PDF

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


@pytest.fixture
def drafted(approval_on, assigned, handler):
    services.submit_answer(assigned, actor=handler, text="Petugas sudah ditegur.")
    return assigned


@pytest.fixture
def outside_officer(other_office):
    """The Pejabat Pengelola Pengaduan of office B: an approver, but not of office A."""
    user = UserFactory(username="pejabat-b")
    MembershipFactory(user=user, office=other_office, role=Role.COMPLAINT_OFFICER)
    return user


def act_url(complaint, action, office_slug=None):
    return reverse(
        "complaints:staff_act",
        args=[office_slug or complaint.office.slug, complaint.reference, action],
    )


# --- Answer approval ------------------------------------------------------------------------


def test_the_handler_who_drafted_cannot_approve_their_own_draft(client, drafted, handler):
    client.force_login(handler)
    response = client.post(act_url(drafted, "setujui-jawaban"))
    assert response.status_code == 403
    assert DraftAnswer.objects.get().status == DraftAnswer.Status.PENDING
    assert not drafted.answers.exists()


def test_a_colleague_without_the_role_cannot_approve(client, drafted, bob):
    client.force_login(bob)
    assert client.post(act_url(drafted, "setujui-jawaban")).status_code == 403
    assert DraftAnswer.objects.get().status == DraftAnswer.Status.PENDING


def test_another_offices_approver_cannot_approve_by_reference(
    client,
    drafted,
    outside_officer,
    other_office,
):
    client.force_login(outside_officer)
    # Under office A's path (not theirs) and under their own office's path.
    assert client.post(act_url(drafted, "setujui-jawaban")).status_code == 404
    own = act_url(drafted, "setujui-jawaban", office_slug=other_office.slug)
    assert client.post(own).status_code == 404
    assert client.post(act_url(drafted, "kembalikan-jawaban"), {"comment": "x"}).status_code in (
        404,
    )
    assert DraftAnswer.objects.get().status == DraftAnswer.Status.PENDING


def test_another_offices_approver_is_refused_by_the_service_too(drafted, outside_officer):
    with pytest.raises(services.NotAllowed):
        services.approve_answer(DraftAnswer.objects.get(), actor=outside_officer)


def test_no_one_signed_in_and_the_complainant_cannot_approve(client, drafted):
    response = client.post(act_url(drafted, "setujui-jawaban"))
    assert response.status_code == 302
    assert "/masuk/" in response["Location"] or "login" in response["Location"]
    # The complainant's tracking code is no key to the staff pages either.
    code = drafted.tracking_code
    if code:
        url = f"/staf/{drafted.office.slug}/pengaduan/{code}/setujui-jawaban/"
        assert client.post(url).status_code in (302, 404)
    assert DraftAnswer.objects.get().status == DraftAnswer.Status.PENDING


def test_the_pending_list_is_the_approvers_of_the_office_only(
    client,
    drafted,
    handler,
    outside_officer,
    bob,
):
    url = reverse("complaints:staff_pending_answers", args=[drafted.office.slug])
    client.force_login(handler)
    assert client.get(url).status_code == 403
    client.force_login(bob)
    assert client.get(url).status_code == 403
    client.force_login(outside_officer)
    assert client.get(url).status_code == 404


# --- Reply templates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Yth. {nama.__class__}",
        "Yth. {nama.__class__.__init__.__globals__}",
        "Yth. {0}",
        "Yth. {}",
        "Yth. {nama!r}",
        "Yth. {nama:>10}",
        "Yth. {{nama}}",
        "Yth. {nama",
    ],
)
def test_a_template_with_a_format_field_is_refused(office, officer, body):
    with pytest.raises(InvalidInput):
        services.save_reply_template(office, actor=officer, title="T", body=body)


def test_percent_formatting_in_a_template_stays_literal(assigned, officer):
    template = services.save_reply_template(
        assigned.office, actor=officer, title="T", body="%(nama)s %s {nomor} %%"
    )
    filled = services.fill_reply_template(template, assigned, user=officer)
    assert filled == f"%(nama)s %s {assigned.reference} %%"


def test_the_name_is_not_filled_for_a_handler_who_may_not_open_the_identity(
    make_complaint,
    officer,
    handler,
    office,
):
    complaint = make_complaint()  # not assigned to the handler
    template = services.save_reply_template(office, actor=officer, title="T", body="Yth. {nama}")
    filled = services.fill_reply_template(template, complaint, user=handler)
    assert "Budi" not in filled
    assert filled == "Yth. Bapak/Ibu"


def test_a_template_of_another_office_is_not_filled_on_the_answer_form(
    client,
    assigned,
    handler,
    other_office,
):
    outsider = UserFactory(username="pejabat-b2")
    MembershipFactory(user=outsider, office=other_office, role=Role.COMPLAINT_OFFICER)
    foreign = services.save_reply_template(
        other_office, actor=outsider, title="Asing", body="RAHASIA-B {nama}"
    )
    client.force_login(handler)
    page = client.get(assigned.get_staff_url() + f"?templat={foreign.pk}").content.decode()
    assert "RAHASIA-B" not in page
    with pytest.raises(services.NotAllowed):
        services.fill_reply_template(foreign, assigned, user=handler)


def test_another_office_cannot_read_or_change_a_template_by_id(
    client,
    office,
    officer,
    carol,
    bob,
):
    template = services.save_reply_template(office, actor=officer, title="T", body="Isi A")
    client.force_login(carol)
    for slug in ("kantor-a", "kantor-b"):
        url = reverse("complaints:staff_template_edit", args=[slug, template.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "X", "body": "diubah"}).status_code == 404
        status = reverse("complaints:staff_template_active", args=[slug, template.pk])
        assert client.post(status).status_code == 404
    client.force_login(bob)
    url = reverse("complaints:staff_template_edit", args=["kantor-a", template.pk])
    assert client.get(url).status_code == 403
    template.refresh_from_db()
    assert (template.body, template.is_active) == ("Isi A", True)


def test_a_template_body_is_escaped_on_the_answer_form(client, assigned, officer, handler):
    template = services.save_reply_template(
        assigned.office, actor=officer, title="T", body="</textarea><script>alert(1)</script>"
    )
    client.force_login(handler)
    page = client.get(assigned.get_staff_url() + f"?templat={template.pk}").content.decode()
    assert "<script>alert(1)</script>" not in page


# --- Disposition sheet --------------------------------------------------------------------


def test_the_disposition_sheet_is_scoped_and_withholds_the_name(
    client,
    make_complaint,
    handler,
    carol,
    bob,
):
    complaint = make_complaint()
    page = reverse("complaints:staff_disposition", args=["kantor-a", complaint.reference])
    pdf = reverse("complaints:staff_disposition_pdf", args=["kantor-a", complaint.reference])
    assert client.get(page).status_code == 302
    client.force_login(carol)
    assert client.get(page).status_code == 404
    assert client.get(pdf).status_code == 404
    other = reverse("complaints:staff_disposition", args=["kantor-b", complaint.reference])
    assert client.get(other).status_code == 403  # carol has no complaint role at all
    client.force_login(bob)
    assert client.get(page).status_code == 403
    client.force_login(handler)  # not assigned: no need to know
    response = client.get(page)
    assert response.status_code == 200
    assert "Budi Warga" not in response.content.decode()
    response = client.get(pdf)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_title_with_reportlab_markup_cannot_reach_local_files(client, make_complaint, officer):
    complaint = make_complaint(title='<img src="/etc/passwd"/><a href="file:///etc/passwd">x</a>')
    client.force_login(officer)
    pdf = reverse("complaints:staff_disposition_pdf", args=["kantor-a", complaint.reference])
    response = client.get(pdf)
    assert response.status_code == 200
    assert b"root:" not in response.content


# --- Staff notifications ------------------------------------------------------------------


def notice(user, office, link="/staf/"):
    notify.notify_staff(
        recipients=[user], office=office, kind="assigned", title="ADU-2026-000001", link=link
    )
    return StaffNotification.objects.filter(recipient=user).latest("id")


def test_another_users_notification_can_be_neither_opened_nor_marked_read(
    client, alice, bob, office_a
):
    theirs = notice(alice, office_a)
    client.force_login(bob)
    url = reverse("notify:open", args=[theirs.pk])
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post(reverse("notify:read_all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "ADU-2026-000001" not in client.get(reverse("notify:list")).content.decode()


def test_opening_a_notification_is_a_post_and_needs_a_sign_in(client, alice, office_a):
    mine = notice(alice, office_a)
    url = reverse("notify:open", args=[mine.pk])
    assert client.post(url).status_code == 302
    assert "/pemberitahuan/" not in client.post(url)["Location"].split("?")[0]
    client.force_login(alice)
    assert client.get(url).status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


@pytest.mark.parametrize(
    "link",
    [
        "//evil.example/x",
        "/\\evil.example/x",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\t/evil.example",
        " //evil.example",
    ],
)
def test_a_stored_link_never_redirects_off_the_site(client, alice, office_a, link):
    mine = notice(alice, office_a, link=link)
    client.force_login(alice)
    response = client.post(reverse("notify:open", args=[mine.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notify:list")


def test_the_digest_goes_only_to_staff_with_a_complaint_role(
    make_complaint,
    officer,
    handler,
    head,
    bob,
    office,
):
    from loket.complaints.jobs import send_staff_digests
    from loket.notify.models import OutboxMessage
    from loket.offices.models import Membership

    for user in (bob, handler, head):
        notify.save_preferences(user=user, in_app_kinds=[], digest_kinds=["due_soon", "overdue"])
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="ringan")
        services.assign(complaint, actor=officer, users=[handler])
    # The handler is assigned, then loses the role: no digest naming the work any more.
    Membership.objects.filter(user=handler).delete()
    send_staff_digests(now=MONDAY_0900 + timedelta(days=1, hours=1))
    recipients = set(
        OutboxMessage.objects.filter(topic="complaint.staff_digest").values_list(
            "recipient", flat=True
        )
    )
    assert head.email in recipients  # the digest does go out (the test can fail)
    assert bob.email not in recipients
    assert handler.email not in recipients


# --- Public reports API ---------------------------------------------------------------------


def test_the_report_caches_are_kept_per_language(client, make_complaint, officer, office):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="normatif")
        for path in ("compliance/", "statistics/?period=2026-03"):
            url = f"/api/v1/offices/{office.slug}/{path}"
            first = client.get(url, HTTP_ACCEPT_LANGUAGE="id").json()
            second = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
            assert first != second, path  # the English request did not get the cached Indonesian
            assert client.get(url, HTTP_ACCEPT_LANGUAGE="id").json() == first


def test_the_report_card_api_holds_no_personal_data(client, make_complaint, office):
    make_complaint()
    for url in (
        f"/api/v1/offices/{office.slug}/compliance/",
        f"/api/v1/offices/{office.slug}/statistics/",
    ):
        body = client.get(url).content.decode()
        for secret in ("Budi", "budi@contoh.id", "081234567890"):
            assert secret not in body


def test_the_report_card_withholds_counts_under_five(client, make_complaint, officer, office):
    """The statistics publish 1 to 4 as "<5" and no share resting on fewer than 5; the
    report card must not print the exact small counts the statistics withhold."""
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="normatif")
        services.answer(complaint, actor=officer, text="Sudah ditindaklanjuti.")
    with time_machine.travel(MONDAY_0900 + timedelta(hours=2), tick=False):
        card = client.get(f"/api/v1/offices/{office.slug}/compliance/").json()
        stats = client.get(f"/api/v1/offices/{office.slug}/statistics/?period=2026-03").json()
    assert stats["complaints"]["answered"] == "<5"
    on_time = next(item for item in card["items"] if item["code"] == "complaints.on_time")
    assert "1 dari 1" not in on_time["message"]
    assert "100" not in on_time["message"]


# --- API keys -------------------------------------------------------------------------------


def new_key(office, operations=("complaints:read",)):
    return accounts.create_api_key(
        office=office, name="Dasbor", operations=list(operations), actor=None, client=Client()
    )


def test_a_key_cannot_be_used_with_another_offices_session_to_widen_it(
    client, office_a, office_b, carol
):
    created = new_key(office_a)
    client.force_login(carol)
    response = client.get(
        "/api/v1/staff/offices/kantor-b/complaints/",
        HTTP_AUTHORIZATION=f"Bearer {created.secret}",
    )
    assert response.status_code == 404  # the key decides, not the session


def test_a_revoked_key_is_refused_at_once_even_with_its_rate_budget_left(client, alice, office_a):
    created = new_key(office_a)
    url = "/api/v1/staff/offices/kantor-a/complaints/"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {created.secret}"}
    assert client.get(url, **auth).status_code == 200
    accounts.revoke_api_key(created.key, actor=alice, client=Client())
    assert client.get(url, **auth).status_code == 401


def test_a_create_key_cannot_read_the_queue_nor_the_read_key_file(client, office_a):
    create = new_key(office_a, ("complaints:create",))
    response = client.get(
        "/api/v1/staff/offices/kantor-a/complaints/",
        HTTP_AUTHORIZATION=f"Bearer {create.secret}",
    )
    assert response.status_code == 403


def test_the_secret_is_in_no_log_line_nor_security_event(client, office_a, caplog):
    created = new_key(office_a)
    wrong = created.secret[:-4] + "AAAA"
    with caplog.at_level(logging.DEBUG):
        for secret in (created.secret, wrong):
            client.get(
                "/api/v1/staff/offices/kantor-a/complaints/",
                HTTP_AUTHORIZATION=f"Bearer {secret}",
            )
    secret_part = created.secret.rsplit("_", 1)[1]
    assert secret_part not in caplog.text
    assert wrong.rsplit("_", 1)[1] not in caplog.text
    for event in SecurityEvent.objects.all():
        assert secret_part not in repr(event.data)


def test_the_stored_secret_is_compared_in_constant_time():
    import inspect

    from loket.accounts.services import api_keys

    source = inspect.getsource(api_keys.authenticate_api_key)
    assert "constant_time_compare" in source
    assert "secret_hash ==" not in source


# --- Uploads: the PDF-after-a-prefix rule -----------------------------------------------------

HTML = b"<html><body><script>alert(document.domain)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'


@pytest.mark.parametrize("prefix", [HTML, SVG, b"GIF89a" + HTML])
def test_a_page_before_a_pdf_is_not_stored_and_the_pdf_is_served_as_a_download(
    client,
    office,
    handler,
    prefix,
):
    upload = SimpleUploadedFile("bukti.html", prefix + PDF, "text/html")
    form = {
        "office": "kantor-a",
        "title": "Loket tutup",
        "description": "Loket tutup pada jam layanan.",
        "name": "Rudi",
        "email": "rudi@contoh.id",
        "attachments": [upload],
    }
    with time_machine.travel(MONDAY_0900, tick=False):
        response = client.post("/api/v1/complaints/", form)
    assert response.status_code == 201
    attachment = Complaint.objects.get().attachments.get()
    assert attachment.content_type == "application/pdf"
    with attachment.file.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF-")
    assert b"<script" not in content
    assert b"<svg" not in content
    client.force_login(handler)
    response = client.get(
        reverse(
            "complaints:staff_attachment",
            args=["kantor-a", attachment.complaint.reference, attachment.pk],
        )
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "content",
    [
        HTML + b"%PDF-1.7\n<script>alert(1)</script>",
        b"%PDF-1.7\n" + HTML,
        SVG + b"%PDF-1.4 not a pdf at all",
        b" " * 1100 + PDF,  # the header past the 1024-byte window
    ],
)
def test_a_page_that_only_mentions_the_pdf_header_is_refused(content):
    from django.core.exceptions import ValidationError

    from loket.uploads import check_file

    with pytest.raises(ValidationError):
        check_file(SimpleUploadedFile("x.pdf", content), max_bytes=2_000_000)


def test_active_content_in_the_dropped_prefix_is_still_scanned(settings):
    """The malware hook sees the bytes as uploaded, prefix and all."""
    from unittest import mock

    from loket import uploads

    seen = []
    with mock.patch.object(uploads, "scan", side_effect=lambda data, name: seen.append(data)):
        uploads.check_file(SimpleUploadedFile("x.pdf", HTML + PDF), max_bytes=2_000_000)
    assert seen == [HTML + PDF]


# --- The shared public page cache -----------------------------------------------------------


def office_page():
    return reverse("offices:detail", args=["kantor-a"])


def csrf_of(response):
    import re

    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())


def test_one_visitors_csrf_token_is_never_served_to_another(office_a):
    from django.test import Client as Browser

    first, second = Browser(), Browser()
    one = first.get(office_page())
    two = second.get(office_page())
    assert one.status_code == two.status_code == 200
    assert csrf_of(one)
    assert csrf_of(two)
    assert set(csrf_of(one)).isdisjoint(csrf_of(two))
    # The second visitor's token works with their own cookie (the form is bound to them).
    assert "@@loket-csrf-token@@" not in two.content.decode()
    from django.middleware.csrf import _does_token_match, _unmask_cipher_token  # noqa: F401

    cookie = second.cookies["csrftoken"].value
    assert _does_token_match(csrf_of(two)[0], cookie)
    assert not _does_token_match(csrf_of(two)[0], first.cookies["csrftoken"].value)


def test_a_signed_in_users_page_is_not_served_to_anonymous_visitors(client, alice, office_a):
    from django.test import Client as Browser

    client.force_login(alice)
    client.get(office_page())
    page = Browser().get(office_page()).content.decode()
    assert "alice" not in page
    assert "Keluar" not in page


def test_a_flash_message_is_not_cached_for_the_next_visitor(client, office_a):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import Client as Browser

    storage = CookieStorage(client.get("/").wsgi_request)
    storage.add(constants.SUCCESS, "PESAN-PRIBADI-123")
    response = client.get("/")
    storage.update(response)
    client.cookies.update(response.cookies)
    assert "PESAN-PRIBADI-123" in client.get(office_page()).content.decode()
    assert "PESAN-PRIBADI-123" not in Browser().get(office_page()).content.decode()


def test_languages_do_not_mix_in_the_shared_cache(office_a):
    from django.test import Client as Browser

    english = Browser()
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in english.get(office_page()).content.decode()
    assert 'lang="id"' in Browser().get(office_page()).content.decode()
    assert 'lang="en"' in english.get(office_page()).content.decode()


def test_a_foreign_host_header_does_not_poison_the_shared_page(office_a, settings):
    from django.test import Client as Browser

    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    Browser(HTTP_HOST="evil.example").get(office_page())
    page = Browser().get(office_page()).content.decode()
    assert "evil.example" not in page


def test_the_complainants_tracking_page_is_never_kept_for_anyone_else(client, make_complaint):
    complaint = make_complaint()
    response = client.get(reverse("complaints:track", args=[complaint.tracking_code]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_made_up_query_strings_do_not_fill_the_shared_cache(client, office_a, monkeypatch):
    """Every distinct query string was a new page kept for 24 hours in the cache the rate
    limits live in: a flood of `?x=<random>` fills it (and, with an LRU cache, evicts the
    rate-limit counters)."""
    from loket import conditional

    kept = []
    real = conditional.cache

    class Recording:
        def __getattr__(self, name):
            return getattr(real, name)

        def set(self, key, *args, **kwargs):
            kept.append(key)
            return real.set(key, *args, **kwargs)

    monkeypatch.setattr(conditional, "cache", Recording())
    for n in range(20):
        assert client.get(office_page() + f"?x={n}").status_code == 200
    pages = [key for key in kept if key.startswith(("page:", "stamped:"))]
    assert len(pages) <= 2


def test_the_complainant_cannot_fetch_a_waiting_drafts_file_or_read_its_text(
    client, approval_on, assigned, handler
):
    upload = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    services.submit_answer(
        assigned, actor=handler, text="DRAF-BELUM-DISETUJUI", attachments=[upload]
    )
    item = DraftAnswer.objects.get().attachments.get()
    code = assigned.tracking_code
    response = client.get(reverse("complaints:public_attachment", args=[code, item.pk]))
    assert response.status_code == 404
    page = client.get(reverse("complaints:track", args=[code])).content.decode()
    assert "DRAF-BELUM-DISETUJUI" not in page


def test_a_filled_in_value_is_not_read_again_as_a_placeholder(make_complaint, officer, office):
    complaint = make_complaint(complainant_name="{instansi} {nomor}")
    template = services.save_reply_template(office, actor=officer, title="T", body="Yth. {nama}")
    assert services.fill_reply_template(template, complaint, user=officer) == (
        "Yth. {instansi} {nomor}"
    )


def test_a_tracking_code_or_no_one_gets_nothing_from_the_staff_api(client, make_complaint):
    complaint = make_complaint()
    url = f"/api/v1/staff/offices/{complaint.office.slug}/complaints/"
    assert client.get(url).status_code == 401
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {complaint.tracking_code}")
    assert response.status_code == 401
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer lkt_{complaint.tracking_code}")
    assert response.status_code == 401


@time_machine.travel("2026-11-30 02:00:10+00:00", tick=False)
def test_a_client_guessing_keys_is_slowed_down_and_cannot_flood_the_security_log(client, office_a):
    """Every refused key was answered 401 and written to the security log, without limit:
    one client could try keys (or fill the log table) as fast as it could send. (The clock is
    frozen inside one minute: the limit counts per minute window.)"""
    created = new_key(office_a)
    url = "/api/v1/staff/offices/kantor-a/complaints/"
    answers = [
        client.get(
            url, HTTP_AUTHORIZATION=f"Bearer lkt_{n:012x}_guess", REMOTE_ADDR="10.9.9.9"
        ).status_code
        for n in range(60)
    ]
    assert answers[0] == 401
    assert answers[-1] == 429
    refused = SecurityEvent.objects.filter(action=SecurityEvent.Action.API_KEY_REFUSED)
    assert refused.count() <= 31
    # Another client, and the right key, are not held back by it.
    good = {"HTTP_AUTHORIZATION": f"Bearer {created.secret}"}
    assert client.get(url, REMOTE_ADDR="10.8.8.8", **good).status_code == 200


def test_a_hostile_file_name_cannot_break_the_download_headers(client, office, handler):
    upload = SimpleUploadedFile('a"\r\nSet-Cookie: x=1;.html', PDF, "text/html")
    form = {
        "office": "kantor-a",
        "title": "Loket tutup",
        "description": "Loket tutup pada jam layanan.",
        "name": "Rudi",
        "attachments": [upload],
    }
    with time_machine.travel(MONDAY_0900, tick=False):
        assert client.post("/api/v1/complaints/", form).status_code == 201
    attachment = Complaint.objects.get().attachments.get()
    client.force_login(handler)
    response = client.get(
        reverse(
            "complaints:staff_attachment",
            args=["kantor-a", attachment.complaint.reference, attachment.pk],
        )
    )
    assert "Set-Cookie" not in response or "x=1" not in response["Set-Cookie"]
    assert "\n" not in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.pdf"')
