"""Issue 14, answering well: reply templates (templat jawaban) per office, managed by the
office admin and the Pejabat, with the fixed placeholders {nama}, {nomor}, {batas_waktu}
and {instansi}; picked on the answer form without JavaScript; the complainant's name only
for those who may open the identity."""

import pytest
import time_machine
from django.urls import reverse

from loket.complaints import services
from loket.complaints.models import PersonalDataAccess, ReplyTemplate
from loket.complaints.services import InvalidInput, NotAllowed

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db

BODY = (
    "Yth. {nama},\nPengaduan {nomor} kami tindak lanjuti paling lambat {batas_waktu}.\n"
    "Hormat kami, {instansi}"
)


@pytest.fixture
def template(office, officer):
    return services.save_reply_template(office, actor=officer, title="Tindak lanjut", body=BODY)


@pytest.fixture
def assigned(make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="normatif")
        services.assign(complaint, actor=officer, users=[handler])
    return complaint


def answer_box(client, complaint, template):
    page = client.get(complaint.get_staff_url(), {"templat": template.pk}).content.decode()
    start = page.index('name="text"')
    return page[page.index(">", start) + 1 : page.index("</textarea>", start)]


# --- Placeholders ---------------------------------------------------------------------------


def test_an_unknown_placeholder_is_refused_with_the_list_of_known_ones(office, officer):
    with pytest.raises(InvalidInput, match=r"\{alamat\}.*\{nama\}, \{nomor\}") as refused:
        services.save_reply_template(
            office, actor=officer, title="Salah", body="Yth. {nama} di {alamat}"
        )
    assert (refused.value.code, refused.value.field) == ("unknown_placeholder", "body")
    with pytest.raises(InvalidInput) as attribute:
        services.save_reply_template(office, actor=officer, title="Salah", body="{nama.__class__}")
    assert attribute.value.code == "unknown_placeholder"
    with pytest.raises(InvalidInput) as unpaired:
        services.save_reply_template(office, actor=officer, title="Salah", body="Yth. {nama")
    assert unpaired.value.code == "unpaired_brace"
    assert not ReplyTemplate.objects.exists()


def test_titles_are_required_and_unique_per_office(office, officer, template, other_office):
    with pytest.raises(InvalidInput) as taken:
        services.save_reply_template(office, actor=officer, title="tindak LANJUT", body="x")
    assert (taken.value.code, taken.value.field) == ("title_taken", "title")
    with pytest.raises(InvalidInput) as empty:
        services.save_reply_template(office, actor=officer, title=" ", body="x")
    assert empty.value.code == "title_required"
    with pytest.raises(InvalidInput) as no_body:
        services.save_reply_template(office, actor=officer, title="Baru", body=" ")
    assert no_body.value.code == "body_required"


def test_only_the_office_admin_and_the_pejabat_manage_templates(office, handler, head):
    for user in (handler, head):
        with pytest.raises(NotAllowed) as refused:
            services.save_reply_template(office, actor=user, title="T", body="x")
        assert refused.value.code == "template_editor_only"


# --- Filling ----------------------------------------------------------------------------------


def test_the_assigned_handler_gets_every_placeholder_filled_and_the_name_is_logged(
    client, assigned, handler, template
):
    client.force_login(handler)
    box = answer_box(client, assigned, template)
    assert "Yth. Budi Warga," in box
    assert f"Pengaduan {assigned.reference} kami" in box
    assert "9 Maret 2026 16.00 WIB" in box
    assert "Hormat kami, Kantor A" in box
    assert "{" not in box
    access = PersonalDataAccess.objects.get(complaint=assigned, user=handler)
    assert access.purpose == "Templat jawaban diisi"


def test_a_handler_who_may_not_open_the_identity_gets_a_neutral_salutation(
    client, assigned, handler2, template
):
    client.force_login(handler2)  # of the team, but not assigned: need to know
    box = answer_box(client, assigned, template)
    assert "Yth. Bapak/Ibu," in box
    assert "Budi" not in box
    assert not PersonalDataAccess.objects.exists()


def test_an_anonymous_complaint_gets_the_neutral_salutation_even_for_the_pejabat(
    client, make_complaint, officer, template
):
    complaint = make_complaint(anonymous=True)
    # Not classified yet: no deadline (and no answer form: the service alone).
    text = services.fill_reply_template(template, complaint, user=officer)
    assert "paling lambat -." in text
    services.classify(complaint, actor=officer, class_code="normatif")
    client.force_login(officer)
    box = answer_box(client, complaint, template)
    assert "Yth. Bapak/Ibu," in box
    assert "Budi" not in box
    assert not PersonalDataAccess.objects.exists()


def test_the_deadline_is_written_in_the_offices_zone(
    client, make_complaint, officer, template, office
):
    office.timezone = "Asia/Jayapura"
    office.save()
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="normatif")
    client.force_login(officer)
    box = answer_box(client, complaint, template)
    assert "WIT." in box


def test_the_form_offers_only_active_templates_and_ignores_another_offices(
    client, assigned, handler, officer, template, other_office
):
    services.save_reply_template(
        template.office, actor=officer, title="Lama", body="x", is_active=False
    )
    foreign = ReplyTemplate.objects.create(
        office=other_office,
        title="Milik B",
        body="Rahasia B",
        created_at=template.created_at,
        updated_at=template.created_at,
    )
    client.force_login(handler)
    page = client.get(assigned.get_staff_url()).content.decode()
    assert "Pakai templat" in page
    assert "Tindak lanjut</option>" in page
    assert "Lama</option>" not in page
    assert "Milik B" not in page
    unknown = client.get(assigned.get_staff_url(), {"templat": foreign.pk}).content.decode()
    assert "Rahasia B" not in unknown
    with pytest.raises(NotAllowed):
        services.fill_reply_template(foreign, assigned, user=handler)


def test_the_filled_text_is_escaped_in_the_page(client, assigned, handler, office, officer):
    tricky = services.save_reply_template(
        office, actor=officer, title="Tag", body="</textarea><script>alert(1)</script> {nomor}"
    )
    client.force_login(handler)
    page = client.get(assigned.get_staff_url(), {"templat": tricky.pk}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;" in page


# --- The pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "officer"])
def test_the_office_admin_or_the_pejabat_add_edit_and_deactivate_templates(
    client, office, who, request
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    base = reverse("complaints:staff_templates", args=["kantor-a"])
    assert client.get(base).status_code == 200
    add = reverse("complaints:staff_template_add", args=["kantor-a"])
    refused = client.post(add, {"title": "Salam", "body": "Yth. {nama_lengkap}", "is_active": "on"})
    assert refused.status_code == 400
    assert "Tanda isian tidak dikenal: {nama_lengkap}." in refused.content.decode()
    assert (
        client.post(add, {"title": "Salam", "body": "Yth. {nama}", "is_active": "on"}).status_code
        == 302
    )
    template = ReplyTemplate.objects.get()
    edit = reverse("complaints:staff_template_edit", args=["kantor-a", template.pk])
    assert client.get(edit).status_code == 200
    client.post(
        edit, {"title": "Salam pembuka", "body": "Dengan hormat, {nama}", "is_active": "on"}
    )
    template.refresh_from_db()
    assert (template.title, template.body, template.is_active) == (
        "Salam pembuka",
        "Dengan hormat, {nama}",
        True,
    )
    status = reverse("complaints:staff_template_active", args=["kantor-a", template.pk])
    client.post(status, {"aktif": "0"})
    template.refresh_from_db()
    assert template.is_active is False
    assert "Nonaktif" in client.get(base).content.decode()


def test_template_pages_are_403_for_a_colleague_and_404_for_another_office(
    client, office, template, handler, head, carol, other_office
):
    urls = [
        reverse("complaints:staff_templates", args=["kantor-a"]),
        reverse("complaints:staff_template_add", args=["kantor-a"]),
        reverse("complaints:staff_template_edit", args=["kantor-a", template.pk]),
    ]
    for user in (handler, head):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
    client.force_login(carol)
    for url in urls:
        assert client.get(url).status_code == 404
    # Carol's own office, with office A's template id: not found either.
    mine = reverse("complaints:staff_template_edit", args=["kantor-b", template.pk])
    assert client.get(mine).status_code == 404
    status = reverse("complaints:staff_template_active", args=["kantor-b", template.pk])
    assert client.post(status, {"aktif": "0"}).status_code == 404
    template.refresh_from_db()
    assert template.is_active is True
